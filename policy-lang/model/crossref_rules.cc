// Rules that tie documents together once every reference is resolved.
#include <map>
#include <set>

#include "model/crossref.h"

namespace cocoplane::model {
namespace {

constexpr std::string_view kHypervisorPrefix = "io.katacontainers.config.hypervisor.";

bool IsSegmentChar(char c, bool first) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || c == '_' || c == '-' || (!first && c == '.');
}

void CheckResourcePaths(const Model& model, DiagnosticSink& sink) {
  std::map<std::string, const KbsResource*> seen;
  for (const auto& r : model.kbs_resources) {
    if (std::string problem = ResourcePathProblem(r.path.value); !problem.empty()) {
      sink.Emit(DiagKind::kBadResourcePath, r.path.location, problem,
                "a KBS resource path is repo/type/tag: exactly three segments, each matching "
                "^[a-zA-Z0-9_\\-]+[a-zA-Z0-9_\\-\\.]*$ (trustee.md §1)");
      continue;
    }
    auto [it, inserted] = seen.emplace(r.path.value, &r);
    if (inserted) continue;
    sink.Emit(DiagKind::kDuplicateResourcePath, r.path.location,
              "KbsResource \"" + r.metadata.name.value + "\" has the same path as \"" +
                  it->second->metadata.name.value + "\" (" + it->second->path.location.ToString() +
                  ")",
              "one KBS path holds one value; give each resource its own path");
  }
}

void CheckVtpm(const Model& model, DiagnosticSink& sink) {
  if (!model.cluster || model.cluster->initdata_algorithm.value == HashAlgorithm::kSha256) return;
  const Cluster& cluster = *model.cluster;
  for (const auto& w : model.workloads) {
    const NodePool* pool = model.FindNodePool(w.node_pool.value);
    if (!pool || !pool->tee || !IsVtpm(pool->tee->value)) continue;
    sink.Emit(DiagKind::kVtpmNeedsSha256, w.node_pool.location,
              "workload \"" + w.metadata.name.value + "\" runs on vTPM node pool \"" +
                  pool->metadata.name.value + "\" (" + std::string(TeeKindName(pool->tee->value)) +
                  ") but the Cluster's initdata algorithm is " +
                  std::string(HashAlgorithmName(cluster.initdata_algorithm.value)),
              "a vTPM extends PCR 8 with exactly 32 bytes (guest-components-and-kata.md §1.3): "
              "set initdataAlgorithm: sha256 at " +
                  cluster.initdata_algorithm.location.ToString());
  }
}

// Kata's enable_annotations entries are unanchored regexes over the name
// after "io.katacontainers.config.hypervisor." (guest-components-and-kata.md §4).
bool Enabled(const NodePool& pool, std::string_view suffix) {
  std::vector<std::string> patterns;
  if (pool.kata.enable_annotations) {
    for (const auto& p : *pool.kata.enable_annotations) patterns.push_back(p.value);
  } else {
    patterns.assign(std::begin(kDefaultEnableAnnotations), std::end(kDefaultEnableAnnotations));
  }
  // Unusable patterns were reported when the pool was decoded.
  for (const auto& pattern : patterns) {
    if (AnnotationPatternMatches(pattern, suffix)) return true;
  }
  return false;
}

void AnnotationNotEnabled(const NodePool& pool, const Location& at, const std::string& what,
                          std::string_view suffix, DiagnosticSink& sink) {
  sink.Emit(
      DiagKind::kPoolAnnotationNotEnabled, at,
      what + " needs annotation " + std::string(kHypervisorPrefix) + std::string(suffix) +
          ", which node pool \"" + pool.metadata.name.value + "\" does not enable",
      "add " + std::string(suffix) +
          " to the pool's kata.enableAnnotations; the Kata Go "
          "shim fails pods whose annotations are not enabled (guest-components-and-kata.md §4)");
}

void CheckPoolFit(const Model& model, DiagnosticSink& sink) {
  std::set<std::string> initdata_reported;
  for (const auto& w : model.workloads) {
    const NodePool* pool = model.FindNodePool(w.node_pool.value);
    if (!pool) continue;
    // Every workload carries its initdata in the cc_init_data annotation.
    if (!Enabled(*pool, "cc_init_data") &&
        initdata_reported.insert(pool->metadata.name.value).second) {
      AnnotationNotEnabled(*pool, w.node_pool.location,
                           "workload \"" + w.metadata.name.value + "\"", "cc_init_data", sink);
    }
    if (w.memory_mib && !Enabled(*pool, "default_memory")) {
      AnnotationNotEnabled(*pool, w.memory_mib->location, "memoryMiB", "default_memory", sink);
    }
    for (const auto& a : w.annotations) {
      if (a.value.rfind(kHypervisorPrefix, 0) != 0) continue;
      std::string_view suffix = std::string_view(a.value).substr(kHypervisorPrefix.size());
      if (!Enabled(*pool, suffix))
        AnnotationNotEnabled(*pool, a.location, "the workload", suffix, sink);
    }
    const auto& max = pool->kata.max_memory_mib;
    if (w.memory_mib && max && w.memory_mib->value > max->value) {
      sink.Emit(DiagKind::kMemoryAboveMaximum, w.memory_mib->location,
                "memoryMiB " + std::to_string(w.memory_mib->value) + " exceeds node pool \"" +
                    pool->metadata.name.value + "\" maxMemoryMiB " + std::to_string(max->value),
                "lower memoryMiB or raise maxMemoryMiB at " + max->location.ToString());
    }
  }
}

std::string_view KindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kUnspecified:
      return "";
    case ResourceKind::kKey:
      return "key";
    case ResourceKind::kCredential:
      return "credential";
    case ResourceKind::kCertificate:
      return "certificate";
    case ResourceKind::kPolicy:
      return "policy";
    case ResourceKind::kOther:
      return "other";
  }
  return "";
}

