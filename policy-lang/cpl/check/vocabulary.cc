#include "cpl/check/vocabulary.h"

#include <array>

#include "base/strings.h"

namespace cocoplane::cpl::check {
namespace {

constexpr std::array<std::string_view, 6> kPlainRoots = {"tee",  "ear", "trust", "gpu", "init_data",
                                                         "init_data_claims"};

constexpr std::array<std::string_view, kVolumeKindCount> kVolumeKinds = {
    "host_path", "empty_dir", "encrypted_empty_dir", "plain_empty_dir", "memory_empty_dir", "config_map",
    "secret",    "projected", "downward_api",        "persistent_volume", "image"};

// guest-components-and-kata.md §4 "Annotations" (Go annotations.go, Rust
// kata-types annotations/mod.rs).
constexpr std::array<std::string_view, 21> kAnnotations = {
    "kernel",          "image",          "initrd",        "firmware",        "path",
    "kernel_params",   "kernel_verity_params", "machine_type", "cpu_features", "default_vcpus",
    "default_max_vcpus", "default_memory", "memory_slots", "enable_iommu", "enable_hugepages",
    "shared_fs",       "cold_plug_vfio", "hot_plug_vfio", "default_gpus",    "default_gpu_model",
    "cc_init_data"};
constexpr std::array<std::string_view, 2> kAnnotationPrefixes = {"virtio_fs_", "block_device_"};
constexpr std::string_view kAnnotationHashSuffix = "_hash";

template <size_t N>
std::vector<std::string> ToStrings(const std::array<std::string_view, N>& words) {
  return std::vector<std::string>(words.begin(), words.end());
}

}  // namespace

std::optional<ir::TeeKind> TeeFromCpl(std::string_view name) {
  for (ir::TeeKind tee : ir::AllTeeKinds()) {
    if (ir::TeeEvidenceKey(tee) == name || ir::TeeName(tee) == name) return tee;
  }
  return std::nullopt;
}

std::string TeeSpelling(ir::TeeKind tee) { return std::string(ir::TeeEvidenceKey(tee)); }

std::vector<std::string> TeeSpellings() {
  std::vector<std::string> out;
  for (ir::TeeKind tee : ir::AllTeeKinds()) out.push_back(TeeSpelling(tee));
  return out;
}

std::string TeeList() {
  std::string out;
  for (const std::string& s : TeeSpellings()) out += (out.empty() ? "" : ", ") + s;
  return out;
}

ir::TeeKind ToIrTee(model::TeeKind tee) {
  switch (tee) {
    case model::TeeKind::kSnp: return ir::TeeKind::kSnp;
    case model::TeeKind::kTdx: return ir::TeeKind::kTdx;
    case model::TeeKind::kAzSnpVtpm: return ir::TeeKind::kAzSnpVtpm;
    case model::TeeKind::kAzTdxVtpm: return ir::TeeKind::kAzTdxVtpm;
    case model::TeeKind::kSe: return ir::TeeKind::kSe;
    case model::TeeKind::kSample: return ir::TeeKind::kSample;
  }
  return ir::TeeKind::kSnp;
}

std::vector<std::string> EarStatusSpellings() {
  return {"affirming", "warning", "contraindicated", "none"};
}

std::vector<std::string> TrustClaimSpellings() {
  std::vector<std::string> out;
  for (ir::TrustClaim claim : ir::AllTrustClaims()) out.emplace_back(ir::TrustClaimName(claim));
  return out;
}

bool IsPlainPathRoot(std::string_view name) {
  for (std::string_view root : kPlainRoots) {
    if (root == name) return true;
  }
  return false;
}

bool IsPathRoot(std::string_view name) { return IsPlainPathRoot(name) || TeeFromCpl(name).has_value(); }

std::vector<std::string> PathRootSpellings() {
  std::vector<std::string> out = ToStrings(kPlainRoots);
  for (const std::string& tee : TeeSpellings()) out.push_back(tee);
  return out;
}

std::optional<VolumeKind> VolumeKindFromName(std::string_view name) {
  for (size_t i = 0; i < kVolumeKinds.size(); ++i) {
    if (kVolumeKinds[i] == name) return static_cast<VolumeKind>(i);
  }
  return std::nullopt;
}

std::string_view VolumeKindName(VolumeKind kind) { return kVolumeKinds[static_cast<size_t>(kind)]; }

std::vector<std::string> VolumeKindSpellings() { return ToStrings(kVolumeKinds); }

bool IsEmptyDirVariant(VolumeKind kind) {
  return kind == VolumeKind::kEmptyDir || kind == VolumeKind::kEncryptedEmptyDir ||
         kind == VolumeKind::kPlainEmptyDir || kind == VolumeKind::kMemoryEmptyDir;
}

bool IsKnownAnnotation(std::string_view name) {
  for (std::string_view known : kAnnotations) {
    if (known == name) return true;
  }
  for (std::string_view prefix : kAnnotationPrefixes) {
    if (name.size() > prefix.size() && name.starts_with(prefix)) return true;
  }
  return name.size() > kAnnotationHashSuffix.size() && name.ends_with(kAnnotationHashSuffix);
}

std::vector<std::string> KnownAnnotationSpellings() { return ToStrings(kAnnotations); }

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates, std::string otherwise) {
  std::string near = ClosestMatch(word, candidates);
  if (near.empty() || near == word) return otherwise;
  return "did you mean `" + near + "`?";
}

}  // namespace cocoplane::cpl::check
