// `cocoplane test` over the repository's generated cases (tests/): the CLI
// (compile included) and, in-process, the test run alone: load the suites,
// build the runner (compiles the release policy and agent profiles once),
// resolve the cases and evaluate them.
#include "bench/harness/harness.h"
#include "bench/harness/measure.h"
#include "cpl/testing/load.h"
#include "cpl/testing/runner.h"
#include "gen/trustee/versions.h"

namespace cocoplane::bench {

namespace t = cpl::testing;

Result<nlohmann::json> BenchTest(const BenchContext& ctx) {
  const HarnessOptions& o = ctx.options;
  Result<ProcessSamples> cli = RunRepeated(
      {o.cocoplane, "test", ctx.repo, "-o", "json", "--sealing-key", ctx.sealing_key_file},
      o.repeats, o.work_dir);
  if (!cli.ok()) return cli.status();

  Result<compile::Compilation> c = CompileClean(ctx.head, ctx.compile_options);
  if (!c.ok()) return c.status();
  const gen::trustee::TrusteeVersionFacts* facts =
      gen::trustee::FactsFor(c->model.cluster->trustee_version.value);
  if (!facts) return Status::Internal("no Trustee facts for the generated cluster");
  size_t cases = 0, passed = 0;
  Status failed;
  Samples run = Time(o.repeats, [&] {
    DiagnosticSink sink;
    std::vector<t::Suite> suites = t::LoadSuites(ctx.head, sink);
    Result<t::Runner> runner = t::Runner::Create(c->policy, *facts);
    if (!runner.ok()) {
      failed = runner.status();
      return;
    }
    std::vector<t::PreparedCase> prepared = runner->Prepare(suites, sink);
    if (sink.has_errors()) failed = Status::Internal("the generated suites do not load");
    t::RunReport report = runner->Run(suites, prepared);
    cases = report.total();
    passed = report.count(t::Verdict::kPass);
  });
  if (!failed.ok()) return failed;
  if (passed != cases) {
    return Status::Internal(std::to_string(cases - passed) + " generated test cases fail");
  }
  return nlohmann::json{{"cli", cli->wall.ToJson()},
                        {"in_process", run.ToJson()},
                        {"cases", cases},
                        {"per_case_us", cases ? run.Min() / static_cast<double>(cases) * 1e6 : 0}};
}

}  // namespace cocoplane::bench
