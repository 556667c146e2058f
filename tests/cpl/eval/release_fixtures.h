// Shared fixtures for the CPL eval and codegen tests: realistic EAR tokens
// as Trustee v0.21 issues them (trustee.md §2: submods.cpu0 with
// "ear.status", "ear.trustworthiness-vector" and
// "ear.veraison.annotated-evidence" = {<tee>, init_data, init_data_claims,
// report_data, runtime_data_claims}; GPU appraisals as gpu0, gpu1, ...),
// and a hand-built IR for a small shop: payments on SNP, inference on TDX
// with GPUs.
//
// Bindings use the initdata test vectors of guest-components-and-kata.md
// §1.6: vector A (sha256 5fbb...) and vector C (sha256 2385...); SNP takes
// the 32-byte digest as is (64 hex), TDX pads it with 16 zero bytes (96 hex).
#ifndef COCOPLANE_TESTS_CPL_EVAL_RELEASE_FIXTURES_H_
#define COCOPLANE_TESTS_CPL_EVAL_RELEASE_FIXTURES_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cpl/ir/ir.h"

namespace cocoplane::cpl::testing {

inline const std::string kDigestA = "5fbba2d190b4c600dc48b80802559460ecae499f76f079e9ad2ebd4e3c7eb65f";
inline const std::string kDigestC = "2385c5da0959d063638b2ab4ac252ae18e825f6ecb69815e4206b38077d0bcdd";
inline std::string SnpBinding(const std::string& digest) { return digest; }
inline std::string TdxBinding(const std::string& digest) { return digest + std::string(32, '0'); }

// An SNP guest, AS default policy satisfied: affirming.
inline constexpr const char* kSnpToken = R"json({
  "eat_profile": "tag:github.com,2024:confidential-containers/Trustee",
  "iat": 1760426134,
  "ear.verifier-id": {"developer": "https://confidentialcontainers.org", "build": "attestation-service 0.21.0"},
  "submods": {
    "cpu0": {
      "ear.status": "affirming",
      "ear.trustworthiness-vector": {
        "instance-identity": 0, "configuration": 2, "executables": 3, "file-system": 0,
        "hardware": 2, "runtime-opaque": 0, "storage-opaque": 0, "sourced-data": 0
      },
      "ear.appraisal-policy-id": "default",
      "ear.veraison.annotated-evidence": {
        "snp": {
          "measurement": "a3f2b5c4d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8",
          "policy_abi_major": 0, "policy_abi_minor": 0, "policy_smt_allowed": true,
          "policy_migrate_ma": false, "policy_debug_allowed": false, "policy_single_socket": false,
          "reported_tcb_bootloader": 10, "reported_tcb_tee": 0, "reported_tcb_snp": 23,
          "reported_tcb_microcode": 72, "platform_tsme_enabled": true, "platform_smt_enabled": true
        },
        "init_data": "5fbba2d190b4c600dc48b80802559460ecae499f76f079e9ad2ebd4e3c7eb65f",
        "init_data_claims": {
          "aa.toml": {"token_configs": {"kbs": {"url": "http://kbs.trustee:8080"}}},
          "cdh.toml": {"kbc": {"name": "cc_kbc", "url": "http://kbs.trustee:8080"}}
        },
        "report_data": "d2ad1c0e4a3b9f3c8e4f6a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556d2ad1c0e4a3b9f3c8e4f6a1b2c3d4e5f60718293a4b5c6d7e8f90112233445",
        "runtime_data_claims": {"tee-pubkey": {"kty": "EC", "crv": "P-256", "alg": "ECDH-ES+A256KW"}}
      }
    }
  },
  "exp": 1760426434
})json";

// A TDX guest with a padded MRCONFIGID binding.
inline constexpr const char* kTdxToken = R"json({
  "eat_profile": "tag:github.com,2024:confidential-containers/Trustee",
  "iat": 1760426134,
  "submods": {
    "cpu0": {
      "ear.status": "affirming",
      "ear.trustworthiness-vector": {
        "instance-identity": 0, "configuration": 2, "executables": 3, "file-system": 0,
        "hardware": 2, "runtime-opaque": 0, "storage-opaque": 0, "sourced-data": 0
      },
      "ear.appraisal-policy-id": "default",
      "ear.veraison.annotated-evidence": {
        "tdx": {
          "quote": {
            "header": {"version": "0400", "att_key_type": "0200", "tee_type": "81000000",
                       "vendor_id": "939a7233f79c4ca9940a0db3957f0607"},
            "body": {"mr_td": "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f031",
                     "rtmr_1": "3f8e0c38d7c5f4d2b1a0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4",
                     "tcb_svn": "03000500000000000000000000000000",
                     "xfam": "e702060000000000"}
          },
          "td_attributes": {"debug": false, "key_locker": false, "perfmon": false, "protection_keys": false, "septve_disable": true},
          "tcb_status": "UpToDate",
          "collateral_expiration_status": "0"
        },
        "init_data": "2385c5da0959d063638b2ab4ac252ae18e825f6ecb69815e4206b38077d0bcdd00000000000000000000000000000000",
        "init_data_claims": {
          "cdh.toml": {"kbc": {"name": "cc_kbc", "url": "https://kbs.trustee:8080"}}
        },
        "report_data": "00",
        "runtime_data_claims": {}
      }
    }
  },
  "exp": 1760426434
})json";

