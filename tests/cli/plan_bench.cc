// `cocoplane plan` between two revisions of a 1,000-workload repository.
//
// The repository is generated here, through libgit2, under $TMPDIR:
// examples/repo plus 1,000 workloads (three in four on the snp pool, the
// rest on tdx-gpu), each with its own KBS resource and release rule. The
// head revision is a typical pull request on it: ten workloads change
// their memory, one release rule is widened to TDX, one workload is added.
//
//   BM_PlanCli          the whole command: both revisions read from the
//                       object database, compiled, planned, rendered as JSON
//   BM_ReadCommit       one revision read through libgit2 (no checkout)
//   BM_CompileOneRevision  one revision compiled (model, CPL, generators),
//                       on one thread (/1) and on one per core (/0)
//   BM_CompileHeadAfterBase  the head compiled with the cache the base's
//                       compile filled
//   BM_MakePlanAndRender  MakePlan and the three renderers on the two
//                       already-compiled Bundles
//
// Budget (issue 5): the whole command in at most 300 ms, Release build.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/compile_flags.h"
#include "cli/libgit2_repo.h"
#include "compile/compiler.h"
#include "compile/parse_cache.h"
#include "plan/plan.h"
#include "plan/render_plan.h"
#include "source/git_source.h"

namespace cocoplane {
namespace {

namespace fs = std::filesystem;
using testing::Files;

constexpr int kWorkloads = 1000;

std::string Name(int i) {
  std::string n = std::to_string(i);
  return "w" + std::string(4 - n.size(), '0') + n;
}

std::string Workload(int i, int memory_mib) {
  bool tdx = i % 4 == 3;
  return "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: " + Name(i) +
         "\nspec:\n  namespace: team-" + std::to_string(i % 20) +
         "\n  podSelector:\n    matchLabels:\n      app: " + Name(i) +
         "\n  nodePool: " + (tdx ? "tdx-gpu" : "snp") +
         "\n  memoryMiB: " + std::to_string(memory_mib) +
         "\n  containers:\n    - app\n  imagePolicy: org-images\n  secrets:\n    - " + Name(i) +
         "-key\n  agentPolicy: strict_service\n";
}

std::string Resource(int i) {
  return "apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: " + Name(i) +
         "-key\nspec:\n  path: apps/" + Name(i) + "/key\n  kind: key\n  source:\n    vault: "
         "secret/apps/" + Name(i) + "\n";
}

std::string Rule(int i, bool widened) {
  bool tdx = i % 4 == 3;
  std::string tee = widened ? "tee in [snp, tdx]" : tdx ? "tee == tdx" : "tee == snp";
  return "release \"apps/" + Name(i) + "/*\" to workload " + Name(i) + " when {\n  " + tee +
         "\n  ear.status == affirming\n  trust.executables <= 3\n}\n\n";
}

Files Base() {
  Files files;
  fs::path root = fs::path(COCOPLANE_SOURCE_DIR) / "examples/repo";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).generic_string();
    if (!e.is_regular_file() || rel.starts_with("tests/")) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files[rel] = ss.str();
  }
  std::string rules, resources;
  for (int i = 0; i < kWorkloads; ++i) {
    files["workloads/generated/" + Name(i) + ".yaml"] = Workload(i, 2048 + 1024 * (i % 4));
    resources += (i ? "---\n" : "") + Resource(i);
    rules += Rule(i, false);
  }
  files["resources/generated.yaml"] = resources;
  files["policies/generated.cpl"] = rules;
  return files;
}

// A pull request: ten workloads resized, one rule widened, one workload added.
Files Head(Files files) {
  for (int i = 0; i < 10; ++i) {
    int w = i * 97;
    files["workloads/generated/" + Name(w) + ".yaml"] = Workload(w, 16384);
  }
  std::string& rules = files["policies/generated.cpl"];
  std::string old_rule = Rule(500, false);
  rules.replace(rules.find(old_rule), old_rule.size(), Rule(500, true));
  files["workloads/generated/" + Name(kWorkloads) + ".yaml"] = Workload(kWorkloads, 4096);
  files["resources/generated.yaml"] += "---\n" + Resource(kWorkloads);
  rules += Rule(kWorkloads, false);
  return files;
}

struct Repo {
  std::string path;
  std::string base, head;
};

