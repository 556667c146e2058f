// The benchmark harness behind `cocoplane-bench run`: generates (or reuses)
// a synthetic repository, measures every figure of BENCHMARKS.md in one run,
// and returns them as JSON together with the machine and the targets of
// issue 8, each marked met or not.
//
// What is measured, one file of this folder each:
//   bench_build.cc     `cocoplane build` wall, CPU and peak RSS (child
//                      process), the in-process breakdown, and the floor:
//                      `sha384sum` and `gzip -c` over the same output bytes
//   bench_compile.cc   incremental rebuild after a one-workload commit with
//                      the parse cache, against a cold compile
//   bench_plan.cc      `cocoplane plan` between the last two commits, and
//                      the same in-process
//   bench_test.cc      `cocoplane test` over the repository's test cases
//   bench_drift.cc     drift::CheckDrift over N recorded objects in real
//                      directories (a node target and a KBS LocalFs target)
//   bench_fetch.cc     `git fetch` (git CLI) against source::GitSource::Fetch
//                      (libgit2) of the same new commits
// Commit-to-applied latency and the idle daemon are measured under
// bench/daemon/ (not here).
//
// Figures are timings only; nothing here asserts a speed. Errors (a child
// that fails, a repository that does not compile) are Status values.
#ifndef COCOPLANE_BENCH_HARNESS_HARNESS_H_
#define COCOPLANE_BENCH_HARNESS_HARNESS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "base/snapshot.h"
#include "base/status.h"
#include "bench/gen/layout.h"
#include "compile/compiler.h"

namespace cocoplane::bench {

struct HarnessOptions {
  RepoShape shape;
  // Scratch space: repo/ (generated unless it exists), build outputs,
  // drift directories, git mirrors. Must be on a local disk.
  std::string work_dir;
  // The `cocoplane` binary the CLI figures run.
  std::string cocoplane;
  // Runs per figure.
  int repeats = 3;
  // Runs of `cocoplane build` (it writes and fsyncs every artifact, which
  // on a slow disk takes minutes at full size).
  int cli_build_repeats = 1;
  // Objects the drift check compares.
  int drift_objects = 10000;
  // New commits fetched, one at a time, by each fetcher.
  int fetch_rounds = 5;
};

// What every benchmark needs: paths and the two last revisions, read once.
struct BenchContext {
  HarnessOptions options;
  std::string repo;
  // Outside the repository, as sealing keys must be.
  std::string sealing_key_file;
  compile::CompileOptions compile_options;
  // HEAD~1 and HEAD of the repository.
  Snapshot base;
  Snapshot head;
};

// Each benchmark returns its figures as a JSON object.
Result<nlohmann::json> BenchBuild(const BenchContext& ctx);
Result<nlohmann::json> BenchCompile(const BenchContext& ctx);
Result<nlohmann::json> BenchPlan(const BenchContext& ctx);
Result<nlohmann::json> BenchTest(const BenchContext& ctx);
Result<nlohmann::json> BenchDrift(const BenchContext& ctx);
Result<nlohmann::json> BenchFetch(const BenchContext& ctx);

// Runs everything; {"machine", "shape", "figures", "targets"}.
Result<nlohmann::json> RunAll(const HarnessOptions& options);

// The targets of issue 8 against `figures`: [{name, target, measured, met}].
nlohmann::json EvaluateTargets(const nlohmann::json& figures);

// A Markdown rendering of RunAll's result (for BENCHMARKS.md).
std::string RenderMarkdown(const nlohmann::json& result);

// Compiles `snapshot`; an error Status (with the first diagnostics) when it
// does not compile or reports anything.
Result<compile::Compilation> CompileClean(const Snapshot& snapshot,
                                          const compile::CompileOptions& options,
                                          compile::ParseCache* cache = nullptr);

}  // namespace cocoplane::bench

#endif  // COCOPLANE_BENCH_HARNESS_HARNESS_H_
