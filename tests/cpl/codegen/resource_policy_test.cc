#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpl/codegen/golden.h"
#include "cpl/codegen/mini_rego.h"
#include "cpl/codegen/rego.h"
#include "cpl/codegen/rego_check.h"
#include "cpl/eval/release_fixtures.h"
#include "cpl/ir/render.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::codegen {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using namespace cocoplane::cpl::testing;  // NOLINT: fixtures

const gen::trustee::TrusteeVersionFacts& Facts() { return *gen::trustee::FactsFor("0.21"); }

std::string Generate(const ir::Policy& policy, const gen::trustee::TrusteeVersionFacts& facts = Facts()) {
  auto rego = ResourcePolicyRego(policy, facts);
  EXPECT_OK(rego.status());
  return rego.ok() ? *rego : "";
}

TEST(ResourcePolicyRegoTest, ShopPolicyMatchesGoldenAndIsWellFormed) {
  std::string rego = Generate(ShopPolicy());
  EXPECT_THAT(CheckRegoStructure(rego, "policy"), IsEmpty());
  EXPECT_EQ(DefaultCounts(rego), (std::map<std::string, int>{{"allow", 1}}));
  EXPECT_EQ(DefaultValues(rego)["allow"], "false");
  ExpectGolden("shop_resource_policy.rego", rego);
}

TEST(ResourcePolicyRegoTest, IsDeterministic) { EXPECT_EQ(Generate(ShopPolicy()), Generate(ShopPolicy())); }

TEST(ResourcePolicyRegoTest, EveryRuleHasOneCommentedBlockWithItsConditionsInOrder) {
  ir::Policy policy = ShopPolicy();
  std::vector<RegoBlock> blocks = TopLevelBlocks(Generate(policy));
  for (const auto& rule : policy.releases) {
    std::string title = std::string(ir::KindName(rule.kind)) + " " + rule.id + " at " + rule.location.ToString();
    std::string head = std::string(rule.kind == ir::ReleaseRule::Kind::kAllow ? "released_by" : "denied_by") +
                       " contains \"" + rule.id + "\" if {";
    int found = 0;
    for (const auto& block : blocks) {
      if (block.comments.empty() || block.comments[0] != title) continue;
      ++found;
      EXPECT_EQ(block.head, head) << rule.id;
      std::vector<std::string> condition_comments, expected;
      for (const auto& line : block.body) {
        if (line.rfind("# ", 0) == 0) condition_comments.push_back(line.substr(2));
      }
      for (const auto& c : rule.conditions) expected.push_back(ir::ToString(c) + " (" + c.location.ToString() + ")");
      EXPECT_THAT(condition_comments, ElementsAreArray(expected)) << rule.id;
    }
    EXPECT_EQ(found, 1) << rule.id;
  }
}

TEST(ResourcePolicyRegoTest, BindingLiteralsHaveTheLengthOfTheirTee) {
  std::vector<RegoBlock> blocks = TopLevelBlocks(Generate(ShopPolicy()));
  int checked = 0;
  for (const auto& block : blocks) {
    if (block.head.rfind("targets_", 0) != 0) continue;
    ASSERT_EQ(block.body.size(), 2u) << block.head;
    size_t quote = block.body[1].find("== \"");
    ASSERT_NE(quote, std::string::npos) << block.body[1];
    std::string literal = block.body[1].substr(quote + 4, block.body[1].size() - quote - 5);
    if (block.body[0] == "ev[\"snp\"]") {
      EXPECT_EQ(literal.size(), 64u);
    } else if (block.body[0] == "ev[\"tdx\"]") {
      EXPECT_EQ(literal.size(), 96u);
    } else {
      ADD_FAILURE() << "unexpected TEE line " << block.body[0];
    }
    EXPECT_EQ(literal.find_first_not_of("0123456789abcdef"), std::string::npos) << literal;
    ++checked;
  }
  EXPECT_EQ(checked, 4);  // payments_key 1, shared_config 2, gpu_models 1
}

TEST(ResourcePolicyRegoTest, ClaimPathsComeFromTheVersionFacts) {
  gen::trustee::TrusteeVersionFacts later = Facts();
  later.cpu_submod = "cpu";
  later.status_claim = "ear_status";
  later.evidence_claim = "ear_attester_claims";
  std::string rego = Generate(ShopPolicy(), later);
  EXPECT_THAT(rego, HasSubstr("cpu := input.submods[\"cpu\"]"));
  EXPECT_THAT(rego, HasSubstr("ev := cpu[\"ear_attester_claims\"]"));
  EXPECT_THAT(rego, HasSubstr("cpu[\"ear_status\"] in [\"affirming\"]"));
  EXPECT_THAT(rego, Not(HasSubstr("cpu0")));
  EXPECT_THAT(rego, Not(HasSubstr("\"ear.status\"")));
}

