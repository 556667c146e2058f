// Would a pool's Kata shim start a pod with these annotations?
//
// Go containerd-shim-kata-v2 fails the sandbox with "annotation <name> is
// not enabled" when an io.katacontainers.config.hypervisor.* annotation
// matches no enable_annotations entry (pkg/oci/utils.go addAnnotations,
// checkAnnotationNameIsValid: regexp.MatchString, unanchored, on the name
// after the prefix). runtime-rs ignores such an annotation instead
// (reference/guest-components-and-kata.md §4 "How gating works").
// Only hypervisor annotations are gated.
//
// Pure and thread-safe.
#ifndef COCOPLANE_GEN_NODE_POD_ADMISSION_H_
#define COCOPLANE_GEN_NODE_POD_ADMISSION_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "gen/node/kata_dropin.h"
#include "gen/node/shims.h"

namespace cocoplane::gen::node {

enum class AnnotationVerdict {
  // Some enable_annotations entry matches.
  kAllowed,
  // Go shim: the sandbox fails with `message`.
  kRejected,
  // runtime-rs: the annotation has no effect (logged, pod still starts).
  kIgnored,
};

struct AnnotationDecision {
  // Full annotation name as on the pod.
  std::string annotation;
  AnnotationVerdict verdict;
  // "annotation <name> is not enabled" for kRejected/kIgnored, else "".
  std::string message;
};

struct AdmissionResult {
  // False if any annotation is kRejected.
  bool admitted = true;
  // One entry per gated (hypervisor) annotation of the pod, sorted by name;
  // other annotations are not gated and not listed.
  std::vector<AnnotationDecision> decisions;
};

// Which of `pod_annotations` (full name -> value) would the shim refuse,
// given its `enable_annotations` entries? Entries are matched as unanchored
// regular expressions (std::regex ECMAScript here; Go uses RE2, which agrees
// for the ^name$ entries GenerateKataDropIn writes and for plain names). An
// entry that does not compile matches nothing, as in Go.
AdmissionResult CheckAnnotations(ShimRuntime runtime,
                                 const std::vector<std::string>& enable_annotations,
                                 const std::map<std::string, std::string>& pod_annotations);

// The same for a pool as GenerateKataDropIn() configures it. Errors are
// those of GenerateKataDropIn().
Result<AdmissionResult> PodAdmission(const KataPoolInput& pool,
                                     const std::map<std::string, std::string>& pod_annotations);

}  // namespace cocoplane::gen::node

#endif  // COCOPLANE_GEN_NODE_POD_ADMISSION_H_