void CheckKind(const Model& model, const std::optional<Positioned<std::string>>& ref,
               ResourceKind expected, std::string_view use, DiagnosticSink& sink) {
  if (!ref) return;
  const KbsResource* r = model.FindKbsResource(ref->value);
  if (!r || r->kind == ResourceKind::kUnspecified || r->kind == ResourceKind::kOther ||
      r->kind == expected) {
    return;
  }
  sink.Emit(DiagKind::kResourceKindMismatch, ref->location,
            std::string(use) + " \"" + ref->value + "\" is a resource of kind " +
                std::string(KindName(r->kind)) + "; expected " + std::string(KindName(expected)),
            "check that the right resource is referenced, or fix its spec.kind at " +
                r->kind_location.ToString());
}

void CheckResourceKinds(const Model& model, DiagnosticSink& sink) {
  for (const auto& w : model.workloads) {
    CheckKind(model, w.registry_credential, ResourceKind::kCredential, "registryCredential", sink);
    CheckKind(model, w.tls_key, ResourceKind::kKey, "tlsKey", sink);
    CheckKind(model, w.tls_certificate, ResourceKind::kCertificate, "tlsCertificate", sink);
    for (const auto& v : w.encrypted_volumes) {
      CheckKind(model, v.key, ResourceKind::kKey, "encrypted volume key", sink);
    }
  }
}

void CheckKbsUrl(const Model& model, DiagnosticSink& sink) {
  const TrusteeProfile* profile = model.ClusterProfile();
  if (!profile || profile->type.value != ProfileType::kRestricted) return;
  const Positioned<std::string>& url = model.cluster->kbs_url;
  if (url.value.rfind("http://", 0) != 0) return;
  sink.Emit(DiagKind::kKbsUrlScheme, url.location,
            "the Restricted profile \"" + profile->metadata.name.value +
                "\" serves the KBS over HTTPS only, but kbs.url is http://",
            "use https:// (trustee.md §6: Restricted = HTTPS, token verification)");
}

void CheckGpuPools(const Model& model, DiagnosticSink& sink) {
  for (const auto& pool : model.node_pools) {
    if (!pool.confidential_gpu.value || !pool.tee) continue;
    TeeKind tee = pool.tee->value;
    if (tee == TeeKind::kSnp || tee == TeeKind::kTdx) continue;
    sink.Emit(DiagKind::kNotApplicable, pool.confidential_gpu.location,
              "confidential GPUs need an snp or tdx pool, not " + std::string(TeeKindName(tee)),
              "Kata ships nvidia-gpu shims for SNP and TDX only (guest-components-and-kata.md §5)");
  }
}

}  // namespace

std::string ResourcePathProblem(std::string_view path) {
  if (path.empty()) return "resource path is empty";
  if (path[0] == '/') return "resource path \"" + std::string(path) + "\" starts with '/'";
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (segments.size() != 3) {
    return "resource path \"" + std::string(path) + "\" has " + std::to_string(segments.size()) +
           " segment" + (segments.size() == 1 ? "" : "s") +
           "; the KBS needs exactly 3 (repo/type/tag)";
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view seg = segments[i];
    if (seg.empty())
      return "segment " + std::to_string(i + 1) + " of resource path \"" + std::string(path) +
             "\" is empty";
    for (size_t j = 0; j < seg.size(); ++j) {
      if (!IsSegmentChar(seg[j], j == 0)) {
        return "segment \"" + std::string(seg) + "\" of resource path \"" + std::string(path) +
               "\" is not allowed by the KBS";
      }
    }
  }
  return "";
}

void CheckRules(const Model& model, DiagnosticSink& sink) {
  CheckResourcePaths(model, sink);
  CheckVtpm(model, sink);
  CheckPoolFit(model, sink);
  CheckResourceKinds(model, sink);
  CheckKbsUrl(model, sink);
  CheckGpuPools(model, sink);
}

}  // namespace cocoplane::model
