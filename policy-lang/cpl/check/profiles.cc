// `agent profile NAME { ... }` -> ir::AgentProfile (SPEC.md §4.3).
//
// Defaults are genpolicy's (guest-components-and-kata.md §3 "genpolicy
// output"): no exec, no logs, no stdin, SetPolicy and GetDiagnosticData
// denied, copy_file limited to the shared-files prefix, every volume kind
// but host_path. The implicit profile `default` (check.h) is exactly these
// defaults unless CPL declares `agent profile default`.
//
// Volumes: the agent policy can tell a host-path mount and a plain
// (unencrypted) disk-backed emptyDir apart from everything else
// (cpl/ir/agent_facts.h), so `deny host_path`, `deny plain_empty_dir` and
// `require encrypted_empty_dir` are enforced, and so are the same
// exclusions implied by an `allow` list. Any other exclusion cannot be
// enforced: an explicit `deny` of it is an error (CP5060), an allow list
// that leaves it out a warning (CP5061).
#include <algorithm>
#include <bitset>

#include "cpl/check/check.h"
#include "cpl/check/internal.h"
#include "cpl/check/shells.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

using Kinds = std::bitset<kVolumeKindCount>;

size_t Bit(VolumeKind kind) { return static_cast<size_t>(kind); }

ir::AgentProfile DefaultProfile(std::string name) {
  ir::AgentProfile p;
  p.name = std::move(name);
  p.volumes.deny_host_path = true;
  return p;
}

// A literal string as an anchored regex: `env allow ["A=b"]`.
std::string ExactRegex(std::string_view text) {
  std::string out = "^";
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out + "$";
}

class ProfileLowering {
 public:
  ProfileLowering(Context& ctx, const DeclRef<AgentProfileDecl>& ref)
      : ctx_(ctx), ref_(ref), ast_(*ref.scope->ast), out_(DefaultProfile(ref.decl->name.text)) {
    out_.location = ast_.Locate(ref.decl->name.span);
  }

  ir::AgentProfile Run() {
    for (const SettingStmt& s : ref_.decl->settings) Setting(s);
    FinishVolumes();
    return std::move(out_);
  }

 private:
  void Setting(const SettingStmt& s) {
    switch (s.kind) {
      case SettingKind::kExec: return Exec(s);
      case SettingKind::kLogs: return Once(s, out_.logs_access);
      case SettingKind::kStdin: return Once(s, out_.stdin_access);
      case SettingKind::kSetPolicy: return Once(s, out_.set_policy);
      case SettingKind::kDiagnostics: return Once(s, out_.diagnostics);
      case SettingKind::kCopyFile: return CopyFile(s);
      case SettingKind::kVolumes: return Volumes(s);
      case SettingKind::kEnv: return Env(s);
      // Pool settings never parse inside a profile (CP4103).
      case SettingKind::kAnnotations:
      case SettingKind::kMemory:
      case SettingKind::kVcpus:
      case SettingKind::kDebug:
      case SettingKind::kKernelParams: return;
    }
  }

  Location At(const SettingStmt& s) const { return ast_.Locate(s.span); }
  Value ValueOf(const SettingStmt& s) const { return Evaluate(ctx_, *ref_.scope, *s.value); }

  void Conflict(const SettingStmt& s, const Location& first, std::string why) {
    ctx_.Emit(DiagKind::kCplConflictingSetting, At(s), why + " (first at " + first.ToString() + ")",
              "keep one of the two lines");
  }

  // logs, stdin, set_policy, diagnostics: allow or deny, once.
  void Once(const SettingStmt& s, ir::Permission& field) {
    auto [it, inserted] = first_.emplace(s.kind, At(s));
    if (!inserted) return Conflict(s, it->second, "`" + s.name.text + "` is set twice");
    field = s.verb == SettingVerb::kAllow ? ir::Permission::kAllow : ir::Permission::kDeny;
  }

  // `exec deny` excludes `exec allow`; allow lines add up.
  void Exec(const SettingStmt& s) {
    bool deny = s.verb == SettingVerb::kDeny;
    auto& first = deny ? exec_deny_ : exec_allow_;
    auto& other = deny ? exec_allow_ : exec_deny_;
    if (other) return Conflict(s, *other, "`exec deny` cannot be combined with `exec allow`");
    if (deny && first) return Conflict(s, *first, "`exec deny` is set twice");
    if (!first) first = At(s);
    if (deny) return;
    Value v = ValueOf(s);
    if (v.kind == Value::Kind::kRegex) {
      if (!CheckRegex(ctx_, v)) return;
      out_.exec.allow_regexes.push_back(v.text);
      NoteShell(v, ShellMatchedBy(v.text));
      return;
    }
    auto argv = ReadList<std::string>(ctx_, v, "`exec allow`",
                                      [&](const Value& item) { return ReadString(ctx_, item, "an argv entry"); });
    if (!argv) return;
    if (argv->empty()) {
      ctx_.Emit(DiagKind::kCplValueOutOfRange, v.where(), "an empty argv allows nothing",
                "list the command and its arguments, e.g. [\"/usr/bin/healthcheck\", \"--quiet\"]");
      return;
    }
    NoteShell(v, ShellInArgv(*argv));
    out_.exec.allow_argv.push_back(std::move(*argv));
  }

