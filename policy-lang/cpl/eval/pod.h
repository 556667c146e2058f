// Pod admission for a node pool: would a pod with these annotations and
// resources run on this pool's Kata runtime as the pool's constraints say?
//
// Rules (guest-components-and-kata.md §4 "Annotations"):
// - only io.katacontainers.config.hypervisor.* annotations are gated; each
//   must name an allowed annotation exactly (the Go shim fails the sandbox
//   on a non-enabled one, so admitting it would only fail later);
// - memory and vCPUs must not exceed the pool maxima, both as requested and
//   as set through the default_memory / default_vcpus annotations;
// - with debug forbidden, a kernel_params annotation must not enable the
//   agent debug console (agent.debug_console).
//
// Pure; thread-safe.
#ifndef COCOPLANE_CPL_EVAL_POD_H_
#define COCOPLANE_CPL_EVAL_POD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cpl/ir/ir.h"

namespace cocoplane::cpl::eval {

struct PodDecision {
  bool admitted = true;
  // Every violation, in a stable order; empty when admitted.
  std::vector<std::string> reasons;
};

inline constexpr std::string_view kHypervisorAnnotationPrefix = "io.katacontainers.config.hypervisor.";

PodDecision EvaluatePod(const ir::PoolConstraints& pool, const std::map<std::string, std::string>& annotations,
                        uint32_t memory_mib, uint32_t vcpus);

}  // namespace cocoplane::cpl::eval

#endif  // COCOPLANE_CPL_EVAL_POD_H_
