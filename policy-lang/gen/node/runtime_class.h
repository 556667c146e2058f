// The RuntimeClass for a pool (reference/guest-components-and-kata.md §5):
//
//   apiVersion: node.k8s.io/v1
//   kind: RuntimeClass
//   metadata: {name: kata-qemu-snp, labels: {app.kubernetes.io/managed-by: cocoplane}}
//   handler: kata-qemu-snp
//   overhead:
//     podFixed: {memory: 2048Mi, cpu: "1.0", sev-snp.amd.com/esids: "1"}
//   scheduling:
//     nodeSelector: {katacontainers.io/kata-runtime: "true", <pool labels>}
//
// The handler is the containerd runtime kata-deploy registers, kata-<shim>.
// Overheads come from the shim table (shims.h). SNP and TDX guests also
// consume one unit of the extended resource kata-deploy's NodeFeatureRule
// `kata-tee-keys` advertises (sev-snp.amd.com/esids, tdx.intel.com/keys);
// without that rule the resource does not exist and pods stay Pending, so
// it can be switched off.
//
// Pure and thread-safe; deterministic (labels sorted).
#ifndef COCOPLANE_GEN_NODE_RUNTIME_CLASS_H_
#define COCOPLANE_GEN_NODE_RUNTIME_CLASS_H_

#include <map>
#include <string>

#include "base/status.h"

namespace cocoplane::gen::node {

// Label every kata-deploy node carries; always in the nodeSelector.
inline constexpr std::string_view kKataRuntimeLabel = "katacontainers.io/kata-runtime";

struct RuntimeClassInput {
  // kata-deploy shim, e.g. "qemu-snp".
  std::string shim;
  // metadata.name; "" = "kata-<shim>".
  std::string name;
  // The pool's node labels (NFD or own), added to the nodeSelector. Keys and
  // values must be valid Kubernetes label keys and values.
  std::map<std::string, std::string> node_selector;
  // Add kata-deploy's TEE label (amd.feature.node.kubernetes.io/snp, ...)
  // as kata-deploy's chart does when NFD is present.
  bool tee_node_label = false;
  // Add the TEE extended resource to overhead.podFixed (SNP/TDX only).
  bool tee_extended_resources = true;
};

// The RuntimeClass YAML document (no leading "---"). kInvalidArgument: an
// unknown shim, a bad name, a bad label key or value, or a nodeSelector that
// sets katacontainers.io/kata-runtime to something other than "true".
Result<std::string> GenerateRuntimeClass(const RuntimeClassInput& input);

}  // namespace cocoplane::gen::node

#endif  // COCOPLANE_GEN_NODE_RUNTIME_CLASS_H_
