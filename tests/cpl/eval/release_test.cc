// Release decisions on the shop policy (release_fixtures.h) and on small
// policies built per test, one behaviour per test.
#include "cpl/eval/release.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpl/eval/release_fixtures.h"
#include "cpl/ir/render.h"
#include "cpl/ir/verify.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::eval {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace cocoplane::cpl::testing;  // NOLINT: test fixtures
using nlohmann::json;
using Outcome = ReleaseDecision::Outcome;
using K = ir::ReleaseRule::Kind;

const gen::trustee::TrusteeVersionFacts& Facts() { return *gen::trustee::FactsFor("0.21"); }

// "id matched", "id no target", "id failed <condition>".
std::vector<std::string> Summary(const ReleaseDecision& d) {
  std::vector<std::string> out;
  for (const auto& e : d.trace) {
    if (e.matched()) {
      out.push_back(e.rule->id + " matched");
    } else if (e.failed == RuleOutcome::kNoTarget) {
      out.push_back(e.rule->id + " no target");
    } else {
      out.push_back(e.rule->id + " failed " + ir::ToString(e.rule->conditions[static_cast<size_t>(e.failed)]));
    }
  }
  return out;
}

ReleaseDecision Decide(const ir::Policy& policy, std::string_view path, const json& token) {
  auto decision = EvaluateRelease(policy, Facts(), path, token);
  EXPECT_OK(decision.status());
  return decision.ok() ? *decision : ReleaseDecision{};
}

TEST(ReleaseTest, ShopPolicyVerifies) { ASSERT_OK(ir::Verify(ShopPolicy())); }

TEST(ReleaseTest, ReleasesToTargetWorkloadOnSnp) {
  ir::Policy policy = ShopPolicy();
  ReleaseDecision d = Decide(policy, "default/payments/card-key", SnpToken());
  EXPECT_TRUE(d.released);
  EXPECT_EQ(d.outcome, Outcome::kReleased);
  EXPECT_THAT(Summary(d), ElementsAre("payments_key matched"));
}

TEST(ReleaseTest, RefusesAnotherWorkloadsDigest) {
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  Evidence(token)["init_data"] = kDigestC;
  ReleaseDecision d = Decide(policy, "default/payments/card-key", token);
  EXPECT_FALSE(d.released);
  EXPECT_EQ(d.outcome, Outcome::kNoMatchingRule);
  EXPECT_THAT(Summary(d), ElementsAre("payments_key no target"));
}

TEST(ReleaseTest, RefusesRightDigestFromWrongTee) {
  ir::Policy policy = ShopPolicy();
  json token = TdxToken();
  Evidence(token)["init_data"] = kDigestA;
  EXPECT_FALSE(Decide(policy, "default/payments/card-key", token).released);
}

TEST(ReleaseTest, ComparesHexBindingCaseInsensitively) {
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  std::string upper = kDigestA;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Evidence(token)["init_data"] = upper;
  EXPECT_TRUE(Decide(policy, "default/payments/card-key", token).released);
}

TEST(ReleaseTest, ReleasesToPaddedTdxBinding) {
  ir::Policy policy = ShopPolicy();
  ReleaseDecision d = Decide(policy, "default/shared/ca-bundle", TdxToken());
  EXPECT_TRUE(d.released);
  EXPECT_THAT(Summary(d), ElementsAre("shared_config matched", "no_weak_config failed trust.configuration > 32"));
}

TEST(ReleaseTest, RefusesContraindicated) {
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  Cpu(token)["ear.status"] = "contraindicated";
  ReleaseDecision d = Decide(policy, "default/payments/card-key", token);
  EXPECT_FALSE(d.released);
  EXPECT_THAT(Summary(d), ElementsAre("payments_key failed ear.status == affirming"));
}

TEST(ReleaseTest, RefusesDebugTeeThroughItsAppraisal) {
  // A debug-enabled SNP guest: the AS policy leaves configuration at 36
  // ("unavailable"), so the status drops to warning.
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  Evidence(token)["snp"]["policy_debug_allowed"] = true;
  TrustVector(token)["configuration"] = 36;
  Cpu(token)["ear.status"] = "warning";
  EXPECT_FALSE(Decide(policy, "default/payments/card-key", token).released);
  Cpu(token)["ear.status"] = "affirming";
  ReleaseDecision d = Decide(policy, "default/payments/card-key", token);
  EXPECT_FALSE(d.released);
  EXPECT_THAT(Summary(d), ElementsAre("payments_key failed trust.configuration <= 2"));
}

