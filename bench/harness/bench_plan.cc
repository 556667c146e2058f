// Plan between the last two commits: `cocoplane plan --base HEAD~1 --head
// HEAD` as CI runs it (reads both commits from the object database and
// compiles both), then the same in-process, split into its steps, and the
// way a long-running process would do it (one ParseCache for both sides).
#include "bench/harness/harness.h"
#include "bench/harness/measure.h"
#include "compile/parse_cache.h"
#include "plan/render_plan.h"
#include "source/git_source.h"

namespace cocoplane::bench {

Result<nlohmann::json> BenchPlan(const BenchContext& ctx) {
  const HarnessOptions& o = ctx.options;
  // `plan` exits 1 when there are changes, which is the point here.
  Samples cli;
  for (int i = 0; i < o.repeats; ++i) {
    Result<ProcessRun> run = RunProcess({o.cocoplane, "plan", "--repo", ctx.repo, "--base", "HEAD~1",
                                         "--head", "HEAD", "-o", "json"},
                                        o.work_dir + "/plan.json", o.work_dir + "/stderr.txt");
    if (!run.ok()) return run.status();
    if (run->exit_code != 1) {
      return Status::Internal("cocoplane plan exited " + std::to_string(run->exit_code) +
                              " (expected 1: changes); see " + o.work_dir + "/stderr.txt");
    }
    cli.seconds.push_back(run->wall_seconds);
    cli.cpu_seconds.push_back(run->cpu_seconds);
  }

  Samples read = Time(o.repeats, [&] {
    source::ReadCommit(ctx.repo, "HEAD~1").status().IgnoreError();
    source::ReadCommit(ctx.repo, "HEAD").status().IgnoreError();
  });
  Result<compile::Compilation> base = CompileClean(ctx.base, ctx.compile_options);
  Result<compile::Compilation> head = CompileClean(ctx.head, ctx.compile_options);
  if (!base.ok()) return base.status();
  if (!head.ok()) return head.status();
  Samples compile_both = Time(o.repeats, [&] {
    CompileClean(ctx.base, ctx.compile_options).status().IgnoreError();
    CompileClean(ctx.head, ctx.compile_options).status().IgnoreError();
  });
  Samples cached_both = Time(o.repeats, [&] {
    compile::ParseCache cache;
    CompileClean(ctx.base, ctx.compile_options, &cache).status().IgnoreError();
    CompileClean(ctx.head, ctx.compile_options, &cache).status().IgnoreError();
  });
  plan::Plan p;
  Samples diff = Time(o.repeats, [&] {
    p = plan::MakePlan(base->bundle, head->bundle);
    plan::RenderPlanJson(p);
  });
  return nlohmann::json{{"cli", cli.ToJson()},
                        {"read_two_commits", read.ToJson()},
                        {"compile_both", compile_both.ToJson()},
                        {"compile_both_shared_cache", cached_both.ToJson()},
                        {"diff_and_render", diff.ToJson()},
                        {"changed_artifacts", p.changes.size()},
                        {"workloads_recreated", p.summary.workloads_recreated.size()}};
}

}  // namespace cocoplane::bench
