#include "cpl/ir/kinds.h"

#include <array>

#include "base/strings.h"

namespace cocoplane::cpl::ir {
namespace {

struct TeeFacts {
  TeeKind kind;
  std::string_view name;
  std::string_view evidence_key;
  BindingEncoding encoding;
  size_t hex_length;
};

// Evidence keys are kbs-types' serde names ("az-snp-vtpm" is renamed with
// dashes). Encodings and sizes: trustee.md §2 "How init_data is encoded" and
// guest-components-and-kata.md §1.3. SE and az-tdx-vtpm bindings are not
// documented there, so workloads cannot target them yet.
constexpr std::array<TeeFacts, kTeeKindCount> kTees = {{
    {TeeKind::kSnp, "snp", "snp", BindingEncoding::kHex, 64},
    {TeeKind::kTdx, "tdx", "tdx", BindingEncoding::kHex, 96},
    {TeeKind::kAzSnpVtpm, "az_snp_vtpm", "az-snp-vtpm", BindingEncoding::kBase64, 0},
    {TeeKind::kAzTdxVtpm, "az_tdx_vtpm", "az-tdx-vtpm", BindingEncoding::kUnsupported, 0},
    {TeeKind::kTpm, "tpm", "tpm", BindingEncoding::kHex, 64},
    {TeeKind::kSe, "se", "se", BindingEncoding::kUnsupported, 0},
    {TeeKind::kCca, "cca", "cca", BindingEncoding::kBase64, 0},
    {TeeKind::kSample, "sample", "sample", BindingEncoding::kBase64, 0},
}};

constexpr std::array<TeeKind, kTeeKindCount> kTeeOrder = {
    TeeKind::kSnp, TeeKind::kTdx, TeeKind::kAzSnpVtpm, TeeKind::kAzTdxVtpm,
    TeeKind::kTpm, TeeKind::kSe,  TeeKind::kCca,       TeeKind::kSample};

const TeeFacts& Facts(TeeKind tee) { return kTees[static_cast<size_t>(tee)]; }

struct ClaimFacts {
  std::string_view name;
  std::string_view token_key;
  int default_value;
};

// Order matches the TrustClaim enumerators.
constexpr std::array<ClaimFacts, kTrustClaimCount> kClaims = {{
    {"instance_identity", "instance-identity", 0},
    {"configuration", "configuration", 36},
    {"executables", "executables", 33},
    {"file_system", "file-system", 0},
    {"hardware", "hardware", 97},
    {"runtime_opaque", "runtime-opaque", 0},
    {"storage_opaque", "storage-opaque", 0},
    {"sourced_data", "sourced-data", 0},
}};

constexpr std::array<TrustClaim, kTrustClaimCount> kClaimOrder = {
    TrustClaim::kInstanceIdentity, TrustClaim::kConfiguration, TrustClaim::kExecutables,
    TrustClaim::kFileSystem,       TrustClaim::kHardware,      TrustClaim::kRuntimeOpaque,
    TrustClaim::kStorageOpaque,    TrustClaim::kSourcedData};

constexpr std::array<std::string_view, 4> kStatusNames = {"affirming", "warning", "contraindicated",
                                                          "none"};

}  // namespace

std::span<const TeeKind> AllTeeKinds() { return kTeeOrder; }
std::string_view TeeName(TeeKind tee) { return Facts(tee).name; }
std::string_view TeeEvidenceKey(TeeKind tee) { return Facts(tee).evidence_key; }
BindingEncoding TeeBindingEncoding(TeeKind tee) { return Facts(tee).encoding; }
size_t TeeBindingHexLength(TeeKind tee) { return Facts(tee).hex_length; }

std::optional<TeeKind> TeeFromName(std::string_view name) {
  for (const auto& facts : kTees) {
    if (facts.name == name) return facts.kind;
  }
  return std::nullopt;
}

std::vector<std::string_view> TeeDebugClaimPath(TeeKind tee) {
  switch (tee) {
    case TeeKind::kSnp: return {"policy_debug_allowed"};
    case TeeKind::kTdx: return {"td_attributes", "debug"};
    case TeeKind::kSample: return {"debug"};
    case TeeKind::kAzSnpVtpm:
    case TeeKind::kAzTdxVtpm:
    case TeeKind::kTpm:
    case TeeKind::kSe:
    case TeeKind::kCca: return {};
  }
  return {};
}

std::vector<std::string_view> TeeTcbStatusClaimPath(TeeKind tee) {
  if (tee == TeeKind::kTdx) return {"tcb_status"};
  return {};
}

std::string_view EarStatusName(EarStatus status) { return kStatusNames[static_cast<size_t>(status)]; }

std::optional<EarStatus> EarStatusFromName(std::string_view name) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<EarStatus>(i);
  }
  return std::nullopt;
}

std::span<const TrustClaim> AllTrustClaims() { return kClaimOrder; }
std::string_view TrustClaimName(TrustClaim claim) { return kClaims[static_cast<size_t>(claim)].name; }
std::string_view TrustClaimTokenKey(TrustClaim claim) {
  return kClaims[static_cast<size_t>(claim)].token_key;
}

std::optional<TrustClaim> TrustClaimFromName(std::string_view name) {
  for (size_t i = 0; i < kClaims.size(); ++i) {
    if (kClaims[i].name == name) return static_cast<TrustClaim>(i);
  }
  return std::nullopt;
}

std::vector<int> DefaultTrustClaimValues() {
  std::vector<int> out;
  for (const auto& claim : kClaims) out.push_back(claim.default_value);
  return out;
}

std::string_view CompareOpSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "==";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

bool Compare(int64_t lhs, CompareOp op, int64_t rhs) {
  switch (op) {
    case CompareOp::kEq: return lhs == rhs;
    case CompareOp::kNe: return lhs != rhs;
    case CompareOp::kLt: return lhs < rhs;
    case CompareOp::kLe: return lhs <= rhs;
    case CompareOp::kGt: return lhs > rhs;
    case CompareOp::kGe: return lhs >= rhs;
  }
  return false;
}

Literal Literal::String(std::string s) {
  Literal out;
  out.kind = Kind::kString;
  out.string_value = std::move(s);
  return out;
}

Literal Literal::Int(int64_t i) {
  Literal out;
  out.kind = Kind::kInt;
  out.int_value = i;
  return out;
}

Literal Literal::Bool(bool b) {
  Literal out;
  out.kind = Kind::kBool;
  out.bool_value = b;
  return out;
}

std::string LiteralToRego(const Literal& literal) {
  switch (literal.kind) {
    case Literal::Kind::kString: return JsonQuote(literal.string_value);
    case Literal::Kind::kInt: return std::to_string(literal.int_value);
    case Literal::Kind::kBool: return literal.bool_value ? "true" : "false";
  }
  return "null";
}

}  // namespace cocoplane::cpl::ir