TEST(ReleaseTest, DenyWinsOverMatchingRelease) {
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  Cpu(token)["ear.status"] = "warning";
  TrustVector(token)["configuration"] = 36;
  ReleaseDecision d = Decide(policy, "default/shared/ca-bundle", token);
  EXPECT_FALSE(d.released);
  EXPECT_EQ(d.outcome, Outcome::kDenied);
  EXPECT_THAT(Summary(d), ElementsAre("shared_config matched", "no_weak_config matched"));
}

TEST(ReleaseTest, DefaultDenyWhenNoRuleCoversThePath) {
  ir::Policy policy = ShopPolicy();
  ReleaseDecision d = Decide(policy, "other/repo/key", SnpToken());
  EXPECT_FALSE(d.released);
  EXPECT_EQ(d.outcome, Outcome::kNoMatchingRule);
  EXPECT_TRUE(d.trace.empty());
}

TEST(ReleaseTest, RefusesMalformedPaths) {
  ir::Policy policy = ShopPolicy();
  for (std::string_view path : {"default/payments", "default/payments/a/b", "default//key", "", "/a/b"}) {
    ReleaseDecision d = Decide(policy, path, SnpToken());
    EXPECT_FALSE(d.released) << path;
    EXPECT_EQ(d.outcome, Outcome::kMalformedPath) << path;
  }
}

TEST(ReleaseTest, RefusesSampleAttester) {
  ir::Policy policy = ShopPolicy();
  EXPECT_THAT(Summary(Decide(policy, "public/docs/readme", SampleToken())),
              ElementsAre("public failed tee != sample"));
  EXPECT_THAT(Summary(Decide(policy, "default/payments/card-key", SampleToken())),
              ElementsAre("payments_key no target"));
  EXPECT_TRUE(Decide(policy, "public/docs/readme", SnpToken()).released);
}

TEST(ReleaseTest, GpuRuleNeedsAffirmingGpus) {
  ir::Policy policy = ShopPolicy();
  EXPECT_TRUE(Decide(policy, "default/models/llm", TdxGpuToken()).released);
}

TEST(ReleaseTest, RefusesMissingGpu) {
  ir::Policy policy = ShopPolicy();
  ReleaseDecision d = Decide(policy, "default/models/llm", TdxToken());
  EXPECT_FALSE(d.released);
  EXPECT_THAT(Summary(d), ElementsAre("gpu_models failed gpu.attested"));
}

TEST(ReleaseTest, RefusesWhenAnyGpuIsOnlyWarning) {
  ir::Policy policy = ShopPolicy();
  ReleaseDecision d = Decide(policy, "default/models/llm", TdxGpuToken("affirming", "warning"));
  EXPECT_FALSE(d.released);
  EXPECT_THAT(Summary(d), ElementsAre("gpu_models failed gpu.status == affirming"));
}

TEST(ReleaseTest, InitDataClaimsAreChecked) {
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  Evidence(token)["init_data_claims"]["cdh.toml"]["kbc"]["name"] = "offline_fs_kbc";
  EXPECT_THAT(Summary(Decide(policy, "default/shared/ca-bundle", token)),
              ElementsAre("shared_config failed init_data_claims.\"cdh.toml\".kbc.name == \"cc_kbc\"",
                          "no_weak_config failed trust.configuration > 32"));
  Evidence(token).erase("init_data_claims");
  EXPECT_FALSE(Decide(policy, "default/shared/ca-bundle", token).released);
}

// ---- every predicate kind and operator on a one-rule policy ------------------

ir::Policy OneRule(std::vector<ir::Condition> conditions) {
  ir::Policy p;
  p.releases.push_back(Rule("r", K::kAllow, {Lit("a"), Lit("b"), Lit("c")}, {}, std::move(conditions)));
  return p;
}

bool Released(std::vector<ir::Condition> conditions, const json& token) {
  ir::Policy p = OneRule(std::move(conditions));
  return Decide(p, "a/b/c", token).released;
}

TEST(ReleaseConditionTest, TeeSets) {
  using ir::TeeKind;
  EXPECT_TRUE(Released({TeeIs(ir::SetOp::kIn, {TeeKind::kSnp})}, SnpToken()));
  EXPECT_TRUE(Released({TeeIs(ir::SetOp::kIn, {TeeKind::kTdx, TeeKind::kSnp})}, SnpToken()));
  EXPECT_FALSE(Released({TeeIs(ir::SetOp::kIn, {TeeKind::kTdx})}, SnpToken()));
  EXPECT_TRUE(Released({TeeIs(ir::SetOp::kNotIn, {TeeKind::kSample, TeeKind::kTdx})}, SnpToken()));
  EXPECT_FALSE(Released({TeeIs(ir::SetOp::kNotIn, {TeeKind::kSample})}, SampleToken()));
}

