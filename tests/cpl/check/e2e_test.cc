// End to end: YAML + CPL -> check -> ir::Verify -> evaluator decisions on
// EAR token fixtures (tests/cpl/eval/release_fixtures.h) -> Rego. The
// initdata bindings are set by hand, as the compiler would set them.
#include <gtest/gtest.h>

#include "cpl/check/check_testing.h"
#include "cpl/codegen/rego.h"
#include "cpl/eval/agent.h"
#include "cpl/eval/pod.h"
#include "cpl/eval/release.h"
#include "cpl/eval/release_fixtures.h"
#include "cpl/ir/verify.h"
#include "testing/matchers.h"

#ifdef COCOPLANE_HAVE_MINI_REGO
#include "cpl/codegen/mini_rego.h"
#endif

namespace cocoplane::cpl {
namespace {

using namespace cocoplane::cpl::testing;  // NOLINT: test helpers
using ::cocoplane::testing::Describe;
using Outcome = eval::ReleaseDecision::Outcome;

const gen::trustee::TrusteeVersionFacts& Facts() { return *gen::trustee::FactsFor("0.21"); }

constexpr const char* kRules = R"cpl(
agent profile strict {
  exec allow ["/usr/bin/healthcheck"]
  logs allow
}

release "default/payments/*" to workload payments when {
  tee in [snp, tdx]
  ear.status == affirming
  trust.executables <= 3
  init_data_claims."cdh.toml".kbc.name == "cc_kbc"
}

release "default/models/*" to workload inference when {
  any {
    ear.status == affirming
    trust.hardware <= 2
  }
}

deny "default/*/*" when { ear.status == contraindicated }
)cpl";

// The shop, checked, verified, with the bindings of the fixture tokens:
// payments' is the SNP token's init_data, inference's the TDX token's.
ir::Policy Shop() {
  Compiled c = Compile(BaseWith({{"policies/base.cpl", kRules}}));
  EXPECT_FALSE(c.sink.has_errors()) << Describe(c.sink);
  for (ir::Workload& w : c.policy.workloads) {
    if (w.name == "payments") w.init_data_binding = SnpBinding(kDigestA);
    if (w.name == "inference") w.init_data_binding = TdxBinding(kDigestC);
  }
  EXPECT_OK(ir::Verify(c.policy));
  return std::move(c.policy);
}

eval::ReleaseDecision Decide(const ir::Policy& policy, std::string_view path, const nlohmann::json& token) {
  Result<eval::ReleaseDecision> d = eval::EvaluateRelease(policy, Facts(), path, token);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? *d : eval::ReleaseDecision{};
}

TEST(CheckEndToEndTest, ReleaseToWorkloadReleasesOnlyWithItsBinding) {
  ir::Policy policy = Shop();
  EXPECT_TRUE(Decide(policy, "default/payments/key", SnpToken()).released);

  // The same evidence from a guest whose initdata differs.
  nlohmann::json other = SnpToken();
  Evidence(other)["init_data"] = kDigestC;
  eval::ReleaseDecision d = Decide(policy, "default/payments/key", other);
  EXPECT_FALSE(d.released);
  EXPECT_EQ(d.outcome, Outcome::kNoMatchingRule);

  // inference's guest (TDX, its own binding) gets its key, not payments'.
  EXPECT_FALSE(Decide(policy, "default/payments/key", TdxToken()).released);
  EXPECT_TRUE(Decide(policy, "default/models/llama", TdxToken()).released);
  EXPECT_FALSE(Decide(policy, "default/models/llama", SnpToken()).released);
}

TEST(CheckEndToEndTest, ConditionsAndDenyRulesDecide) {
  ir::Policy policy = Shop();
  nlohmann::json weak = SnpToken();
  TrustVector(weak)["executables"] = 33;
  EXPECT_FALSE(Decide(policy, "default/payments/key", weak).released);

  nlohmann::json other_kbc = SnpToken();
  Evidence(other_kbc)["init_data_claims"]["cdh.toml"]["kbc"]["name"] = "offline_fs_kbc";
  EXPECT_FALSE(Decide(policy, "default/payments/key", other_kbc).released);

  // models: either alternative (rules base_2_1, base_2_2) releases.
  nlohmann::json warning = TdxToken();
  Cpu(warning)["ear.status"] = "warning";
  EXPECT_TRUE(Decide(policy, "default/models/llama", warning).released);

  nlohmann::json bad = TdxToken();
  Cpu(bad)["ear.status"] = "contraindicated";
  eval::ReleaseDecision d = Decide(policy, "default/models/llama", bad);
  EXPECT_FALSE(d.released);
  EXPECT_EQ(d.outcome, Outcome::kDenied);
}

TEST(CheckEndToEndTest, AgentProfileAndPoolDecide) {
  ir::Policy policy = Shop();
  const ir::AgentProfile* strict = ir::FindAgentProfile(policy, "strict");
  ASSERT_NE(strict, nullptr);
  auto exec = [&](std::vector<std::string> argv) {
    Result<eval::AgentDecision> d =
        eval::EvaluateAgent(*strict, "ExecProcessRequest", nlohmann::json{{"process", {{"Args", argv}}}});
    return d.ok() && d->allowed;
  };
  EXPECT_TRUE(exec({"/usr/bin/healthcheck"}));
  EXPECT_FALSE(exec({"/bin/sh"}));
  Result<eval::AgentDecision> set_policy = eval::EvaluateAgent(*strict, "SetPolicyRequest", nlohmann::json::object());
  ASSERT_TRUE(set_policy.ok());
  EXPECT_FALSE(set_policy->allowed);

  const ir::PoolConstraints* pool = ir::FindPool(policy, "snp-pool");
  ASSERT_NE(pool, nullptr);
  std::string prefix(eval::kHypervisorAnnotationPrefix);
  EXPECT_TRUE(eval::EvaluatePod(*pool, {{prefix + "default_memory", "4096"}}, 4096, 1).admitted);
  EXPECT_FALSE(eval::EvaluatePod(*pool, {{prefix + "default_vcpus", "2"}}, 2048, 2).admitted);
  EXPECT_FALSE(eval::EvaluatePod(*pool, {}, 131072, 1).admitted);
}

TEST(CheckEndToEndTest, CodegenProducesEveryArtifact) {
  ir::Policy policy = Shop();
  Result<std::string> resource = codegen::ResourcePolicyRego(policy, Facts());
  ASSERT_TRUE(resource.ok()) << resource.status().ToString();
  EXPECT_TRUE(resource->starts_with("#")) << *resource;
  EXPECT_NE(resource->find("package policy"), std::string::npos);
  for (const ir::ReleaseRule& rule : policy.releases) {
    EXPECT_NE(resource->find("\"" + rule.id + "\""), std::string::npos) << rule.id;
  }
  EXPECT_NE(resource->find(kDigestA), std::string::npos);
  Result<std::string> attestation = codegen::AttestationPolicyRego(policy, Facts());
  ASSERT_TRUE(attestation.ok()) << attestation.status().ToString();
  for (const ir::AgentProfile& profile : policy.agent_profiles) {
    EXPECT_NE(codegen::AgentPolicyRego(profile).find("package agent_policy"), std::string::npos) << profile.name;
  }
}

#ifdef COCOPLANE_HAVE_MINI_REGO
// The generated Rego, read by codegen's Rego-subset interpreter, decides as
// the evaluator does over the same tokens and paths.
TEST(CheckEndToEndTest, GeneratedRegoAgreesWithTheEvaluator) {
  ir::Policy policy = Shop();
  Result<std::string> rego = codegen::ResourcePolicyRego(policy, Facts());
  ASSERT_TRUE(rego.ok()) << rego.status().ToString();
  nlohmann::json warning = TdxToken();
  Cpu(warning)["ear.status"] = "warning";
  nlohmann::json bad = SnpToken();
  Cpu(bad)["ear.status"] = "contraindicated";
  for (const nlohmann::json& token : {SnpToken(), TdxToken(), SampleToken(), TdxGpuToken(), warning, bad}) {
    for (std::string_view path : {"default/payments/key", "default/models/llama", "other/x/y"}) {
      MiniRegoResult rego_says = EvaluateResourcePolicyText(*rego, path, token);
      ASSERT_TRUE(rego_says.ok) << rego_says.error;
      EXPECT_EQ(rego_says.allow, Decide(policy, path, token).released) << path << "\n" << token.dump();
    }
  }
}
#endif

}  // namespace
}  // namespace cocoplane::cpl