// The TDX guest above with two NVIDIA GPUs appraised (gpu0, gpu1).
inline nlohmann::json TdxGpuToken(const std::string& gpu0_status = "affirming",
                                  const std::string& gpu1_status = "affirming") {
  nlohmann::json token = nlohmann::json::parse(kTdxToken);
  auto gpu = [](const std::string& status) {
    return nlohmann::json{
        {"ear.status", status},
        {"ear.trustworthiness-vector", {{"hardware", status == "affirming" ? 2 : 32}, {"configuration", 2}}},
        {"ear.appraisal-policy-id", "default"},
        {"ear.veraison.annotated-evidence", {{"nvidia", {{"gpu_arch", "HOPPER"}, {"driver_version", "550.90.07"}}}}},
    };
  };
  token["submods"]["gpu0"] = gpu(gpu0_status);
  token["submods"]["gpu1"] = gpu(gpu1_status);
  return token;
}

// The sample attester (no TEE): Trustee's default policy refuses it.
inline constexpr const char* kSampleToken = R"json({
  "submods": {
    "cpu0": {
      "ear.status": "affirming",
      "ear.trustworthiness-vector": {"configuration": 2, "executables": 3, "hardware": 2},
      "ear.veraison.annotated-evidence": {
        "sample": {"svn": "1", "launch_digest": "abcde", "debug": false},
        "init_data": "X7ui0ZC0xgDcSLgIAlWUYOyuSZ928HnprS69Tjx+tl8="
      }
    }
  }
})json";

inline nlohmann::json SnpToken() { return nlohmann::json::parse(kSnpToken); }
inline nlohmann::json TdxToken() { return nlohmann::json::parse(kTdxToken); }
inline nlohmann::json SampleToken() { return nlohmann::json::parse(kSampleToken); }

inline nlohmann::json& Cpu(nlohmann::json& token) { return token["submods"]["cpu0"]; }
inline nlohmann::json& Evidence(nlohmann::json& token) { return Cpu(token)["ear.veraison.annotated-evidence"]; }
inline nlohmann::json& TrustVector(nlohmann::json& token) { return Cpu(token)["ear.trustworthiness-vector"]; }

// ---- IR building helpers ----------------------------------------------------

inline Location At(unsigned line, unsigned column = 3) { return Location{"policies/shop.cpl", line, column, 0}; }

inline ir::PatternSegment Lit(std::string text) {
  return {ir::PatternSegment::Kind::kLiteral, std::move(text)};
}
inline ir::PatternSegment Any() { return {ir::PatternSegment::Kind::kAny, ""}; }
inline ir::PatternSegment Prefix(std::string text) {
  return {ir::PatternSegment::Kind::kPrefix, std::move(text)};
}

inline ir::Condition TeeIs(ir::SetOp op, std::vector<ir::TeeKind> tees, Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kTeeIn;
  c.tee_in = {op, std::move(tees)};
  c.location = std::move(at);
  return c;
}
inline ir::Condition StatusIs(ir::SetOp op, std::vector<ir::EarStatus> statuses, Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kEarStatusIn;
  c.ear_status_in = {op, std::move(statuses)};
  c.location = std::move(at);
  return c;
}
inline ir::Condition Trust(ir::TrustClaim claim, ir::CompareOp op, int threshold, Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kTrustCompare;
  c.trust_compare = {claim, op, threshold};
  c.location = std::move(at);
  return c;
}
inline ir::Condition GpuAttested(Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kGpuAttested;
  c.location = std::move(at);
  return c;
}
inline ir::Condition GpuStatusIs(ir::SetOp op, std::vector<ir::EarStatus> statuses, Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kGpuStatusIn;
  c.gpu_status_in = {op, std::move(statuses)};
  c.location = std::move(at);
  return c;
}
inline ir::Condition InitDataClaim(std::vector<std::string> path, ir::SetOp op, std::vector<std::string> values,
                                   Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kInitDataClaimIn;
  c.init_data_claim_in = {std::move(path), op, std::move(values)};
  c.location = std::move(at);
  return c;
}

