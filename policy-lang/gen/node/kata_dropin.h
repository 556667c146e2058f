// The Kata host configuration drop-in for one pool:
//   <prefix>/share/defaults/kata-containers/runtimes/<shim>/config.d/50-cocoplane.toml
//
// How drop-ins work (reference/guest-components-and-kata.md §4): config.d/
// sits next to the resolved configuration-<shim>.toml; files apply in name
// order, tables merge key by key, and arrays and scalars REPLACE the main
// file's value. Prefix 50 is in the range reserved for users (50-89).
// Consequences this generator acts on:
//   - enable_annotations replaces the build default
//     (["enable_iommu","kernel_params",...,"cc_init_data"]), so the list must
//     name cc_init_data (the initdata annotation) and every hypervisor
//     annotation the pool's workloads use.
//   - kernel_params replaces the shipped command line; it is written only
//     when the pool sets it (and it changes the measured command line on
//     SNP and TDX).
//
// How gating works: every enable_annotations entry is an UNANCHORED regular
// expression matched against the annotation name after
// "io.katacontainers.config.hypervisor." (Go pkg/oci/utils.go
// checkAnnotationNameIsValid -> regexp.MatchString). "default_memory" would
// also admit "default_memory_foo", so each name is written as "^name$".
// The Go shim fails the sandbox ("annotation X is not enabled") on a gated
// annotation that no entry matches; runtime-rs ignores it. PodAdmission()
// (pod_admission.h) answers which annotations of a pod a pool would reject.
//
// Pure and thread-safe. Output is deterministic (sorted keys and names).
#ifndef COCOPLANE_GEN_NODE_KATA_DROPIN_H_
#define COCOPLANE_GEN_NODE_KATA_DROPIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace cocoplane::gen::node {

// Prefix of every gated annotation.
inline constexpr std::string_view kHypervisorAnnotationPrefix =
    "io.katacontainers.config.hypervisor.";
// The initdata annotation (short name); always enabled.
inline constexpr std::string_view kInitdataAnnotation = "cc_init_data";

struct KataPoolInput {
  // kata-deploy shim, e.g. "qemu-snp" (shims.h); must run a host hypervisor.
  std::string shim;
  // Guest memory in MiB at boot (> 0) and the hotplug ceiling (0 = Kata's
  // default, all host memory; otherwise >= default_memory_mib).
  uint32_t default_memory_mib = 2048;
  uint32_t default_maxmemory_mib = 0;
  // Boot vCPUs (> 0; may be fractional, Kata rounds up for the VM) and the
  // ceiling (0 = all host CPUs; otherwise >= default_vcpus).
  double default_vcpus = 1;
  uint32_t default_maxvcpus = 0;
  // Hypervisor annotations the pool's workloads set: short names
  // ("default_memory") or full names with kHypervisorAnnotationPrefix.
  // cc_init_data is added; duplicates are dropped.
  std::vector<std::string> annotations;
  // Unset = keep the shipped kernel_params.
  std::optional<std::string> kernel_params;
  bool enable_debug = false;
  // Install prefix; "" = "/opt/kata" (kata-deploy).
  std::string kata_prefix;
};

struct KataDropIn {
  // Absolute target path on the node.
  std::string path;
  // The TOML text, ending in "\n".
  std::string text;
  // The enable_annotations entries written ("^cc_init_data$", ...), sorted.
  std::vector<std::string> enable_annotations;
};

// Renders the drop-in. kInvalidArgument: unknown shim (lists known ones), a
// shim without host hypervisor (remote), zero memory or vCPUs, a ceiling
// below its default, an annotation that is not a hypervisor annotation or
// whose name is not [A-Za-z0-9_]+, kernel_params with control characters.
Result<KataDropIn> GenerateKataDropIn(const KataPoolInput& pool);

}  // namespace cocoplane::gen::node

#endif  // COCOPLANE_GEN_NODE_KATA_DROPIN_H_