TEST(ReleaseConditionTest, TeeKeyWithFalseValueIsAbsent) {
  json token = SnpToken();
  Evidence(token)["tdx"] = false;
  EXPECT_FALSE(Released({TeeIs(ir::SetOp::kIn, {ir::TeeKind::kTdx})}, token));
}

TEST(ReleaseConditionTest, EarStatusSets) {
  using ir::EarStatus;
  json warning = SnpToken();
  Cpu(warning)["ear.status"] = "warning";
  EXPECT_TRUE(Released({StatusIs(ir::SetOp::kIn, {EarStatus::kAffirming, EarStatus::kWarning})}, warning));
  EXPECT_FALSE(Released({StatusIs(ir::SetOp::kIn, {EarStatus::kAffirming})}, warning));
  EXPECT_TRUE(Released({StatusIs(ir::SetOp::kNotIn, {EarStatus::kContraindicated})}, warning));
  json missing = SnpToken();
  Cpu(missing).erase("ear.status");
  EXPECT_FALSE(Released({StatusIs(ir::SetOp::kNotIn, {EarStatus::kContraindicated})}, missing));
}

TEST(ReleaseConditionTest, TrustVectorComparisons) {
  using ir::CompareOp;
  using ir::TrustClaim;
  json t = SnpToken();  // executables 3, hardware 2
  EXPECT_TRUE(Released({Trust(TrustClaim::kExecutables, CompareOp::kLe, 3)}, t));
  EXPECT_FALSE(Released({Trust(TrustClaim::kExecutables, CompareOp::kLt, 3)}, t));
  EXPECT_TRUE(Released({Trust(TrustClaim::kExecutables, CompareOp::kEq, 3)}, t));
  EXPECT_FALSE(Released({Trust(TrustClaim::kExecutables, CompareOp::kNe, 3)}, t));
  EXPECT_TRUE(Released({Trust(TrustClaim::kHardware, CompareOp::kGe, 2)}, t));
  EXPECT_FALSE(Released({Trust(TrustClaim::kHardware, CompareOp::kGt, 2)}, t));
  EXPECT_TRUE(Released({Trust(TrustClaim::kFileSystem, CompareOp::kEq, 0)}, t));
}

TEST(ReleaseConditionTest, MissingOrNonNumericTrustClaimNeverSatisfies) {
  using ir::CompareOp;
  json t = SnpToken();
  TrustVector(t).erase("hardware");
  TrustVector(t)["executables"] = "3";
  for (auto op : {CompareOp::kEq, CompareOp::kNe, CompareOp::kLe, CompareOp::kGt}) {
    EXPECT_FALSE(Released({Trust(ir::TrustClaim::kHardware, op, 2)}, t));
    EXPECT_FALSE(Released({Trust(ir::TrustClaim::kExecutables, op, 3)}, t));
  }
}

TEST(ReleaseConditionTest, GpuConditions) {
  using ir::EarStatus;
  json two = TdxGpuToken("affirming", "warning");
  EXPECT_TRUE(Released({GpuAttested()}, two));
  EXPECT_FALSE(Released({GpuAttested()}, TdxToken()));
  EXPECT_TRUE(Released({GpuStatusIs(ir::SetOp::kIn, {EarStatus::kAffirming, EarStatus::kWarning})}, two));
  EXPECT_TRUE(Released({GpuStatusIs(ir::SetOp::kNotIn, {EarStatus::kContraindicated})}, two));
  EXPECT_FALSE(Released({GpuStatusIs(ir::SetOp::kNotIn, {EarStatus::kWarning})}, two));
  // No GPU: a status test does not hold vacuously.
  EXPECT_FALSE(Released({GpuStatusIs(ir::SetOp::kNotIn, {EarStatus::kContraindicated})}, TdxToken()));
  // Only submods named with the GPU prefix count; "cpu1" is a second CPU.
  json odd = TdxToken();
  odd["submods"]["cpu1"] = Cpu(odd);
  EXPECT_FALSE(Released({GpuAttested()}, odd));
}