const Repo& GeneratedRepo() {
  static const Repo repo = [] {
    Repo r;
    r.path = (fs::temp_directory_path() / "cocoplane_plan_bench.git").string();
    fs::remove_all(r.path);
    testing::Libgit2Repo git(r.path);
    Files base = Base();
    r.base = git.Commit(base, "base");
    r.head = git.Commit(Head(base), "a pull request");
    return r;
  }();
  return repo;
}

void BM_PlanCli(benchmark::State& state) {
  const Repo& repo = GeneratedRepo();
  const char* argv[] = {"cocoplane", "plan",         "--repo",   repo.path.c_str(), "--base",
                        repo.base.c_str(), "--head", repo.head.c_str(), "--output", "json"};
  for (auto _ : state) {
    std::ostringstream out, err;
    int code = cli::RunCli(10, argv, cli::CliIo{out, err, false});
    if (code != 1) state.SkipWithError(("plan exited " + std::to_string(code) + ": " +
                                        err.str().substr(0, 2000)).c_str());
    benchmark::DoNotOptimize(out.str().size());
  }
}
BENCHMARK(BM_PlanCli)->Unit(benchmark::kMillisecond)->UseRealTime();

compile::Bundle Compiled(const std::string& rev) {
  auto snapshot = source::ReadCommit(GeneratedRepo().path, rev);
  // The stand-in sealing key `plan` uses (cli/compile_flags.h).
  auto options = cli::LoadCompileOptions(cli::CompileFlags{}, /*stand_in=*/true);
  DiagnosticSink sink;
  if (!snapshot.ok() || !options.ok()) return compile::Bundle();
  auto c = compile::Compile(*snapshot, *options, sink);
  return c ? std::move(c->bundle) : compile::Bundle();
}

// Where the time of BM_PlanCli goes: reading a revision, compiling it.
void BM_ReadCommit(benchmark::State& state) {
  for (auto _ : state) {
    auto snapshot = source::ReadCommit(GeneratedRepo().path, GeneratedRepo().head);
    if (!snapshot.ok()) state.SkipWithError("cannot read the head revision");
    benchmark::DoNotOptimize(snapshot);
  }
}
BENCHMARK(BM_ReadCommit)->Unit(benchmark::kMillisecond);

// Arg: CompileOptions::threads (0: one per core, what the CLI uses).
void BM_CompileOneRevision(benchmark::State& state) {
  auto snapshot = source::ReadCommit(GeneratedRepo().path, GeneratedRepo().head);
  auto options = cli::LoadCompileOptions(cli::CompileFlags{}, /*stand_in=*/true);
  if (!snapshot.ok() || !options.ok()) state.SkipWithError("cannot read the head revision");
  options->threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    DiagnosticSink sink;
    auto c = compile::Compile(*snapshot, *options, sink);
    if (!c) state.SkipWithError("does not compile");
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_CompileOneRevision)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

// The head revision compiled with the ParseCache the base revision's
// compile filled, as `plan` does: what the cache saves.
void BM_CompileHeadAfterBase(benchmark::State& state) {
  auto base = source::ReadCommit(GeneratedRepo().path, GeneratedRepo().base);
  auto head = source::ReadCommit(GeneratedRepo().path, GeneratedRepo().head);
  auto options = cli::LoadCompileOptions(cli::CompileFlags{}, /*stand_in=*/true);
  if (!base.ok() || !head.ok() || !options.ok()) state.SkipWithError("cannot read the revisions");
  for (auto _ : state) {
    state.PauseTiming();
    compile::ParseCache cache;
    DiagnosticSink base_sink;
    auto b = compile::Compile(*base, *options, base_sink, &cache);
    state.ResumeTiming();
    DiagnosticSink sink;
    auto c = compile::Compile(*head, *options, sink, &cache);
    if (!b || !c) state.SkipWithError("does not compile");
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_CompileHeadAfterBase)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MakePlanAndRender(benchmark::State& state) {
  const compile::Bundle base = Compiled(GeneratedRepo().base);
  const compile::Bundle head = Compiled(GeneratedRepo().head);
  if (base.artifacts.empty() || head.artifacts.empty()) state.SkipWithError("does not compile");
  for (auto _ : state) {
    plan::Plan p = plan::MakePlan(base, head);
    benchmark::DoNotOptimize(plan::RenderPlanJson(p).size());
    benchmark::DoNotOptimize(plan::RenderPlanMarkdown(p).size());
    benchmark::DoNotOptimize(plan::RenderPlanText(p, false).size());
  }
}
BENCHMARK(BM_MakePlanAndRender)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cocoplane

BENCHMARK_MAIN();
