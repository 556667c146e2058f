// NodePools and `pool NAME { ... }` blocks -> ir::PoolConstraints
// (SPEC.md §4.6). Every model NodePool gets constraints:
// - with a pool block: SPEC.md's defaults (annotations [cc_init_data],
//   debug forbidden) overridden by the block's settings; memory and vCPU
//   maxima default to the NodePool's kata.maxMemoryMiB / maxVcpus;
// - without one: what the NodePool's kata settings already make the runtime
//   do, so pod admission matches the node: its enableAnnotations (Kata's
//   build default when unset; only plain names, since entries are regexes
//   upstream), its maxima, and debug forbidden unless kata.debug.
#include <algorithm>
#include <limits>

#include "cpl/check/internal.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

// Kata's default_memory when the NodePool does not set one
// (guest-components-and-kata.md §4 "Keys operators change").
constexpr int64_t kKataDefaultMemoryMib = 2048;
constexpr std::string_view kInitDataAnnotation = "cc_init_data";

bool IsAnnotationName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<uint32_t> Maximum(const std::optional<model::Positioned<int64_t>>& v) {
  if (!v || v->value <= 0 || v->value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return static_cast<uint32_t>(v->value);
}

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void FromModel(const model::NodePool& pool, ir::PoolConstraints& out) {
  if (pool.kata.enable_annotations) {
    for (const auto& a : *pool.kata.enable_annotations) {
      if (IsAnnotationName(a.value)) out.allowed_annotations.push_back(a.value);
    }
  } else {
    for (std::string_view a : model::kDefaultEnableAnnotations) out.allowed_annotations.emplace_back(a);
  }
  SortUnique(out.allowed_annotations);
  out.debug_forbidden = !pool.kata.debug;
}

class PoolBlock {
 public:
  PoolBlock(Context& ctx, const DeclRef<PoolDecl>& ref, const model::NodePool& pool, ir::PoolConstraints& out)
      : ctx_(ctx), ref_(ref), ast_(*ref.scope->ast), pool_(pool), out_(out) {}

  void Run() {
    out_.allowed_annotations = {std::string(kInitDataAnnotation)};
    out_.debug_forbidden = true;
    out_.location = ast_.Locate(ref_.decl->name.span);
    for (const SettingStmt& s : ref_.decl->settings) Setting(s);
    if (out_.debug_forbidden && pool_.kata.debug) {
      ctx_.Emit(DiagKind::kCplPoolDebugConflict, debug_at_.value_or(out_.location),
                "pool `" + out_.name + "` forbids debug" + std::string(debug_at_ ? "" : " (the default)") +
                    ", but NodePool \"" + out_.name + "\" sets kata.debug: true",
                "write `debug allow`, or remove kata.debug from the NodePool");
    }
  }

 private:
  void Setting(const SettingStmt& s) {
    auto [it, inserted] = first_.emplace(s.kind, ast_.Locate(s.span));
    if (!inserted) {
      ctx_.Emit(DiagKind::kCplConflictingSetting, ast_.Locate(s.span),
                "`" + s.name.text + "` is set twice (first at " + it->second.ToString() + ")",
                "keep one of the two lines");
      return;
    }
    switch (s.kind) {
      case SettingKind::kAnnotations: return Annotations(s);
      case SettingKind::kMemory: return Max(s, &out_.memory_max_mib, MemoryDefault(), "default memory");
      case SettingKind::kVcpus: return Max(s, &out_.vcpus_max, VcpusDefault(), "default vCPUs");
      case SettingKind::kDebug:
        out_.debug_forbidden = s.verb == SettingVerb::kForbid;
        debug_at_ = ast_.Locate(s.span);
        return;
      case SettingKind::kKernelParams: return KernelParams(s);
      // Profile settings never parse inside a pool (CP4103).
      case SettingKind::kExec:
      case SettingKind::kLogs:
      case SettingKind::kStdin:
      case SettingKind::kCopyFile:
      case SettingKind::kVolumes:
      case SettingKind::kEnv:
      case SettingKind::kSetPolicy:
      case SettingKind::kDiagnostics: return;
    }
  }

  Value ValueOf(const SettingStmt& s) const { return Evaluate(ctx_, *ref_.scope, *s.value); }

  void Annotations(const SettingStmt& s) {
    auto read = [&](const Value& item) -> std::optional<std::string> {
      if (item.kind != Value::Kind::kName || !IsAnnotationName(item.text)) {
        ctx_.TypeError(item, "an annotation", "a name such as default_memory");
        return std::nullopt;
      }
      if (!IsKnownAnnotation(item.text)) {
        ctx_.Emit(DiagKind::kCplUnknownAnnotation, item.where(),
                  "`" + item.text + "` is not a Kata hypervisor annotation",
                  DidYouMean(item.text, KnownAnnotationSpellings(),
                             "names follow io.katacontainers.config.hypervisor. (guest-components-and-kata.md §4)"));
      }
      return item.text;
    };
    Value v = ValueOf(s);
    std::optional<std::vector<std::string>> names;
    if (v.kind == Value::Kind::kName) {
      if (auto one = read(v)) names = std::vector<std::string>{std::move(*one)};
    } else {
      names = ReadList<std::string>(ctx_, v, "`annotations allow`", read);
    }
    if (!names) return;
    SortUnique(*names);
    if (!std::binary_search(names->begin(), names->end(), std::string(kInitDataAnnotation))) {
      ctx_.Emit(DiagKind::kCplPoolNeedsInitData, v.where(), "the list leaves out cc_init_data",
                "every workload's initdata reaches the guest through the cc_init_data annotation; without it "
                "the Kata shim fails the pod (guest-components-and-kata.md §1.4)");
    }
    out_.allowed_annotations = std::move(*names);
  }

  // memory max / vcpus max: a positive integer, not below the NodePool's
  // default (the guest would not even boot with its default size).
  void Max(const SettingStmt& s, std::optional<uint32_t>* field, std::optional<double> floor, std::string_view what) {
    Value v = ValueOf(s);
    std::optional<int64_t> n = ReadInt(ctx_, v, "`" + s.name.text + " max`");
    if (!n) return;
    if (*n <= 0 || *n > std::numeric_limits<uint32_t>::max()) {
      ctx_.Emit(DiagKind::kCplValueOutOfRange, v.where(),
                "`" + s.name.text + " max` must be between 1 and " +
                    std::to_string(std::numeric_limits<uint32_t>::max()) + ", not " + std::to_string(*n),
                "memory is in MiB (64Gi = 65536)");
      return;
    }
    if (floor && static_cast<double>(*n) < *floor) {
      ctx_.Emit(DiagKind::kCplPoolBelowDefault, v.where(),
                "`" + s.name.text + " max " + std::to_string(*n) + "` is below NodePool \"" + out_.name + "\"'s " +
                    std::string(what) + " (" + FormatNumber(*floor) + ")",
                "raise the maximum, or lower the NodePool's kata default");
      return;
    }
    *field = static_cast<uint32_t>(*n);
  }

  std::optional<double> MemoryDefault() const {
    if (pool_.kata.default_memory_mib) return static_cast<double>(pool_.kata.default_memory_mib->value);
    return static_cast<double>(kKataDefaultMemoryMib);
  }
  std::optional<double> VcpusDefault() const {
    if (pool_.kata.default_vcpus) return pool_.kata.default_vcpus->value;
    return std::nullopt;
  }

  static std::string FormatNumber(double d) {
    if (d == static_cast<double>(static_cast<int64_t>(d))) return std::to_string(static_cast<int64_t>(d));
    return std::to_string(d);
  }

  void KernelParams(const SettingStmt& s) {
    auto params = ReadList<std::string>(ctx_, ValueOf(s), "`kernel_params`",
                                        [&](const Value& item) { return ReadString(ctx_, item, "a kernel parameter"); });
    if (params) out_.kernel_params = std::move(*params);
  }

  Context& ctx_;
  const DeclRef<PoolDecl>& ref_;
  const Ast& ast_;
  const model::NodePool& pool_;
  ir::PoolConstraints& out_;
  std::map<SettingKind, Location> first_;
  std::optional<Location> debug_at_;
};

}  // namespace

void LowerPools(Context& ctx, ir::Policy& policy) {
  for (const model::NodePool& pool : ctx.index.model().node_pools) {
    ir::PoolConstraints out;
    out.name = pool.metadata.name.value;
    out.tee = ctx.index.PoolTee(pool).value_or(ir::TeeKind::kSnp);
    out.location = pool.metadata.name.location;
    out.memory_max_mib = Maximum(pool.kata.max_memory_mib);
    out.vcpus_max = Maximum(pool.kata.max_vcpus);
    auto it = ctx.pools.find(out.name);
    if (it == ctx.pools.end()) {
      FromModel(pool, out);
    } else {
      PoolBlock(ctx, it->second, pool, out).Run();
    }
    policy.pools.push_back(std::move(out));
  }
}

}  // namespace cocoplane::cpl::check