  void NoteShell(const Value& v, std::string shell) {
    if (shell.empty()) return;
    ctx_.shell_execs.emplace(out_.name, Context::ShellExec{v.where(), std::move(shell)});
  }

  void CopyFile(const SettingStmt& s) {
    bool deny = s.verb == SettingVerb::kDeny;
    auto& first = deny ? copy_deny_ : copy_allow_;
    auto& other = deny ? copy_allow_ : copy_deny_;
    if (other) return Conflict(s, *other, "`copy_file deny` cannot be combined with `copy_file allow`");
    if (deny && first) return Conflict(s, *first, "`copy_file deny` is set twice");
    if (!first) first = At(s);
    if (deny) {
      out_.copy_file.permission = ir::Permission::kDeny;
      return;
    }
    auto read = [&](const Value& item) -> std::optional<std::string> {
      std::optional<std::string> prefix = ReadString(ctx_, item, "a copy_file prefix");
      if (prefix && (prefix->empty() || prefix->front() != '/')) {
        ctx_.Emit(DiagKind::kCplValueOutOfRange, item.where(), "copy_file prefix \"" + *prefix + "\" is not absolute",
                  "CopyFileRequest paths are absolute guest paths, e.g. \"/etc/app/\"");
        return std::nullopt;
      }
      return prefix;
    };
    auto prefixes = ReadList<std::string>(ctx_, ValueOf(s), "`copy_file allow`", read);
    if (!prefixes) return;
    for (auto& p : *prefixes) out_.copy_file.allow_prefixes.push_back(std::move(p));
  }

  void Env(const SettingStmt& s) {
    Value v = ValueOf(s);
    out_.env.restricted = true;
    if (v.kind != Value::Kind::kList) return EnvEntry(v);
    for (const Value& item : v.items) EnvEntry(item);
  }

  void EnvEntry(const Value& v) {
    if (v.kind == Value::Kind::kRegex) {
      if (CheckRegex(ctx_, v)) out_.env.allow_regexes.push_back(v.text);
      return;
    }
    if (v.kind == Value::Kind::kString) {
      out_.env.allow_regexes.push_back(ExactRegex(v.text));
      return;
    }
    ctx_.TypeError(v, "an `env allow` entry", "a string \"NAME=value\" or a regex");
  }

  // ---- volumes
  void Volumes(const SettingStmt& s) {
    std::optional<Kinds> kinds = VolumeKinds(ValueOf(s));
    if (!kinds) return;
    switch (s.verb) {
      case SettingVerb::kAllow:
        allowed_ |= *kinds;
        if (!allow_at_) allow_at_ = At(s);
        return;
      case SettingVerb::kDeny: return Deny(s, *kinds);
      case SettingVerb::kRequire: return Require(s, *kinds);
      case SettingVerb::kNone:
      case SettingVerb::kForbid:
      case SettingVerb::kMax: return;
    }
  }

  std::optional<Kinds> VolumeKinds(const Value& v) {
    auto read = [&](const Value& item) -> std::optional<VolumeKind> {
      if (item.kind != Value::Kind::kName) {
        ctx_.TypeError(item, "a volume kind", "a name such as host_path or encrypted_empty_dir");
        return std::nullopt;
      }
      if (auto kind = VolumeKindFromName(item.text)) return kind;
      ctx_.Emit(DiagKind::kCplUnknownMember, item.where(), "`" + item.text + "` is not a volume kind",
                DidYouMean(item.text, VolumeKindSpellings(), "see SPEC.md §4.3 for the volume kinds"));
      return std::nullopt;
    };
    std::vector<VolumeKind> list;
    if (v.kind == Value::Kind::kList) {
      auto many = ReadList<VolumeKind>(ctx_, v, "a volume list", read);
      if (!many) return std::nullopt;
      list = std::move(*many);
    } else {
      auto one = read(v);
      if (!one) return std::nullopt;
      list.push_back(*one);
    }
    Kinds out;
    for (VolumeKind k : list) out.set(Bit(k));
    return out;
  }

