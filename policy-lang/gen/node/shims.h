// Facts about the Kata shims kata-deploy installs, one row per shim.
//
// Sources: ../shared/reference/guest-components-and-kata.md §4 (config
// files, drop-in directory, Go vs runtime-rs annotation handling) and §5
// (RuntimeClass overheads, TEE labels and extended resources), read from
// kata-containers @7c6ba40c; overheads as in the kata-deploy Helm chart
// templates/runtimeclasses.yaml. Plain constant data; thread-safe.
#ifndef COCOPLANE_GEN_NODE_SHIMS_H_
#define COCOPLANE_GEN_NODE_SHIMS_H_

#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::gen::node {

enum class TeeKind { kNone, kSnp, kTdx, kSe };

enum class ShimRuntime {
  // Go containerd-shim-kata-v2: fails the sandbox on a hypervisor
  // annotation that enable_annotations does not allow.
  kGo,
  // runtime-rs: ignores such an annotation instead.
  kRust,
};

struct ShimFacts {
  // kata-deploy shim name, e.g. "qemu-snp"; RuntimeClass handler kata-<name>.
  std::string_view name;
  ShimRuntime runtime;
  TeeKind tee;
  // The [hypervisor.<x>] table of its configuration file; "" when the host
  // runs no hypervisor for it (peer pods: "remote").
  std::string_view hypervisor_table;
  // RuntimeClass overhead.podFixed.
  std::string_view overhead_memory;
  std::string_view overhead_cpu;
};

// The row for `shim`, or nullptr if cocoplane does not know it.
const ShimFacts* FindShim(std::string_view shim);

// Every known shim name, in table order (for error messages).
std::vector<std::string> KnownShims();

// Node label kata-deploy's NFD rule sets for the TEE, e.g.
// "amd.feature.node.kubernetes.io/snp"; "" for kNone.
std::string_view TeeNodeLabel(TeeKind tee);

// Extended resource one TEE guest consumes ("sev-snp.amd.com/esids",
// "tdx.intel.com/keys"), "" when the TEE has none.
std::string_view TeeExtendedResource(TeeKind tee);

}  // namespace cocoplane::gen::node

#endif  // COCOPLANE_GEN_NODE_SHIMS_H_