TEST(ReleaseConditionTest, InitDataClaimOperators) {
  std::vector<std::string> kbc = {"cdh.toml", "kbc", "name"};
  EXPECT_TRUE(Released({InitDataClaim(kbc, ir::SetOp::kIn, {"cc_kbc"})}, SnpToken()));
  EXPECT_TRUE(Released({InitDataClaim(kbc, ir::SetOp::kIn, {"offline_fs_kbc", "cc_kbc"})}, SnpToken()));
  EXPECT_FALSE(Released({InitDataClaim(kbc, ir::SetOp::kNotIn, {"cc_kbc"})}, SnpToken()));
  EXPECT_TRUE(Released({InitDataClaim(kbc, ir::SetOp::kNotIn, {"offline_fs_kbc"})}, SnpToken()));
  std::vector<std::string> missing = {"cdh.toml", "image", "image_security_policy_uri"};
  EXPECT_FALSE(Released({InitDataClaim(missing, ir::SetOp::kIn, {"x"})}, SnpToken()));
  EXPECT_FALSE(Released({InitDataClaim(missing, ir::SetOp::kNotIn, {"x"})}, SnpToken()));
}

TEST(ReleaseConditionTest, EvidenceValuesCompareWithLiteralsWithoutConversions) {
  using Op = ir::EvidenceTest::Op;
  using L = ir::Literal;
  std::vector<std::string> debug = {"snp", "policy_debug_allowed"};  // false in SnpToken
  std::vector<std::string> bootloader = {"snp", "reported_tcb_bootloader"};  // 10
  std::vector<std::string> url = {"init_data_claims", "aa.toml", "token_configs", "kbs", "url"};
  EXPECT_TRUE(Released({EvidenceIs(debug, Op::kIn, {L::Bool(false)})}, SnpToken()));
  EXPECT_FALSE(Released({EvidenceIs(debug, Op::kIn, {L::Int(0)})}, SnpToken())) << "false is not 0";
  EXPECT_FALSE(Released({EvidenceIs(debug, Op::kPresent)}, SnpToken())) << "present but false";
  EXPECT_TRUE(Released({EvidenceIs(debug, Op::kAbsent)}, SnpToken()));
  EXPECT_TRUE(Released({EvidenceIs(bootloader, Op::kCompare, {L::Int(10)}, ir::CompareOp::kGe)}, SnpToken()));
  EXPECT_FALSE(Released({EvidenceIs(bootloader, Op::kCompare, {L::Int(10)}, ir::CompareOp::kGt)}, SnpToken()));
  EXPECT_TRUE(Released({EvidenceIs(bootloader, Op::kNotIn, {L::String("10")})}, SnpToken()));
  EXPECT_TRUE(Released({EvidenceIs(url, Op::kMatches, {L::String("^http://")})}, SnpToken()));
  EXPECT_FALSE(Released({EvidenceIs(url, Op::kMatches, {L::String("^https://")})}, SnpToken()));
  EXPECT_FALSE(Released({EvidenceIs(bootloader, Op::kMatches, {L::String("1")})}, SnpToken())) << "not a string";
  json floaty = SnpToken();
  Evidence(floaty)["snp"]["reported_tcb_bootloader"] = 10.0;
  EXPECT_TRUE(Released({EvidenceIs(bootloader, Op::kIn, {L::Int(10)})}, floaty)) << "numbers compare numerically";
}

TEST(ReleaseConditionTest, AbsentValuesFailEveryTestAndSatisfyItsNegation) {
  using Op = ir::EvidenceTest::Op;
  using L = ir::Literal;
  std::vector<std::string> missing = {"snp", "no_such_claim"};
  for (const ir::Condition& c :
       {EvidenceIs(missing, Op::kIn, {L::Int(1)}), EvidenceIs(missing, Op::kNotIn, {L::Int(1)}),
        EvidenceIs(missing, Op::kCompare, {L::Int(1)}, ir::CompareOp::kNe),
        EvidenceIs(missing, Op::kMatches, {L::String("")}), EvidenceIs(missing, Op::kPresent),
        Trust(ir::TrustClaim::kSourcedData, ir::CompareOp::kNe, 5),
        InitDataClaim({"cdh.toml", "missing"}, ir::SetOp::kNotIn, {"x"})}) {
    json token = SnpToken();
    TrustVector(token).erase("sourced-data");
    EXPECT_FALSE(Released({c}, token)) << ir::ToString(c);
    EXPECT_TRUE(Released({Negated(c)}, token)) << ir::ToString(Negated(c));
  }
}

TEST(ReleaseConditionTest, ATraceNamesTheNegationThatFailed) {
  ir::Policy p = OneRule({Negated(Trust(ir::TrustClaim::kHardware, ir::CompareOp::kLe, 2))});
  EXPECT_THAT(Summary(Decide(p, "a/b/c", SnpToken())), ElementsAre("r failed not (trust.hardware <= 2)"));
}