  void Deny(const SettingStmt& s, const Kinds& kinds) {
    if ((kinds & allowed_).any()) return Conflict(s, *allow_at_, "this denies a volume kind `volumes allow` lists");
    denied_ |= kinds;
    Kinds unenforced = kinds;
    unenforced.reset(Bit(VolumeKind::kHostPath));
    unenforced.reset(Bit(VolumeKind::kPlainEmptyDir));
    if (unenforced.any()) {
      ctx_.Emit(DiagKind::kCplVolumeNotEnforceable, At(s),
                "the agent policy cannot refuse " + KindList(unenforced) + " volumes",
                "only host_path and plain_empty_dir can be denied (cpl/ir/agent_facts.h); remove the rest");
    }
  }

  void Require(const SettingStmt& s, const Kinds& kinds) {
    for (size_t i = 0; i < kinds.size(); ++i) {
      if (!kinds.test(i)) continue;
      auto kind = static_cast<VolumeKind>(i);
      if (!IsEmptyDirVariant(kind)) {
        ctx_.Emit(DiagKind::kCplTypeMismatch, At(s), "`volumes require` takes an emptyDir kind, not " +
                                                         std::string(VolumeKindName(kind)),
                  "write `volumes require encrypted_empty_dir`");
      } else if (kind == VolumeKind::kEncryptedEmptyDir) {
        out_.volumes.require_encrypted_empty_dir = true;
      } else if (kind != VolumeKind::kEmptyDir) {
        ctx_.Emit(DiagKind::kCplVolumeNotEnforceable, At(s),
                  "the agent policy cannot require " + std::string(VolumeKindName(kind)) + " volumes",
                  "only `volumes require encrypted_empty_dir` is enforced");
      }
    }
  }

  void FinishVolumes() {
    if (allow_at_) {
      Kinds allowed = allowed_;
      if (allowed.test(Bit(VolumeKind::kEmptyDir))) {
        for (auto k : {VolumeKind::kEncryptedEmptyDir, VolumeKind::kPlainEmptyDir, VolumeKind::kMemoryEmptyDir}) {
          allowed.set(Bit(k));
        }
      }
      allowed.set(Bit(VolumeKind::kEmptyDir));
      out_.volumes.deny_host_path = !allowed.test(Bit(VolumeKind::kHostPath));
      if (!allowed.test(Bit(VolumeKind::kPlainEmptyDir))) out_.volumes.require_encrypted_empty_dir = true;
      Kinds unenforced = ~allowed;
      unenforced.reset(Bit(VolumeKind::kHostPath));
      unenforced.reset(Bit(VolumeKind::kPlainEmptyDir));
      if (unenforced.any()) {
        ctx_.Emit(DiagKind::kCplVolumeAllowPartial, *allow_at_,
                  "the agent policy cannot refuse " + KindList(unenforced) + " volumes, which this list leaves out",
                  "only host_path and plain_empty_dir are refused when not listed; the others stay allowed");
      }
    }
    if (denied_.test(Bit(VolumeKind::kHostPath))) out_.volumes.deny_host_path = true;
    if (denied_.test(Bit(VolumeKind::kPlainEmptyDir))) out_.volumes.require_encrypted_empty_dir = true;
  }

  static std::string KindList(const Kinds& kinds) {
    std::string out;
    for (size_t i = 0; i < kinds.size(); ++i) {
      if (kinds.test(i)) out += (out.empty() ? "" : ", ") + std::string(VolumeKindName(static_cast<VolumeKind>(i)));
    }
    return out;
  }

  Context& ctx_;
  const DeclRef<AgentProfileDecl>& ref_;
  const Ast& ast_;
  ir::AgentProfile out_;
  std::map<SettingKind, Location> first_;
  std::optional<Location> exec_allow_, exec_deny_, copy_allow_, copy_deny_, allow_at_;
  Kinds allowed_, denied_;
};

bool NeedsDefault(const ir::Policy& policy) {
  return std::any_of(policy.workloads.begin(), policy.workloads.end(),
                     [](const ir::Workload& w) { return w.agent_profile == kDefaultProfileName; });
}

}  // namespace

void LowerProfiles(Context& ctx, ir::Policy& policy) {
  for (const auto& [name, ref] : ctx.profiles) policy.agent_profiles.push_back(ProfileLowering(ctx, ref).Run());
  if (ctx.profiles.count(kDefaultProfileName) == 0 && NeedsDefault(policy)) {
    policy.agent_profiles.push_back(DefaultProfile(std::string(kDefaultProfileName)));
    std::sort(policy.agent_profiles.begin(), policy.agent_profiles.end(),
              [](const ir::AgentProfile& a, const ir::AgentProfile& b) { return a.name < b.name; });
  }
}

}  // namespace cocoplane::cpl::check
