// The Rego engine cross-check without a real engine: the output parser on
// the shapes opa and regorus print, and CrossCheck with an in-memory engine
// that answers from a table, to prove the queries it is asked and that a
// disagreement fails the case. (The CLI test runs the same plumbing
// through a fake engine script.)
#include "cpl/testing/engine.h"

#include <gtest/gtest.h>

#include <map>

#include "cpl/eval/release_fixtures.h"
#include "cpl/testing/load.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::testing {
namespace {

using cocoplane::testing::Describe;

TEST(EngineTest, ParsesOpaAndRegorusOutput) {
  // opa eval --format json
  EXPECT_EQ(
      *ParseEvalOutput(R"({"result":[{"expressions":[{"value":true,"text":"data.policy.allow",)"
                       R"("location":{"row":1,"col":1}}]}]})"),
      true);
  // regorus eval (pretty printed)
  EXPECT_EQ(
      *ParseEvalOutput("{\n  \"result\": [\n    {\n      \"expressions\": [\n        {\n"
                       "          \"value\": false,\n          \"text\": \"data.policy.allow\"\n"
                       "        }\n      ]\n    }\n  ]\n}\n"),
      false);
  // Undefined: opa prints {}, regorus an empty result.
  EXPECT_EQ(*ParseEvalOutput("{}"), false);
  EXPECT_EQ(*ParseEvalOutput(R"({"result": []})"), false);
  // The agent's structured answer.
  EXPECT_EQ(
      *ParseEvalOutput(R"({"result":[{"expressions":[{"value":{"allowed":true,"ops":[]}}]}]})"),
      true);
  // Not a boolean: a denial, as the KBS treats it.
  EXPECT_EQ(*ParseEvalOutput(R"({"result":[{"expressions":[{"value":"yes"}]}]})"), false);
  EXPECT_FALSE(ParseEvalOutput("rego_parse_error: unexpected }").ok());
  EXPECT_FALSE(ParseEvalOutput(R"({"result":[{"bindings":{}}]})").ok());
}

// Answers each query from `answers` (by query text), recording what it
// was asked; a missing entry is an engine failure.
class TableEngine : public RegoEngine {
 public:
  std::map<std::string, bool> answers;
  std::vector<EngineQuery> asked;
  std::vector<std::string> modules;

  Result<bool> Evaluate(const EngineQuery& q) override {
    asked.push_back({q.module_name, nullptr, q.query, nullptr, q.data});
    modules.push_back(*q.module);
    inputs.push_back(*q.input);
    auto it = answers.find(q.query);
    if (it == answers.end()) return Status::Unavailable("no answer for " + q.query);
    return it->second;
  }
  std::vector<nlohmann::json> inputs;
};

struct CrossRun {
  ir::Policy policy = ShopPolicy();
  std::vector<Suite> suites;
  RunReport report;
};

std::unique_ptr<CrossRun> CrossCheckShop(TableEngine& engine) {
  auto run = std::make_unique<CrossRun>();
  ir::AgentProfile strict;
  strict.name = "strict";
  run->policy.agent_profiles.push_back(strict);
  ir::PoolConstraints pool;
  pool.name = "snp";
  run->policy.pools.push_back(pool);
  DiagnosticSink sink;
  run->suites = ParseSuiteFile("tests/x.yaml", R"(cases:
  - name: payments key
    release: {resource: default/payments/key, workload: payments}
    expect: released
  - name: no shell
    agent: {profile: strict, endpoint: ExecProcessRequest, request: {process: {Args: [/bin/sh]}}}
    expect: denied
  - name: pod
    pod: {pool: snp}
    expect: admitted
)",
                               nullptr, sink);
  EXPECT_FALSE(sink.has_errors()) << Describe(sink);
  auto runner = Runner::Create(run->policy, *gen::trustee::FactsFor("0.21"));
  EXPECT_OK(runner.status());
  if (!runner.ok()) return run;
  std::vector<PreparedCase> cases = runner->Prepare(run->suites, sink);
  run->report = runner->Run(run->suites, cases);
  CrossCheck(*runner, cases, engine, run->report);
  return run;
}

TEST(EngineTest, AsksTheQueriesTheRealComponentsAsk) {
  TableEngine engine;
  engine.answers = {{"data.policy.allow", true}, {"data.agent_policy.ExecProcessRequest", false}};
  auto run = CrossCheckShop(engine);
  ASSERT_EQ(engine.asked.size(), 2u);

  EXPECT_EQ(engine.asked[0].module_name, "resource-policy");
  EXPECT_EQ(engine.asked[0].query, "data.policy.allow");
  EXPECT_EQ(
      *engine.asked[0].data,
      (nlohmann::json{{"plugin", "resource"}, {"resource-path", {"default", "payments", "key"}}}));
  EXPECT_TRUE(engine.modules[0].find("package policy") != std::string::npos);
  EXPECT_EQ(engine.inputs[0]["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["init_data"],
            kDigestA);

  EXPECT_EQ(engine.asked[1].module_name, "agent-policy-strict");
  EXPECT_FALSE(engine.asked[1].data.has_value());
  EXPECT_TRUE(engine.modules[1].find("package agent_policy") != std::string::npos);
  EXPECT_EQ(engine.inputs[1]["process"]["Args"][0], "/bin/sh");

  const RunReport& r = run->report;
  EXPECT_TRUE(r.engine_ran);
  EXPECT_EQ(r.count(Verdict::kPass), 3u);
  EXPECT_EQ(r.suites[0].cases[0].engine.state, EngineCheck::State::kAgreed);
  EXPECT_EQ(r.suites[0].cases[2].engine.state, EngineCheck::State::kNotRun);
}

TEST(EngineTest, ADisagreementFailsTheCase) {
  TableEngine engine;
  engine.answers = {{"data.policy.allow", false}, {"data.agent_policy.ExecProcessRequest", false}};
  auto run = CrossCheckShop(engine);
  const CaseResult& c = run->report.suites[0].cases[0];
  EXPECT_EQ(c.engine.state, EngineCheck::State::kDisagreed);
  EXPECT_EQ(c.verdict(), Verdict::kFail);
  EXPECT_EQ(FailureMessage(c),
            "the Rego engine decided refused where the evaluator decided released");
  EXPECT_EQ(run->report.count(Verdict::kPass), 2u);
}

TEST(EngineTest, AnEngineFailureIsAnError) {
  TableEngine engine;
  engine.answers = {{"data.policy.allow", true}};
  auto run = CrossCheckShop(engine);
  const CaseResult& c = run->report.suites[0].cases[1];
  EXPECT_EQ(c.verdict(), Verdict::kError);
  EXPECT_EQ(c.engine.message, "no answer for data.agent_policy.ExecProcessRequest");
}

}  // namespace
}  // namespace cocoplane::cpl::testing
