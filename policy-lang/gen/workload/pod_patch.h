// The Kubernetes strategic-merge patch that makes a pod a confidential pod:
// runtime class, initdata annotation and, optionally, a fixed memory size.
//
// Facts (../shared/reference/guest-components-and-kata.md §1.4, §4):
// - io.katacontainers.config.hypervisor.cc_init_data carries the initdata
//   (base64std(gzip(toml))). containerd must pass io.katacontainers.* through
//   and the runtime's enable_annotations must allow "cc_init_data"; the Go
//   shim fails the pod otherwise (§0 gotcha 5).
// - io.katacontainers.config.hypervisor.default_memory sets the guest memory
//   in MiB (a string, as every annotation value is); it is in the CoCo
//   default enable_annotations list. A TEE guest cannot grow its memory after
//   launch (static_sandbox_resource_mgmt), so the containers get equal
//   requests and limits of the same size and the scheduler reserves what the
//   guest really uses.
//
// Output: JSON, keys sorted at every level, 2-space indent, trailing LF:
//   {"metadata":{"annotations":{<cc_init_data>, <default_memory>?}},
//    "spec":{"containers":[{"name":…,"resources":{"limits":{"memory":"<MiB>Mi"},
//                                                 "requests":{"memory":"<MiB>Mi"}}}…]?,
//            "runtimeClassName":…}}
// Containers appear in the given order (strategic merge matches them by
// name, so order carries no meaning) and only when memory is set.
//
// Contract: pure; InvalidArgument on a runtime class that is not a DNS
// subdomain, a container name that is not a DNS label or repeats, an empty or
// non-base64 annotation, or zero memory. Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_POD_PATCH_H_
#define COCOPLANE_GEN_WORKLOAD_POD_PATCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace cocoplane::gen::workload {

inline constexpr char kDefaultMemoryAnnotation[] =
    "io.katacontainers.config.hypervisor.default_memory";

struct PodPatchInput {
  // e.g. "kata-qemu-snp".
  std::string runtime_class_name{};
  // InitdataAnnotationValue() of the workload's initdata.
  std::string initdata_annotation{};
  // Guest memory in MiB; absent = the runtime's default_memory.
  std::optional<uint64_t> memory_mib{};
  // Containers that get memory requests = limits = memory_mib.
  std::vector<std::string> container_names{};
};

Result<std::string> RenderPodPatch(const PodPatchInput& input);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_POD_PATCH_H_