// `path` under the annotated evidence, root included ({"snp", "vmpl"}).
inline ir::Condition EvidenceIs(std::vector<std::string> path, ir::EvidenceTest::Op op,
                                std::vector<ir::Literal> values = {}, ir::CompareOp compare = ir::CompareOp::kEq,
                                Location at = {}) {
  ir::Condition c;
  c.kind = ir::Condition::Kind::kEvidenceTest;
  c.evidence_test.path = std::move(path);
  c.evidence_test.op = op;
  c.evidence_test.compare_op = compare;
  c.evidence_test.values = std::move(values);
  c.location = std::move(at);
  return c;
}

inline ir::Condition Negated(ir::Condition c) {
  c.negated = !c.negated;
  return c;
}

inline ir::ReleaseRule Rule(std::string id, ir::ReleaseRule::Kind kind, ir::ResourcePattern pattern,
                            std::vector<std::string> targets, std::vector<ir::Condition> conditions,
                            Location at = {}) {
  ir::ReleaseRule r;
  r.id = std::move(id);
  r.kind = kind;
  r.pattern = std::move(pattern);
  r.targets = std::move(targets);
  r.conditions = std::move(conditions);
  r.location = std::move(at);
  return r;
}

inline ir::Workload MakeWorkload(std::string name, ir::TeeKind tee, std::string binding, unsigned line) {
  ir::Workload w;
  w.name = std::move(name);
  w.tee = tee;
  w.init_data_binding = std::move(binding);
  w.location = Location{"workloads/" + w.name + ".yaml", line, 1, 0};
  return w;
}

// The shop:
//   payments  (SNP, digest A) gets default/payments/* when affirming with
//             good executables and configuration;
//   payments and inference share default/shared/* on SNP or TDX, affirming
//             or warning, if their CDH uses cc_kbc;
//   inference (TDX, digest C) gets default/models/* only with affirming GPUs;
//   any real TEE reads pub*/*/*;
//   deny: nothing under default/shared/* while configuration > 32.
inline ir::Policy ShopPolicy() {
  using K = ir::ReleaseRule::Kind;
  using ir::SetOp;
  using ir::EarStatus;
  ir::Policy p;
  p.workloads.push_back(MakeWorkload("payments", ir::TeeKind::kSnp, SnpBinding(kDigestA), 4));
  p.workloads.push_back(MakeWorkload("inference", ir::TeeKind::kTdx, TdxBinding(kDigestC), 4));
  p.releases.push_back(Rule("payments_key", K::kAllow, {Lit("default"), Lit("payments"), Any()}, {"payments"},
                            {StatusIs(SetOp::kIn, {EarStatus::kAffirming}, At(4)),
                             Trust(ir::TrustClaim::kExecutables, ir::CompareOp::kLe, 3, At(5)),
                             Trust(ir::TrustClaim::kConfiguration, ir::CompareOp::kLe, 2, At(6))},
                            At(3, 1)));
  p.releases.push_back(Rule("shared_config", K::kAllow, {Lit("default"), Lit("shared"), Any()},
                            {"payments", "inference"},
                            {TeeIs(SetOp::kIn, {ir::TeeKind::kSnp, ir::TeeKind::kTdx}, At(10)),
                             StatusIs(SetOp::kIn, {EarStatus::kAffirming, EarStatus::kWarning}, At(11)),
                             InitDataClaim({"cdh.toml", "kbc", "name"}, SetOp::kIn, {"cc_kbc"}, At(12))},
                            At(9, 1)));
  p.releases.push_back(Rule("gpu_models", K::kAllow, {Lit("default"), Lit("models"), Any()}, {"inference"},
                            {StatusIs(SetOp::kIn, {EarStatus::kAffirming}, At(16)), GpuAttested(At(17)),
                             GpuStatusIs(SetOp::kIn, {EarStatus::kAffirming}, At(18))},
                            At(15, 1)));
  p.releases.push_back(Rule("public", K::kAllow, {Prefix("pub"), Any(), Any()}, {},
                            {TeeIs(SetOp::kNotIn, {ir::TeeKind::kSample}, At(22))}, At(21, 1)));
  p.releases.push_back(Rule("no_weak_config", K::kDeny, {Lit("default"), Lit("shared"), Any()}, {},
                            {Trust(ir::TrustClaim::kConfiguration, ir::CompareOp::kGt, 32, At(26))}, At(25, 1)));
  return p;
}

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_TESTS_CPL_EVAL_RELEASE_FIXTURES_H_
