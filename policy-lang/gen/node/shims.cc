#include "gen/node/shims.h"

namespace cocoplane::gen::node {
namespace {

// Overheads: kata-deploy helm chart templates/runtimeclasses.yaml
// (runtimeClassConfigs); reference §5 lists the same values.
constexpr ShimFacts kShims[] = {
    {"qemu-snp", ShimRuntime::kGo, TeeKind::kSnp, "qemu", "2048Mi", "1.0"},
    {"qemu-tdx", ShimRuntime::kGo, TeeKind::kTdx, "qemu", "2048Mi", "1.0"},
    {"qemu-coco-dev", ShimRuntime::kGo, TeeKind::kNone, "qemu", "160Mi", "250m"},
    {"qemu-nvidia-gpu-snp", ShimRuntime::kGo, TeeKind::kSnp, "qemu", "10240Mi", "1.0"},
    {"qemu-nvidia-gpu-tdx", ShimRuntime::kGo, TeeKind::kTdx, "qemu", "10240Mi", "1.0"},
    {"qemu-se", ShimRuntime::kGo, TeeKind::kSe, "qemu", "1024Mi", "1.0"},
    {"qemu-snp-runtime-rs", ShimRuntime::kRust, TeeKind::kSnp, "qemu", "2048Mi", "1.0"},
    {"qemu-tdx-runtime-rs", ShimRuntime::kRust, TeeKind::kTdx, "qemu", "2048Mi", "1.0"},
    {"qemu-coco-dev-runtime-rs", ShimRuntime::kRust, TeeKind::kNone, "qemu", "320Mi", "250m"},
    {"qemu-nvidia-gpu-snp-runtime-rs", ShimRuntime::kRust, TeeKind::kSnp, "qemu", "10240Mi", "1.0"},
    {"qemu-nvidia-gpu-tdx-runtime-rs", ShimRuntime::kRust, TeeKind::kTdx, "qemu", "10240Mi", "1.0"},
    {"qemu-se-runtime-rs", ShimRuntime::kRust, TeeKind::kSe, "qemu", "1024Mi", "1.0"},
    // Peer pods: the VM runs in the cloud, the host has no hypervisor table.
    {"remote", ShimRuntime::kGo, TeeKind::kNone, "", "120Mi", "250m"},
};

}  // namespace

const ShimFacts* FindShim(std::string_view shim) {
  for (const auto& facts : kShims) {
    if (facts.name == shim) return &facts;
  }
  return nullptr;
}

std::vector<std::string> KnownShims() {
  std::vector<std::string> out;
  for (const auto& facts : kShims) out.emplace_back(facts.name);
  return out;
}

std::string_view TeeNodeLabel(TeeKind tee) {
  switch (tee) {
    case TeeKind::kSnp:
      return "amd.feature.node.kubernetes.io/snp";
    case TeeKind::kTdx:
      return "intel.feature.node.kubernetes.io/tdx";
    case TeeKind::kSe:
      return "feature.node.kubernetes.io/cpu-security.se.enabled";
    case TeeKind::kNone:
      return "";
  }
  return "";
}

std::string_view TeeExtendedResource(TeeKind tee) {
  switch (tee) {
    case TeeKind::kSnp:
      return "sev-snp.amd.com/esids";
    case TeeKind::kTdx:
      return "tdx.intel.com/keys";
    case TeeKind::kSe:
    case TeeKind::kNone:
      return "";
  }
  return "";
}

}  // namespace cocoplane::gen::node
