// The compact token builder: the claims it makes are the ones the
// evaluator reads, at the paths of the pinned Trustee version.
#include "cpl/testing/token.h"

#include <gtest/gtest.h>

#include "cpl/eval/release_fixtures.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::testing {
namespace {

using nlohmann::json;

const gen::trustee::TrusteeVersionFacts& Facts() { return *gen::trustee::FactsFor("0.21"); }

json Build(const TokenSpec& spec, const ir::Workload* w = nullptr) {
  Result<json> claims = BuildClaims(spec, w, Facts());
  EXPECT_OK(claims.status());
  return claims.ok() ? *claims : json();
}

TEST(TokenTest, SkeletonForSnpIsAnAffirmingTrusteeToken) {
  TokenSpec spec;
  spec.tee = ir::TeeKind::kSnp;
  json t = Build(spec);
  const json& cpu = t["submods"]["cpu0"];
  EXPECT_EQ(cpu["ear.status"], "affirming");
  EXPECT_EQ(cpu["ear.trustworthiness-vector"]["executables"], 3);
  EXPECT_EQ(cpu["ear.trustworthiness-vector"]["file-system"], 0);
  EXPECT_EQ(cpu["ear.appraisal-policy-id"], "default_cpu");
  const json& ev = cpu["ear.veraison.annotated-evidence"];
  EXPECT_EQ(ev["snp"]["policy_debug_allowed"], false);
  // No initdata: HOST_DATA is all zeros.
  EXPECT_EQ(ev["init_data"], std::string(64, '0'));
  EXPECT_EQ(t["iat"], 1760426134);
}

TEST(TokenTest, WorkloadSetsItsBindingAndItsTee) {
  ir::Workload w = MakeWorkload("inference", ir::TeeKind::kTdx, TdxBinding(kDigestC), 1);
  TokenSpec spec;
  spec.workload = {"inference", {}};
  json t = Build(spec, &w);
  const json& ev = t["submods"]["cpu0"]["ear.veraison.annotated-evidence"];
  EXPECT_TRUE(ev.contains("tdx"));
  EXPECT_EQ(ev["init_data"], TdxBinding(kDigestC));
}

TEST(TokenTest, StatusIsDerivedFromTheTrustVectorAsTheAsDoes) {
  TokenSpec spec;
  spec.tee = ir::TeeKind::kSnp;
  spec.trust = {{ir::TrustClaim::kConfiguration, 36}};
  EXPECT_EQ(Build(spec)["submods"]["cpu0"]["ear.status"], "warning");
  spec.trust = {{ir::TrustClaim::kHardware, 97}};
  EXPECT_EQ(Build(spec)["submods"]["cpu0"]["ear.status"], "contraindicated");
  EXPECT_EQ(StatusFromTrustVector(json{{"hardware", 2}, {"executables", 31}}),
            ir::EarStatus::kAffirming);
}

TEST(TokenTest, AnExplicitStatusMovesTheSkeletonVectorToMatch) {
  TokenSpec spec;
  spec.tee = ir::TeeKind::kTdx;
  spec.status = ir::EarStatus::kContraindicated;
  json cpu = Build(spec)["submods"]["cpu0"];
  EXPECT_EQ(cpu["ear.status"], "contraindicated");
  EXPECT_EQ(cpu["ear.trustworthiness-vector"]["hardware"], 97);
}

TEST(TokenTest, DebugSetsTheTeesDebugClaim) {
  TokenSpec spec;
  spec.tee = ir::TeeKind::kTdx;
  spec.debug = true;
  json t = Build(spec);
  EXPECT_EQ(
      t["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["tdx"]["td_attributes"]["debug"],
      true);
}

TEST(TokenTest, DebugWithoutAKnownClaimFails) {
  TokenSpec spec;
  spec.tee = ir::TeeKind::kCca;
  spec.debug = true;
  EXPECT_FALSE(BuildClaims(spec, nullptr, Facts()).ok());
}

TEST(TokenTest, OverridesApplyToAFullToken) {
  TokenSpec spec;
  spec.claims = TdxGpuToken();
  spec.status = ir::EarStatus::kWarning;
  spec.gpus = std::vector<GpuSpec>{{ir::EarStatus::kContraindicated, {}}};
  spec.init_data_claims = json{{"cdh.toml", {{"kbc", {{"name", "offline_fs_kbc"}}}}}};
  json t = Build(spec);
  EXPECT_EQ(t["submods"]["cpu0"]["ear.status"], "warning");
  // The vector of a given token is left as it was.
  EXPECT_EQ(t["submods"]["cpu0"]["ear.trustworthiness-vector"]["hardware"], 2);
  EXPECT_FALSE(t["submods"].contains("gpu1"));
  EXPECT_EQ(t["submods"]["gpu0"]["ear.status"], "contraindicated");
  EXPECT_EQ(t["submods"]["gpu0"]["ear.trustworthiness-vector"]["hardware"], 97);
  EXPECT_EQ(t["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["init_data_claims"]["cdh.toml"]
             ["kbc"]["name"],
            "offline_fs_kbc");
}

TEST(TokenTest, AnEmptyGpuListRemovesEveryGpu) {
  TokenSpec spec;
  spec.claims = TdxGpuToken();
  spec.gpus = std::vector<GpuSpec>{};
  json t = Build(spec);
  EXPECT_EQ(t["submods"].size(), 1u);
}

}  // namespace
}  // namespace cocoplane::cpl::testing
