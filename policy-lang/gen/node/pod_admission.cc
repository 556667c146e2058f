#include "gen/node/pod_admission.h"

#include "base/regex.h"

namespace cocoplane::gen::node {
namespace {

// regexp.MatchString semantics: unanchored search in Go's syntax (RE2). A
// pattern that does not compile matches nothing (Go discards the error).
bool MatchesAny(const std::vector<std::string>& patterns, const std::string& name) {
  for (const auto& pattern : patterns) {
    Result<Regex> re = Regex::Compile(pattern);
    if (re.ok() && re->Search(name)) return true;
  }
  return false;
}

}  // namespace

AdmissionResult CheckAnnotations(ShimRuntime runtime,
                                 const std::vector<std::string>& enable_annotations,
                                 const std::map<std::string, std::string>& pod_annotations) {
  AdmissionResult result;
  for (const auto& entry : pod_annotations) {
    const std::string& name = entry.first;
    if (name.rfind(kHypervisorAnnotationPrefix, 0) != 0) continue;
    std::string short_name = name.substr(kHypervisorAnnotationPrefix.size());
    AnnotationDecision decision{name, AnnotationVerdict::kAllowed, ""};
    if (!MatchesAny(enable_annotations, short_name)) {
      decision.message = "annotation " + name + " is not enabled";
      switch (runtime) {
        case ShimRuntime::kGo:
          decision.verdict = AnnotationVerdict::kRejected;
          result.admitted = false;
          break;
        case ShimRuntime::kRust:
          decision.verdict = AnnotationVerdict::kIgnored;
          break;
      }
    }
    result.decisions.push_back(std::move(decision));
  }
  return result;
}

Result<AdmissionResult> PodAdmission(const KataPoolInput& pool,
                                     const std::map<std::string, std::string>& pod_annotations) {
  Result<KataDropIn> dropin = GenerateKataDropIn(pool);
  if (!dropin.ok()) return dropin.status();
  return CheckAnnotations(FindShim(pool.shim)->runtime, dropin->enable_annotations,
                          pod_annotations);
}

}  // namespace cocoplane::gen::node
