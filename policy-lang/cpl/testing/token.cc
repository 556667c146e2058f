#include "cpl/testing/token.h"

#include <string>

namespace cocoplane::cpl::testing {
namespace {

using nlohmann::json;
using Facts = gen::trustee::TrusteeVersionFacts;

std::string Key(std::string_view key) { return std::string(key); }

// Evidence shaped as the verifiers report it (attestation-service
// docs/tcb_claims.md); the values are plausible, not from real hardware.
json TeeEvidence(ir::TeeKind tee) {
  switch (tee) {
    case ir::TeeKind::kSnp:
      return {{"measurement", std::string(96, 'a')},
              {"policy_abi_major", 0},
              {"policy_abi_minor", 0},
              {"policy_smt_allowed", true},
              {"policy_migrate_ma", false},
              {"policy_debug_allowed", false},
              {"policy_single_socket", false},
              {"reported_tcb_bootloader", 3},
              {"reported_tcb_tee", 0},
              {"reported_tcb_snp", 22},
              {"reported_tcb_microcode", 209},
              {"platform_tsme_enabled", true},
              {"platform_smt_enabled", true}};
    case ir::TeeKind::kTdx:
      return {
          {"quote",
           {{"header", {{"version", "0400"}, {"att_key_type", "0200"}, {"tee_type", "81000000"}}},
            {"body",
             {{"mr_td", std::string(96, 'b')},
              {"mr_seam", std::string(96, 'c')},
              {"rtmr_1", std::string(96, 'd')},
              {"rtmr_2", std::string(96, 'e')},
              {"tcb_svn", "03000500000000000000000000000000"}}}}},
          {"td_attributes", {{"debug", false}, {"septve_disable", true}}},
          {"tcb_status", "UpToDate"}};
    case ir::TeeKind::kSample:
      return {{"svn", "1"}, {"launch_digest", "abcde"}, {"debug", false}};
    case ir::TeeKind::kAzSnpVtpm:
    case ir::TeeKind::kAzTdxVtpm:
    case ir::TeeKind::kTpm:
    case ir::TeeKind::kSe:
    case ir::TeeKind::kCca:
      return json::object();
  }
  return json::object();
}

// What a guest started without initdata reports in init_data.
std::optional<std::string> NoInitData(ir::TeeKind tee) {
  switch (ir::TeeBindingEncoding(tee)) {
    case ir::BindingEncoding::kHex:
      return std::string(ir::TeeBindingHexLength(tee), '0');
    case ir::BindingEncoding::kBase64:
      return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    case ir::BindingEncoding::kUnsupported:
      return std::nullopt;
  }
  return std::nullopt;
}

json CpuVector(std::optional<ir::EarStatus> status) {
  json v = json::object();
  for (ir::TrustClaim c : ir::AllTrustClaims()) v[Key(ir::TrustClaimTokenKey(c))] = 0;
  v["configuration"] = 2;
  v["executables"] = 3;
  v["hardware"] = 2;
  if (status == ir::EarStatus::kWarning) v["executables"] = 33;
  if (status == ir::EarStatus::kContraindicated) v["hardware"] = 97;
  return v;
}

json Skeleton(ir::TeeKind tee, const TokenSpec& spec, const Facts& facts) {
  json evidence = json::object();
  evidence[Key(ir::TeeEvidenceKey(tee))] = TeeEvidence(tee);
  if (auto none = NoInitData(tee)) evidence[Key(facts.init_data_key)] = *none;
  evidence["report_data"] = std::string(128, '5');
  evidence["runtime_data_claims"] = {
      {"tee-pubkey", {{"kty", "EC"}, {"crv", "P-256"}, {"alg", "ECDH-ES+A256KW"}}}};
  json cpu = json::object();
  cpu[Key(facts.trust_vector_claim)] = CpuVector(spec.trust.empty() ? spec.status : std::nullopt);
  cpu[Key(facts.status_claim)] = "affirming";
  cpu["ear.appraisal-policy-id"] = Key(facts.cpu_policy_id);
  cpu[Key(facts.evidence_claim)] = std::move(evidence);
  json token = {{"eat_profile", "tag:github.com,2024:confidential-containers/Trustee"},
                {"iat", 1760426134},
                {"exp", 1760426434},
                {"ear.verifier-id",
                 {{"developer", "https://confidentialcontainers.org"},
                  {"build", "attestation-service " + Key(facts.line)}}}};
  token["submods"][Key(facts.cpu_submod)] = std::move(cpu);
  return token;
}

// The TEE whose key the evidence holds, if any.
std::optional<ir::TeeKind> EvidenceTee(const json& evidence) {
  if (!evidence.is_object()) return std::nullopt;
  for (ir::TeeKind tee : ir::AllTeeKinds()) {
    if (evidence.contains(ir::TeeEvidenceKey(tee))) return tee;
  }
  return std::nullopt;
}

Status SetDebug(json& evidence, bool debug) {
  std::optional<ir::TeeKind> tee = EvidenceTee(evidence);
  if (!tee)
    return Status::InvalidArgument(
        "`debug` needs a TEE in the token's evidence, and it shows none");
  std::vector<std::string_view> path = ir::TeeDebugClaimPath(*tee);
  if (path.empty()) {
    return Status::InvalidArgument(
        "TEE " + std::string(ir::TeeName(*tee)) +
        " has no debug claim cocoplane knows; set it in `claims:` instead");
  }
  json* at = &evidence[Key(ir::TeeEvidenceKey(*tee))];
  for (std::string_view segment : path) at = &(*at)[Key(segment)];
  *at = debug;
  return Status::Ok();
}

json GpuSubmod(const GpuSpec& gpu, const Facts& facts) {
  int hardware = gpu.status == ir::EarStatus::kContraindicated ? 97
                 : gpu.status == ir::EarStatus::kWarning       ? 32
                                                               : 2;
  json vector = {{"hardware", hardware}, {"configuration", 2}};
  for (const auto& [claim, value] : gpu.trust) vector[Key(ir::TrustClaimTokenKey(claim))] = value;
  json out = json::object();
  out[Key(facts.status_claim)] = Key(ir::EarStatusName(gpu.status));
  out[Key(facts.trust_vector_claim)] = std::move(vector);
  out["ear.appraisal-policy-id"] = Key(facts.gpu_policy_id);
  out[Key(facts.evidence_claim)] = {{"nvidia",
                                     {{"gpu_arch", "HOPPER"},
                                      {"driver_version", "550.90.07"},
                                      {"vbios_version", "96.00.74.00.1C"}}}};
  return out;
}

void SetGpus(json& token, const std::vector<GpuSpec>& gpus, const Facts& facts) {
  json& submods = token["submods"];
  if (!submods.is_object()) submods = json::object();
  for (auto it = submods.begin(); it != submods.end();) {
    it = it.key().starts_with(facts.gpu_submod_prefix) ? submods.erase(it) : std::next(it);
  }
  for (size_t i = 0; i < gpus.size(); ++i) {
    submods[Key(facts.gpu_submod_prefix) + std::to_string(i)] = GpuSubmod(gpus[i], facts);
  }
}

// The object at `key` of `parent`, made an object if it is not one.
json& ObjectAt(json& parent, std::string_view key) {
  json& child = parent[Key(key)];
  if (!child.is_object()) child = json::object();
  return child;
}

}  // namespace

ir::EarStatus StatusFromTrustVector(const json& vector) {
  bool warning = false;
  if (!vector.is_object()) return ir::EarStatus::kAffirming;
  for (const auto& [key, value] : vector.items()) {
    if (!value.is_number_integer()) continue;
    int64_t v = value.get<int64_t>();
    if (v >= 96 && v <= 127) return ir::EarStatus::kContraindicated;
    if (v >= 32 && v <= 95) warning = true;
  }
  return warning ? ir::EarStatus::kWarning : ir::EarStatus::kAffirming;
}

Result<json> BuildClaims(const TokenSpec& spec, const ir::Workload* workload, const Facts& facts) {
  bool skeleton = !spec.claims.has_value();
  json token = skeleton ? Skeleton(spec.tee   ? *spec.tee
                                   : workload ? workload->tee
                                              : ir::TeeKind::kSnp,
                                   spec, facts)
                        : *spec.claims;
  json& cpu = ObjectAt(ObjectAt(token, "submods"), facts.cpu_submod);
  json& vector = ObjectAt(cpu, facts.trust_vector_claim);
  for (const auto& [claim, value] : spec.trust) vector[Key(ir::TrustClaimTokenKey(claim))] = value;
  if (spec.status) {
    cpu[Key(facts.status_claim)] = Key(ir::EarStatusName(*spec.status));
  } else if (skeleton) {
    cpu[Key(facts.status_claim)] = Key(ir::EarStatusName(StatusFromTrustVector(vector)));
  }
  json& evidence = ObjectAt(cpu, facts.evidence_claim);
  if (workload != nullptr) evidence[Key(facts.init_data_key)] = workload->init_data_binding;
  if (spec.init_data) evidence[Key(facts.init_data_key)] = *spec.init_data;
  if (spec.debug) {
    Status st = SetDebug(evidence, *spec.debug);
    if (!st.ok()) return st;
  }
  if (spec.init_data_claims) evidence[Key(facts.init_data_claims_key)] = *spec.init_data_claims;
  if (spec.gpus) SetGpus(token, *spec.gpus, facts);
  return token;
}

}  // namespace cocoplane::cpl::testing
