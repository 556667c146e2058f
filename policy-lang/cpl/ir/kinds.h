// Small closed vocabularies of the CPL IR and the facts attached to them:
// TEE kinds, EAR statuses, AR4SI trust claims, operators and literals.
//
// Each enum has a CPL spelling (what users write) and, where the artifacts
// need one, an external spelling (what Trustee puts in tokens). The facts
// come from the reference docs named next to them; they are the single
// place eval and codegen read them from, so the two agree by construction.
//
// Pure functions over constants; thread-safe.
#ifndef COCOPLANE_CPL_IR_KINDS_H_
#define COCOPLANE_CPL_IR_KINDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::cpl::ir {

// ---- TEE kinds --------------------------------------------------------------

enum class TeeKind { kSnp, kTdx, kAzSnpVtpm, kAzTdxVtpm, kTpm, kSe, kCca, kSample };
inline constexpr int kTeeKindCount = 8;

std::span<const TeeKind> AllTeeKinds();
// CPL spelling: "snp", "tdx", "az_snp_vtpm", ... (identifiers).
std::string_view TeeName(TeeKind tee);
std::optional<TeeKind> TeeFromName(std::string_view name);
// Key of the TEE's claims in the evidence and in the attestation-service
// input: "snp", "az-snp-vtpm", ... (kbs-types `Tee` serde names; trustee.md §2).
std::string_view TeeEvidenceKey(TeeKind tee);

// How a TEE reports the initdata binding in `init_data` (trustee.md §2).
enum class BindingEncoding {
  // Lower-case hex of a fixed-size field; compared case-insensitively.
  kHex,
  // Base64 (sample, CCA, az-snp-vtpm); compared exactly.
  kBase64,
  // No binding cocoplane can compute; workloads cannot target this TEE.
  kUnsupported,
};
BindingEncoding TeeBindingEncoding(TeeKind tee);
// Hex characters of the binding for kHex TEEs: SNP HOST_DATA 32 bytes = 64,
// TDX MRCONFIGID 48 bytes = 96, TPM PCR (sha256) = 64; 0 otherwise
// (guest-components-and-kata.md §1.3).
size_t TeeBindingHexLength(TeeKind tee);

// Attestation-service claim path (under input.<evidence key>) of the TEE's
// debug flag, e.g. {"td_attributes", "debug"} for TDX; empty when unknown.
// Sources: ear_default_policy_cpu.rego (trustee @ea8cad2).
std::vector<std::string_view> TeeDebugClaimPath(TeeKind tee);
// Path of the TCB status claim; empty when the TEE has none (only TDX).
std::vector<std::string_view> TeeTcbStatusClaimPath(TeeKind tee);

// ---- EAR status ---------------------------------------------------------------

enum class EarStatus { kAffirming, kWarning, kContraindicated, kNone };
// "affirming", "warning", "contraindicated", "none": the same in CPL and in
// the token's "ear.status" (trustee.md §2).
std::string_view EarStatusName(EarStatus status);
std::optional<EarStatus> EarStatusFromName(std::string_view name);

// ---- AR4SI trust-vector claims --------------------------------------------------

enum class TrustClaim {
  kInstanceIdentity,
  kConfiguration,
  kExecutables,
  kFileSystem,
  kHardware,
  kRuntimeOpaque,
  kStorageOpaque,
  kSourcedData,
};
inline constexpr int kTrustClaimCount = 8;

std::span<const TrustClaim> AllTrustClaims();
// CPL spelling and Rego variable name: "instance_identity", "file_system", ...
std::string_view TrustClaimName(TrustClaim claim);
std::optional<TrustClaim> TrustClaimFromName(std::string_view name);
// Token / trust_claims key: "instance-identity", "file-system", ... (AR4SI).
std::string_view TrustClaimTokenKey(TrustClaim claim);
// Upstream default values, indexed by TrustClaim: executables 33, hardware
// 97, configuration 36, all others 0 (ear_default_policy_cpu.rego).
std::vector<int> DefaultTrustClaimValues();
// AR4SI values are signed bytes in [-127, 127].
inline constexpr int kTrustValueMin = -127;
inline constexpr int kTrustValueMax = 127;

// ---- operators and literals ----------------------------------------------------

// Set membership. `x == a` is kIn {a}; `x != a` is kNotIn {a}.
enum class SetOp { kIn, kNotIn };

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
// "==", "!=", "<", "<=", ">", ">=" (the same in CPL and Rego).
std::string_view CompareOpSymbol(CompareOp op);
bool Compare(int64_t lhs, CompareOp op, int64_t rhs);

struct Literal {
  enum class Kind { kString, kInt, kBool };
  Kind kind = Kind::kString;
  std::string string_value;
  int64_t int_value = 0;
  bool bool_value = false;

  static Literal String(std::string s);
  static Literal Int(int64_t i);
  static Literal Bool(bool b);
  friend bool operator==(const Literal&, const Literal&) = default;
};
// The literal as JSON / Rego text: "\"abc\"", "42", "true".
std::string LiteralToRego(const Literal& literal);

}  // namespace cocoplane::cpl::ir

#endif  // COCOPLANE_CPL_IR_KINDS_H_
