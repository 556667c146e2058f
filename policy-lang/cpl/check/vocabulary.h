// Internal to cpl/check: the closed vocabularies CPL names refer to, and how
// the checker spells them in messages (SPEC.md §4.3, §4.6, §6).
//
// Pure functions over constants; thread-safe.
#ifndef COCOPLANE_CPL_CHECK_VOCABULARY_H_
#define COCOPLANE_CPL_CHECK_VOCABULARY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpl/ir/kinds.h"
#include "model/types.h"

namespace cocoplane::cpl::check {

// A TEE kind as CPL writes it: the evidence key ("az-snp-vtpm", what SPEC.md
// §6.1 uses) or the IR spelling ("az_snp_vtpm").
std::optional<ir::TeeKind> TeeFromCpl(std::string_view name);
// The spelling messages use: the evidence key (trustee.md §2).
std::string TeeSpelling(ir::TeeKind tee);
// Every TEE spelling, for "did you mean".
std::vector<std::string> TeeSpellings();
// "snp, tdx, az-snp-vtpm, ..." for hints.
std::string TeeList();

ir::TeeKind ToIrTee(model::TeeKind tee);

std::vector<std::string> EarStatusSpellings();
std::vector<std::string> TrustClaimSpellings();

// Roots of the condition vocabulary (SPEC.md §6.2) that are not TEE kinds:
// tee, ear, trust, gpu, init_data, init_data_claims.
bool IsPlainPathRoot(std::string_view name);
// A plain root or a TEE kind (`snp.measurement`).
bool IsPathRoot(std::string_view name);
std::vector<std::string> PathRootSpellings();

// Volume kinds of `volumes` settings (SPEC.md §4.3).
enum class VolumeKind {
  kHostPath,
  kEmptyDir,
  kEncryptedEmptyDir,
  kPlainEmptyDir,
  kMemoryEmptyDir,
  kConfigMap,
  kSecret,
  kProjected,
  kDownwardApi,
  kPersistentVolume,
  kImage,
};
inline constexpr int kVolumeKindCount = 11;
std::optional<VolumeKind> VolumeKindFromName(std::string_view name);
std::string_view VolumeKindName(VolumeKind kind);
std::vector<std::string> VolumeKindSpellings();
bool IsEmptyDirVariant(VolumeKind kind);

// Kata hypervisor annotation names (the part after
// "io.katacontainers.config.hypervisor."; guest-components-and-kata.md §4
// "Annotations"), including the families `*_hash`, `virtio_fs_*` and
// `block_device_*`.
bool IsKnownAnnotation(std::string_view name);
std::vector<std::string> KnownAnnotationSpellings();

// `word` as a "did you mean" hint: "did you mean `x`?" when a candidate is
// close, otherwise `otherwise`.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates,
                       std::string otherwise);

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_VOCABULARY_H_
