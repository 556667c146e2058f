// Per-TEE binding of an initdata digest: the bytes the hypervisor places in
// the TEE's launch-time field and the attester checks at boot.
//
// Facts (../shared/reference/guest-components-and-kata.md §1.3; trustee.md §2):
//   snp          HOST_DATA            32 bytes  QEMU sev-snp-guest host-data=<b64>
//   tdx          MRCONFIGID           48 bytes  QEMU tdx-guest mrconfigid=<b64>
//   cca          personalization      64 bytes
//   se           user_data           256 bytes
//   az-snp-vtpm, az-tdx-vtpm, tpm
//                PCR 8 extend         32 bytes, and ONLY sha256: the vTPM
//                attesters reject any other length, so padding would not help
// Rule (kata-types adjust_digest, guest-components attester pad, trustee
// regularize_data): right-pad with zero bytes when the digest is shorter,
// keep the first N bytes when it is longer.
//
// The EAR token's `init_data` claim holds this field: as hex for snp, tdx and
// tpm, as base64 for cca and az-snp-vtpm (trustee.md §2). Both encodings are
// returned; the policy generator picks the one its TEE uses.
//
// Contract: pure functions; InvalidArgument when a vTPM TEE is combined with
// a digest other than sha256, or the digest length does not match the
// algorithm. Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_BINDING_H_
#define COCOPLANE_GEN_WORKLOAD_BINDING_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/digest.h"

namespace cocoplane::gen::workload {

enum class Tee { kSnp, kTdx, kAzSnpVtpm, kAzTdxVtpm, kTpm, kSe, kCca };

// Trustee's spelling: "snp", "tdx", "az-snp-vtpm", "az-tdx-vtpm", "tpm",
// "se", "cca".
std::string_view TeeName(Tee tee);
std::optional<Tee> ParseTee(std::string_view name);

// Width of the TEE field in bytes (table above).
size_t BindingSize(Tee tee);

struct TeeBinding {
  Tee tee = Tee::kSnp;
  std::string bytes{};   // exactly BindingSize(tee) bytes
  std::string hex{};     // lower case, as in trustee's init_data claim for snp/tdx/tpm
  std::string base64{};  // standard, padded, as in QEMU host-data= / mrconfigid=
};

// Fits `digest` (raw bytes from the initdata `algorithm`) to `tee`.
Result<TeeBinding> BindInitdataDigest(Tee tee, crypto::HashAlgorithm algorithm,
                                      std::string_view digest);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_BINDING_H_