TEST(ReleaseConditionTest, ConditionsAreAConjunctionReportedInOrder) {
  ir::Policy p = OneRule({Trust(ir::TrustClaim::kHardware, ir::CompareOp::kLe, 2),
                          StatusIs(ir::SetOp::kIn, {ir::EarStatus::kWarning}),
                          Trust(ir::TrustClaim::kExecutables, ir::CompareOp::kLe, 0)});
  ReleaseDecision d = Decide(p, "a/b/c", SnpToken());
  EXPECT_THAT(Summary(d), ElementsAre("r failed ear.status == warning"));
}

TEST(ReleaseConditionTest, EmptyTokenFailsEveryConditionButNegatedTee) {
  json empty = json::object();
  EXPECT_FALSE(Released({StatusIs(ir::SetOp::kNotIn, {ir::EarStatus::kContraindicated})}, empty));
  EXPECT_FALSE(Released({Trust(ir::TrustClaim::kHardware, ir::CompareOp::kNe, 2)}, empty));
  // `not ev.sample` holds in Rego when ev is undefined; so does it here.
  EXPECT_TRUE(Released({TeeIs(ir::SetOp::kNotIn, {ir::TeeKind::kSample})}, empty));
}

// ---- patterns and the index -------------------------------------------------

TEST(ReleasePatternTest, LiteralPrefixAndAnySegments) {
  ir::Policy p;
  p.releases.push_back(Rule("lit", K::kAllow, {Lit("r"), Lit("t"), Lit("k")}, {}, {}));
  p.releases.push_back(Rule("pre", K::kAllow, {Lit("r"), Prefix("ty"), Any()}, {}, {}));
  p.releases.push_back(Rule("any", K::kAllow, {Any(), Any(), Prefix("k")}, {}, {}));
  auto ids = [&](std::string_view path) {
    std::vector<std::string> out;
    for (const auto& e : Decide(p, path, SnpToken()).trace) out.push_back(e.rule->id);
    return out;
  };
  EXPECT_THAT(ids("r/t/k"), ElementsAre("lit", "any"));
  EXPECT_THAT(ids("r/type/k2"), ElementsAre("pre", "any"));
  EXPECT_THAT(ids("x/t/key"), ElementsAre("any"));
  EXPECT_THAT(ids("r/t/z"), ElementsAre());
}

TEST(ReleasePatternTest, TraceFollowsPolicyOrderAcrossIndexBuckets) {
  ir::Policy p;
  p.releases.push_back(Rule("wild", K::kDeny, {Any(), Any(), Any()}, {}, {StatusIs(ir::SetOp::kIn, {ir::EarStatus::kNone})}));
  p.releases.push_back(Rule("repo", K::kAllow, {Lit("a"), Any(), Any()}, {}, {}));
  p.releases.push_back(Rule("exact", K::kAllow, {Lit("a"), Lit("b"), Any()}, {}, {}));
  p.releases.push_back(Rule("wild2", K::kAllow, {Prefix("a"), Any(), Any()}, {}, {}));
  ReleaseDecision d = Decide(p, "a/b/c", SnpToken());
  EXPECT_THAT(Summary(d), ElementsAre("wild failed ear.status == none", "repo matched", "exact matched", "wild2 matched"));
  EXPECT_TRUE(d.released);
}

TEST(ReleasePatternTest, CreateRejectsUnknownTarget) {
  ir::Policy p;
  p.releases.push_back(Rule("r", K::kAllow, {Any(), Any(), Any()}, {"ghost"}, {}));
  auto compiled = CompiledReleasePolicy::Create(p, Facts());
  ASSERT_FALSE(compiled.ok());
  EXPECT_THAT(compiled.status().message(), HasSubstr("ghost"));
}

TEST(ReleaseTraceTest, RendersRulesAndVerdict) {
  ir::Policy policy = ShopPolicy();
  json token = SnpToken();
  Cpu(token)["ear.status"] = "warning";
  TrustVector(token)["configuration"] = 36;
  std::string text = RenderTrace(Decide(policy, "default/shared/ca-bundle", token));
  EXPECT_EQ(text,
            "release shared_config (default/shared/*) at policies/shop.cpl:9:1: matched\n"
            "deny no_weak_config (default/shared/*) at policies/shop.cpl:25:1: matched\n"
            "refused: deny rule no_weak_config matched\n");
  EXPECT_EQ(RenderTrace(Decide(policy, "nothing/here/x", token)), "refused: no release rule matched (default deny)\n");
  EXPECT_THAT(RenderTrace(Decide(policy, "default/payments/k", SnpToken())),
              HasSubstr("released: release rule payments_key matched"));
}

}  // namespace
}  // namespace cocoplane::cpl::eval
