// The runner on a hand-built policy (the shop of release_fixtures.h plus a
// profile and a pool): decisions, explanations, name errors (CP8020-
// CP8022) and the coverage math of report.h.
#include "cpl/testing/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpl/eval/release_fixtures.h"
#include "cpl/testing/load.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::testing {
namespace {

using cocoplane::testing::Describe;
using cocoplane::testing::HasDiagnostic;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kFile[] = "tests/shop.yaml";

ir::Policy Shop() {
  ir::Policy p = ShopPolicy();
  p.workloads[0].agent_profile = "strict";
  p.workloads[1].agent_profile = "strict";
  ir::AgentProfile strict;
  strict.name = "strict";
  strict.location = {"policies/agents.cpl", 2, 1, 0};
  strict.exec.allow_argv = {{"/usr/bin/healthcheck"}};
  strict.exec.allow_regexes = {"^/bin/date( -u)?$"};
  p.agent_profiles.push_back(strict);
  ir::PoolConstraints pool;
  pool.name = "snp";
  pool.location = {"policies/pools.cpl", 1, 1, 0};
  pool.allowed_annotations = {"cc_init_data", "default_memory", "kernel_params"};
  pool.memory_max_mib = 8192;
  pool.vcpus_max = 8;
  pool.debug_forbidden = true;
  p.pools.push_back(pool);
  return p;
}

struct Run {
  ir::Policy policy = Shop();
  std::vector<Suite> suites;
  DiagnosticSink sink;
  RunReport report;
};

// Parses `yaml`, prepares and runs it against Shop().
std::unique_ptr<Run> RunSuite(std::string_view yaml) {
  auto run = std::make_unique<Run>();
  run->suites = ParseSuiteFile(kFile, yaml, nullptr, run->sink);
  auto runner = Runner::Create(run->policy, *gen::trustee::FactsFor("0.21"));
  EXPECT_OK(runner.status());
  if (!runner.ok()) return run;
  std::vector<PreparedCase> cases = runner->Prepare(run->suites, run->sink);
  run->report = runner->Run(run->suites, cases);
  return run;
}

const CoverageItem& Item(const RunReport& r, std::string_view id) {
  for (const auto& item : r.coverage.items) {
    if (item.id == id) return item;
  }
  static const CoverageItem kNone;
  ADD_FAILURE() << "no coverage item " << id;
  return kNone;
}

TEST(RunnerTest, DecidesEachKindAndExplainsFailures) {
  auto run = RunSuite(R"(cases:
  - name: payments key
    release: {resource: default/payments/key, workload: payments}
    expect: released
  - name: payments key to inference (wrong on purpose)
    release: {resource: default/payments/key, workload: inference}
    expect: released
  - name: healthcheck
    agent: {workload: payments, endpoint: ExecProcessRequest, request: {process: {Args: [/usr/bin/healthcheck]}}}
    expect: allowed
  - name: small pod
    pod: {pool: snp, memory: 4096}
    expect: admitted
)");
  ASSERT_FALSE(run->sink.has_errors()) << Describe(run->sink);
  const RunReport& r = run->report;
  ASSERT_EQ(r.total(), 4u);
  EXPECT_EQ(r.count(Verdict::kPass), 3u);
  const CaseResult& failed = r.suites[0].cases[1];
  EXPECT_EQ(failed.verdict(), Verdict::kFail);
  EXPECT_EQ(FailureMessage(failed), "expected released, got refused");
  EXPECT_THAT(
      failed.explanation,
      ElementsAre(
          "release payments_key (default/payments/*) at policies/shop.cpl:3:1: failed: evidence is "
          "not from a target workload",
          "refused: no release rule matched (default deny)"));
  EXPECT_EQ(failed.location.ToString(), "tests/shop.yaml:5:5");
  EXPECT_THAT(r.suites[0].cases[2].explanation.front(), HasSubstr("agent profile strict"));
}

TEST(RunnerTest, CP8020UnknownWorkload) {
  auto run = RunSuite(
      "cases:\n  - name: a\n    release: {resource: a/b/c, workload: paymnts}\n    expect: "
      "refused\n");
  ASSERT_TRUE(HasDiagnostic(run->sink, "CP8020", kFile, 3, 42)) << Describe(run->sink);
  EXPECT_EQ(run->sink.diagnostics()[0].hint, "did you mean `payments`?");
  EXPECT_EQ(run->report.total(), 0u);
}

TEST(RunnerTest, CP8021UnknownProfile) {
  auto run = RunSuite(
      "cases:\n  - name: a\n    agent: {profile: strikt, endpoint: ExecProcessRequest}\n"
      "    expect: denied\n");
  EXPECT_TRUE(HasDiagnostic(run->sink, "CP8021", kFile, 3, 22)) << Describe(run->sink);
}

TEST(RunnerTest, CP8022UnknownPool) {
  auto run = RunSuite("cases:\n  - name: a\n    pod: {pool: tdx}\n    expect: admitted\n");
  ASSERT_TRUE(HasDiagnostic(run->sink, "CP8022", kFile, 3, 17)) << Describe(run->sink);
  EXPECT_EQ(run->sink.diagnostics()[0].hint, "the policy's node pools: snp");
}

TEST(RunnerTest, CP8009WhenTheBuilderCannotMakeTheToken) {
  auto run = RunSuite(
      "cases:\n  - name: a\n    release: {resource: a/b/c, tee: cca, debug: true}\n"
      "    expect: refused\n");
  EXPECT_TRUE(HasDiagnostic(run->sink, "CP8009", kFile, 2, 5)) << Describe(run->sink);
}

TEST(RunnerTest, CoverageCountsTheRuleThatDecided) {
  auto run = RunSuite(R"(cases:
  - name: payments key released
    release: {resource: default/payments/key, workload: payments}
    expect: released
  - name: shared config denied while configuration is weak
    release:
      resource: default/shared/cfg
      workload: payments
      trust: {configuration: 40}
      init_data_claims: {cdh.toml: {kbc: {name: cc_kbc}}}
    expect: refused
  - name: date via regex
    agent: {profile: strict, endpoint: ExecProcessRequest, request: {process: {Args: [/bin/date, -u]}}}
    expect: allowed
  - name: no shell
    agent: {profile: strict, endpoint: ExecProcessRequest, request: {process: {Args: [/bin/sh]}}}
    expect: denied
  - name: logs
    agent: {profile: strict, endpoint: ReadStreamRequest}
    expect: denied
  - name: sandbox is not a profile rule
    agent: {profile: strict, endpoint: CreateSandboxRequest}
    expect: denied
  - name: too much memory
    pod: {pool: snp, memory: 16384}
    expect: rejected
  - name: debug console
    pod: {pool: snp, annotations: {io.katacontainers.config.hypervisor.kernel_params: agent.debug_console}}
    expect: rejected
  - name: not an enabled annotation
    pod: {pool: snp, annotations: {io.katacontainers.config.hypervisor.firmware: /x}}
    expect: rejected
)");
  ASSERT_FALSE(run->sink.has_errors()) << Describe(run->sink);
  const RunReport& r = run->report;
  EXPECT_EQ(Item(r, "payments_key").hits, 1u);
  // The release rule shared_config matched too, but the deny decided.
  EXPECT_EQ(Item(r, "shared_config").hits, 0u);
  EXPECT_EQ(Item(r, "no_weak_config").hits, 1u);
  EXPECT_EQ(Item(r, "gpu_models").hits, 0u);
  EXPECT_EQ(Item(r, "strict.exec[0]").hits, 0u);
  EXPECT_EQ(Item(r, "strict.exec[1]").hits, 1u);
  EXPECT_EQ(Item(r, "strict.exec[1]").description,
            "agent profile strict: exec allow regex \"^/bin/date( -u)?$\"");
  EXPECT_EQ(Item(r, "strict.exec").hits, 1u);
  EXPECT_EQ(Item(r, "strict.logs").hits, 1u);
  EXPECT_EQ(Item(r, "strict.stdin").hits, 0u);
  EXPECT_EQ(Item(r, "snp.memory").hits, 1u);
  EXPECT_EQ(Item(r, "snp.vcpus").hits, 0u);
  EXPECT_EQ(Item(r, "snp.debug").hits, 1u);
  EXPECT_EQ(Item(r, "snp.annotations").hits, 1u);
  EXPECT_EQ(Item(r, "snp.annotations").location, (Location{"policies/pools.cpl", 1, 1, 0}));

  // 5 release rules + (2 exec entries + 7 settings) + 4 pool constraints.
  EXPECT_EQ(r.coverage.items.size(), 18u);
  EXPECT_EQ(r.coverage.covered(), 8u);
  EXPECT_DOUBLE_EQ(r.coverage.percent(), 100.0 * 8 / 18);
}

TEST(RunnerTest, DebugIsNoCoverageItemWhereKernelParamsIsNotEnabled) {
  ir::Policy policy = Shop();
  policy.pools[0].allowed_annotations = {"cc_init_data"};
  auto runner = Runner::Create(policy, *gen::trustee::FactsFor("0.21"));
  ASSERT_OK(runner.status());
  RunReport r = runner->Run({}, {});
  for (const auto& item : r.coverage.items) EXPECT_NE(item.id, "snp.debug");
}

TEST(RunnerTest, NothingToCoverIsFullCoverage) {
  Coverage empty;
  EXPECT_EQ(empty.percent(), 100.0);
}

}  // namespace
}  // namespace cocoplane::cpl::testing
