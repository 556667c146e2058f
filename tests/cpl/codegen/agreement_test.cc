// The generated resource policy decides like the evaluator.
//
// No Rego engine is available here, so the generated text is run through
// mini_rego (an interpreter for exactly the subset the generator writes,
// reading the text, not the IR) and compared with cpl/eval on every case of
// the release tests plus a sweep over tokens and paths: the decision, and
// rule by rule, the ids the evaluator traces as matched equal the Rego's
// `released_by` and `denied_by` sets.
#include <gtest/gtest.h>

#include <algorithm>

#include "cpl/codegen/mini_rego.h"
#include "cpl/codegen/rego.h"
#include "cpl/codegen/rego_check.h"
#include "cpl/eval/release.h"
#include "cpl/eval/release_fixtures.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::codegen {
namespace {

using namespace cocoplane::cpl::testing;  // NOLINT: fixtures
using nlohmann::json;

const gen::trustee::TrusteeVersionFacts& Facts() { return *gen::trustee::FactsFor("0.21"); }

struct Case {
  std::string name;
  std::string path;
  json token;
};

// The cases of cpl/eval release_test.cc, on the shop policy.
std::vector<Case> ReleaseTestCases() {
  std::vector<Case> cases;
  cases.push_back({"snp payments", "default/payments/card-key", SnpToken()});
  json other = SnpToken();
  Evidence(other)["init_data"] = kDigestC;
  cases.push_back({"other digest", "default/payments/card-key", other});
  json wrong_tee = TdxToken();
  Evidence(wrong_tee)["init_data"] = kDigestA;
  cases.push_back({"right digest wrong tee", "default/payments/card-key", wrong_tee});
  json upper = SnpToken();
  std::string u = kDigestA;
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Evidence(upper)["init_data"] = u;
  cases.push_back({"upper-case hex", "default/payments/card-key", upper});
  cases.push_back({"tdx shared", "default/shared/ca-bundle", TdxToken()});
  json contra = SnpToken();
  Cpu(contra)["ear.status"] = "contraindicated";
  cases.push_back({"contraindicated", "default/payments/card-key", contra});
  json debug = SnpToken();
  Evidence(debug)["snp"]["policy_debug_allowed"] = true;
  TrustVector(debug)["configuration"] = 36;
  cases.push_back({"debug affirming", "default/payments/card-key", debug});
  Cpu(debug)["ear.status"] = "warning";
  cases.push_back({"debug warning", "default/payments/card-key", debug});
  cases.push_back({"deny wins", "default/shared/ca-bundle", debug});
  cases.push_back({"no rule", "other/repo/key", SnpToken()});
  cases.push_back({"sample public", "public/docs/readme", SampleToken()});
  cases.push_back({"sample payments", "default/payments/card-key", SampleToken()});
  cases.push_back({"snp public", "public/docs/readme", SnpToken()});
  cases.push_back({"gpus", "default/models/llm", TdxGpuToken()});
  cases.push_back({"no gpu", "default/models/llm", TdxToken()});
  cases.push_back({"gpu warning", "default/models/llm", TdxGpuToken("affirming", "warning")});
  json kbc = SnpToken();
  Evidence(kbc)["init_data_claims"]["cdh.toml"]["kbc"]["name"] = "offline_fs_kbc";
  cases.push_back({"offline kbc", "default/shared/ca-bundle", kbc});
  Evidence(kbc).erase("init_data_claims");
  cases.push_back({"no init_data_claims", "default/shared/ca-bundle", kbc});
  cases.push_back({"empty token", "default/payments/card-key", json::object()});
  return cases;
}

// Variations over everything the conditions read.
std::vector<Case> Sweep() {
  std::vector<Case> cases;
  const std::vector<std::string> paths = {"default/payments/k", "default/shared/k", "default/models/k",
                                          "public/x/y",         "pub/a/b",          "default/other/k"};
  const std::vector<std::string> statuses = {"affirming", "warning", "contraindicated"};
  const std::vector<int> configurations = {2, 33, 36};
  int n = 0;
  for (const auto& base : {SnpToken(), TdxToken(), TdxGpuToken(), TdxGpuToken("warning", "affirming"), SampleToken()}) {
    for (const auto& status : statuses) {
      for (int configuration : configurations) {
        for (bool swap_digest : {false, true}) {
          json token = base;
          Cpu(token)["ear.status"] = status;
          TrustVector(token)["configuration"] = configuration;
          if (swap_digest) {
            std::string d = Evidence(token)["init_data"].get<std::string>();
            Evidence(token)["init_data"] = d.size() == 96 ? TdxBinding(kDigestA) : kDigestC;
          }
          for (const auto& path : paths) cases.push_back({"sweep " + std::to_string(n++), path, token});
        }
      }
    }
  }
  return cases;
}

void ExpectAgreement(const ir::Policy& policy, const std::vector<Case>& cases) {
  auto rego = ResourcePolicyRego(policy, Facts());
  ASSERT_OK(rego.status());
  auto compiled = eval::CompiledReleasePolicy::Create(policy, Facts());
  ASSERT_OK(compiled.status());
  for (const auto& c : cases) {
    eval::ReleaseDecision d = eval::EvaluateRelease(*compiled, c.path, c.token);
    MiniRegoResult r = EvaluateResourcePolicyText(*rego, c.path, c.token);
    ASSERT_TRUE(r.ok) << c.name << ": " << r.error;
    EXPECT_EQ(r.allow, d.released) << c.name << "\n" << eval::RenderTrace(d);
    std::vector<std::string> released_by, denied_by;
    for (const auto& entry : d.trace) {
      if (!entry.matched()) continue;
      (entry.rule->kind == ir::ReleaseRule::Kind::kAllow ? released_by : denied_by).push_back(entry.rule->id);
    }
    std::sort(released_by.begin(), released_by.end());
    std::sort(denied_by.begin(), denied_by.end());
    EXPECT_EQ(r.released_by, released_by) << c.name;
    EXPECT_EQ(r.denied_by, denied_by) << c.name;
  }
}

TEST(AgreementTest, ReleaseTestCasesDecideAlikeInRego) { ExpectAgreement(ShopPolicy(), ReleaseTestCases()); }

TEST(AgreementTest, SweepDecidesAlikeInRego) {
  std::vector<Case> cases = Sweep();
  ASSERT_GT(cases.size(), 500u);
  ExpectAgreement(ShopPolicy(), cases);
}

TEST(AgreementTest, EveryOperatorDecidesAlikeInRego) {
  using ir::CompareOp;
  using ir::SetOp;
  using K = ir::ReleaseRule::Kind;
  ir::Policy p;
  int id = 0;
  auto add = [&](std::vector<ir::Condition> conditions) {
    std::string name = "r" + std::to_string(id++);
    p.releases.push_back(Rule(name, K::kAllow, {Lit(name), Any(), Any()}, {}, std::move(conditions)));
  };
  for (auto op : {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt, CompareOp::kGe}) {
    add({Trust(ir::TrustClaim::kExecutables, op, 3)});
    add({Trust(ir::TrustClaim::kSourcedData, op, 0)});
  }
  for (auto op : {SetOp::kIn, SetOp::kNotIn}) {
    add({TeeIs(op, {ir::TeeKind::kSnp})});
    add({TeeIs(op, {ir::TeeKind::kTdx, ir::TeeKind::kSample})});
    add({StatusIs(op, {ir::EarStatus::kAffirming})});
    add({StatusIs(op, {ir::EarStatus::kWarning, ir::EarStatus::kContraindicated})});
    add({GpuStatusIs(op, {ir::EarStatus::kAffirming})});
    add({InitDataClaim({"cdh.toml", "kbc", "name"}, op, {"cc_kbc"})});
    add({InitDataClaim({"aa.toml", "token_configs", "kbs", "url"}, op, {"http://kbs.trustee:8080", "x"})});
  }
  add({GpuAttested()});
  // Evidence values of every kind, under every operator, and negations.
  using Op = ir::EvidenceTest::Op;
  using L = ir::Literal;
  for (const std::vector<std::string>& path :
       {std::vector<std::string>{"snp", "policy_debug_allowed"}, {"snp", "reported_tcb_bootloader"},
        {"tdx", "td_attributes", "debug"}, {"tdx", "tcb_status"}, {"init_data"},
        {"init_data_claims", "aa.toml", "token_configs", "kbs", "url"}, {"snp", "absent"}}) {
    add({EvidenceIs(path, Op::kPresent)});
    add({EvidenceIs(path, Op::kAbsent)});
    add({EvidenceIs(path, Op::kIn, {L::Bool(false)})});
    add({EvidenceIs(path, Op::kIn, {L::Int(10), L::String("UpToDate"), L::Int(0)})});
    add({EvidenceIs(path, Op::kNotIn, {L::Int(10), L::Bool(true)})});
    add({EvidenceIs(path, Op::kMatches, {L::String("^http://")})});
    add({EvidenceIs(path, Op::kMatches, {L::String("[0-9a-f]{64}")})});
    add({Negated(EvidenceIs(path, Op::kMatches, {L::String("^http://")}))});
    add({Negated(EvidenceIs(path, Op::kIn, {L::Bool(false)}))});
    for (auto op : {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt, CompareOp::kGe}) {
      add({EvidenceIs(path, Op::kCompare, {L::Int(10)}, op)});
      add({Negated(EvidenceIs(path, Op::kCompare, {L::Int(10)}, op))});
    }
  }
  add({Negated(Trust(ir::TrustClaim::kExecutables, CompareOp::kLe, 3))});
  add({Negated(InitDataClaim({"cdh.toml", "kbc", "name"}, SetOp::kNotIn, {"cc_kbc"})),
       StatusIs(SetOp::kIn, {ir::EarStatus::kAffirming})});
  std::vector<Case> cases;
  json odd = SnpToken();
  TrustVector(odd)["executables"] = "3";
  Cpu(odd).erase("ear.status");
  Evidence(odd)["snp"]["policy_debug_allowed"] = 0.0;
  Evidence(odd)["snp"]["reported_tcb_bootloader"] = "10";
  Evidence(odd)["init_data_claims"]["aa.toml"]["token_configs"]["kbs"]["url"] = 8080;
  for (const auto& token : {SnpToken(), TdxToken(), TdxGpuToken("affirming", "warning"), SampleToken(), odd,
                            json::object()}) {
    for (int i = 0; i < id; ++i) cases.push_back({"r" + std::to_string(i), "r" + std::to_string(i) + "/t/k", token});
  }
  ExpectAgreement(p, cases);
}

// The check has teeth: a one-character slip in the generated text changes
// the interpreter's answer.
TEST(AgreementTest, InterpreterNoticesAMutatedPolicy) {
  auto rego = ResourcePolicyRego(ShopPolicy(), Facts());
  ASSERT_OK(rego.status());
  std::string mutated = *rego;
  size_t at = mutated.find("trust_1 <= 3");
  ASSERT_NE(at, std::string::npos);
  mutated.replace(at, 12, "trust_1 < 3");
  MiniRegoResult original = EvaluateResourcePolicyText(*rego, "default/payments/k", SnpToken());
  MiniRegoResult changed = EvaluateResourcePolicyText(mutated, "default/payments/k", SnpToken());
  ASSERT_TRUE(original.ok && changed.ok) << original.error << changed.error;
  EXPECT_TRUE(original.allow);
  EXPECT_FALSE(changed.allow);
  std::string exotic = *rego;
  exotic.replace(exotic.find("count(path) == 3"), 16, "time.now_ns() > 0");
  MiniRegoResult unknown = EvaluateResourcePolicyText(exotic, "default/payments/k", SnpToken());
  EXPECT_FALSE(unknown.ok);
  EXPECT_EQ(unknown.error, "unknown function time.now_ns");
}

}  // namespace
}  // namespace cocoplane::cpl::codegen
