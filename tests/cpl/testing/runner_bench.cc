// Speed of `cocoplane test` without the compiler: 10,000 cases (release,
// agent and pod mixed) parsed from YAML, prepared and run against the shop
// policy of release_fixtures.h. The target is well under a second for
// the whole run; a separate executable, not run by CTest.
//
//   build/<dir>/tests/cpl/testing/cpl_testing_bench
#include <benchmark/benchmark.h>

#include <string>

#include "cpl/eval/release_fixtures.h"
#include "cpl/testing/load.h"
#include "cpl/testing/runner.h"

namespace cocoplane::cpl::testing {
namespace {

constexpr int kCases = 10000;

ir::Policy BenchPolicy() {
  ir::Policy p = ShopPolicy();
  ir::AgentProfile strict;
  strict.name = "strict";
  strict.exec.allow_argv = {{"/usr/bin/healthcheck"}};
  strict.exec.allow_regexes = {"^/bin/date( -u)?$"};
  p.agent_profiles.push_back(strict);
  p.workloads[0].agent_profile = "strict";
  ir::PoolConstraints pool;
  pool.name = "snp";
  pool.allowed_annotations = {"cc_init_data", "default_memory"};
  pool.memory_max_mib = 65536;
  p.pools.push_back(pool);
  return p;
}

// kCases cases cycling through six shapes, 1,000 per suite (one YAML
// document each: a document holds at most 100,000 nodes, model/limits.h).
std::string BenchYaml() {
  static const char* kShapes[] = {
      "    release: {resource: default/payments/key, workload: payments}\n    expect: released\n",
      "    release: {resource: default/payments/key, workload: inference, status: warning}\n    "
      "expect: refused\n",
      "    release: {resource: default/models/m, workload: inference, gpus: [{status: "
      "affirming}]}\n"
      "    expect: released\n",
      "    agent: {workload: payments, endpoint: ExecProcessRequest, request: {process: {Args: "
      "[/bin/date, -u]}}}\n"
      "    expect: allowed\n",
      "    agent: {profile: strict, endpoint: ReadStreamRequest}\n    expect: denied\n",
      "    pod: {pool: snp, memory: 131072}\n    expect: rejected\n",
  };
  std::string out;
  for (int i = 0; i < kCases; ++i) {
    if (i % 1000 == 0) out += i == 0 ? "cases:\n" : "---\ncases:\n";
    out += "  - name: case " + std::to_string(i) + "\n" + kShapes[i % 6];
  }
  return out;
}

void BM_ParseSuite(benchmark::State& state) {
  std::string yaml = BenchYaml();
  for (auto _ : state) {
    DiagnosticSink sink;
    benchmark::DoNotOptimize(ParseSuiteFile("tests/bench.yaml", yaml, nullptr, sink));
  }
  state.SetItemsProcessed(state.iterations() * kCases);
}
BENCHMARK(BM_ParseSuite)->Unit(benchmark::kMillisecond);

void BM_PrepareAndRun(benchmark::State& state) {
  ir::Policy policy = BenchPolicy();
  DiagnosticSink sink;
  std::vector<Suite> suites = ParseSuiteFile("tests/bench.yaml", BenchYaml(), nullptr, sink);
  for (auto _ : state) {
    auto runner = Runner::Create(policy, *gen::trustee::FactsFor("0.21"));
    DiagnosticSink prepare_sink;
    std::vector<PreparedCase> cases = runner->Prepare(suites, prepare_sink);
    RunReport report = runner->Run(suites, cases);
    if (report.count(Verdict::kPass) != static_cast<size_t>(kCases))
      state.SkipWithError("a case did not pass");
  }
  state.SetItemsProcessed(state.iterations() * kCases);
}
BENCHMARK(BM_PrepareAndRun)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cocoplane::cpl::testing

BENCHMARK_MAIN();
