#include "gen/node/pod_admission.h"

#include <regex>

namespace cocoplane::gen::node {
namespace {

// regexp.MatchString semantics: unanchored search. A pattern that does not
// compile matches nothing (Go discards the error). std::regex reports bad
// patterns by exception; it is caught here and never leaves this function.
bool MatchesAny(const std::vector<std::string>& patterns, const std::string& name) {
  for (const auto& pattern : patterns) {
    try {
      if (std::regex_search(name, std::regex(pattern, std::regex::ECMAScript))) return true;
    } catch (const std::regex_error&) {
      continue;
    }
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