TEST(ResourcePolicyRegoTest, RefusesTrusteeVersionsWithStringResourcePaths) {
  gen::trustee::TrusteeVersionFacts old = Facts();
  old.resource_path_is_array = false;
  auto rego = ResourcePolicyRego(ShopPolicy(), old);
  ASSERT_FALSE(rego.ok());
  EXPECT_EQ(rego.status().code(), StatusCode::kUnimplemented);
}

TEST(ResourcePolicyRegoTest, EmptyPolicyAllowsNothing) {
  std::string rego = Generate(ir::Policy{});
  EXPECT_THAT(rego, Not(HasSubstr("allow if")));
  EXPECT_THAT(CheckRegoStructure(rego, "policy"), IsEmpty());
  MiniRegoResult r = EvaluateResourcePolicyText(rego, "default/payments/key", SnpToken());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.allow);
}

TEST(ResourcePolicyRegoTest, DenySetIsTestedOnlyWhenDenyRulesExist) {
  ir::Policy p = ShopPolicy();
  EXPECT_THAT(Generate(p), HasSubstr("\tcount(released_by) > 0\n\tcount(denied_by) == 0\n"));
  p.releases.pop_back();
  EXPECT_THAT(Generate(p), Not(HasSubstr("denied_by")));
}

TEST(ResourcePolicyRegoTest, NegatedSetsBindTheValueFirst) {
  ir::Policy p;
  p.releases.push_back(Rule("r", ir::ReleaseRule::Kind::kAllow, {Lit("a"), Lit("b"), Lit("c")}, {},
                            {StatusIs(ir::SetOp::kNotIn, {ir::EarStatus::kContraindicated}, At(2))}, At(1, 1)));
  std::string rego = Generate(p);
  EXPECT_THAT(rego, HasSubstr("\tstatus_0 := cpu[\"ear.status\"]\n\tnot status_0 in [\"contraindicated\"]\n"));
}

TEST(ResourcePolicyRegoTest, EvidenceTestsBindTypeCheckAndCompare) {
  using Op = ir::EvidenceTest::Op;
  using L = ir::Literal;
  ir::Policy p;
  p.releases.push_back(Rule("r", ir::ReleaseRule::Kind::kAllow, {Lit("a"), Lit("b"), Lit("c")}, {},
                            {EvidenceIs({"snp", "policy_debug_allowed"}, Op::kIn, {L::Int(0)}),
                             EvidenceIs({"az-snp-vtpm", "x"}, Op::kCompare, {L::Int(3)}, ir::CompareOp::kGe),
                             EvidenceIs({"init_data"}, Op::kMatches, {L::String("^[0-9a-f]+$")}),
                             EvidenceIs({"tdx", "td_attributes", "debug"}, Op::kAbsent),
                             EvidenceIs({"init_data_claims", "cdh.toml"}, Op::kNotIn, {L::Bool(true), L::String("x")})},
                            At(1, 1)));
  std::string rego = Generate(p);
  EXPECT_THAT(rego, HasSubstr("\tev[\"snp\"][\"policy_debug_allowed\"] == 0\n"));
  EXPECT_THAT(rego, HasSubstr("\tvalue_1 := ev[\"az-snp-vtpm\"][\"x\"]\n\tis_number(value_1)\n\tvalue_1 >= 3\n"));
  EXPECT_THAT(rego, HasSubstr("\tvalue_2 := ev[\"init_data\"]\n\tis_string(value_2)\n"
                              "\tregex.match(\"^[0-9a-f]+$\", value_2)\n"));
  EXPECT_THAT(rego, HasSubstr("\tnot ev[\"tdx\"][\"td_attributes\"][\"debug\"]\n"));
  EXPECT_THAT(rego, HasSubstr("\tvalue_4 := ev[\"init_data_claims\"][\"cdh.toml\"]\n\tnot value_4 in [true, \"x\"]\n"));
  EXPECT_THAT(CheckRegoStructure(rego, "policy"), IsEmpty());
}

// Rego's `not` takes one expression: a negated test of several lines
// becomes a helper rule.
TEST(ResourcePolicyRegoTest, NegationsBecomeHelperRules) {
  ir::Policy p;
  p.releases.push_back(Rule("r", ir::ReleaseRule::Kind::kAllow, {Lit("a"), Lit("b"), Lit("c")}, {},
                            {StatusIs(ir::SetOp::kIn, {ir::EarStatus::kAffirming}),
                             Negated(Trust(ir::TrustClaim::kHardware, ir::CompareOp::kLe, 2))},
                            At(1, 1)));
  std::string rego = Generate(p);
  EXPECT_THAT(rego, HasSubstr("\tnot negated_r_1\n}\n"));
  EXPECT_THAT(rego, HasSubstr("negated_r_1 if {\n\t# trust.hardware <= 2 ()\n"
                              "\ttrust_1 := cpu[\"ear.trustworthiness-vector\"][\"hardware\"]\n"
                              "\tis_number(trust_1)\n\ttrust_1 <= 2\n}\n"));
  EXPECT_THAT(CheckRegoStructure(rego, "policy"), IsEmpty());
}

}  // namespace
}  // namespace cocoplane::cpl::codegen
