// Incremental rebuild: the repository's last commit changes one workload.
// With a compile::ParseCache that has seen the commit before it, only the
// changed blob is parsed again; the figure is the compile of the new commit
// (what the daemon does after a fetch). Reading the commit from the object
// database is reported beside it, as is a cold compile of the same commit.
// The bundle built with the cache must equal the one built without it.
#include "bench/harness/harness.h"
#include "bench/harness/measure.h"
#include "compile/parse_cache.h"
#include "source/git_source.h"

namespace cocoplane::bench {
namespace {

bool SameBundle(const compile::Bundle& a, const compile::Bundle& b) {
  if (a.artifacts.size() != b.artifacts.size()) return false;
  for (size_t i = 0; i < a.artifacts.size(); ++i) {
    if (a.artifacts[i].path != b.artifacts[i].path || a.artifacts[i].bytes != b.artifacts[i].bytes) {
      return false;
    }
  }
  return compile::RenderManifest(a) == compile::RenderManifest(b);
}

}  // namespace

Result<nlohmann::json> BenchCompile(const BenchContext& ctx) {
  const HarnessOptions& o = ctx.options;
  Samples read = Time(o.repeats, [&] { source::ReadCommit(ctx.repo, "HEAD").status().IgnoreError(); });

  Result<compile::Compilation> cold = CompileClean(ctx.head, ctx.compile_options);
  if (!cold.ok()) return cold.status();
  Samples cold_time = Time(o.repeats, [&] { CompileClean(ctx.head, ctx.compile_options).status().IgnoreError(); });

  // Each sample: warm the cache on the parent commit (not timed), then
  // compile the new commit with it.
  compile::ParseCache cache;
  Samples incremental;
  Result<compile::Compilation> warm = Status::Internal("not run");
  for (int i = 0; i < o.repeats; ++i) {
    Result<compile::Compilation> parent = CompileClean(ctx.base, ctx.compile_options, &cache);
    if (!parent.ok()) return parent.status();
    double start = Now();
    double cpu = ProcessCpu();
    warm = CompileClean(ctx.head, ctx.compile_options, &cache);
    incremental.seconds.push_back(Now() - start);
    incremental.cpu_seconds.push_back(ProcessCpu() - cpu);
    if (!warm.ok()) return warm.status();
  }
  size_t reused = cache.model.reused() + cache.cpl.reused();
  // Nothing changed at all: the same commit again, cache warm on it.
  Samples unchanged = Time(o.repeats, [&] {
    CompileClean(ctx.head, ctx.compile_options, &cache).status().IgnoreError();
  });

  size_t changed = 0;
  for (const auto& [path, file] : ctx.head.files) {
    const SnapshotFile* before = ctx.base.Find(path);
    if (!before || before->blob_id != file.blob_id) ++changed;
  }
  return nlohmann::json{{"read_commit", read.ToJson()},
                        {"cold_compile", cold_time.ToJson()},
                        {"incremental_compile", incremental.ToJson()},
                        {"unchanged_compile", unchanged.ToJson()},
                        {"changed_files", changed},
                        {"reused_files", reused},
                        {"identical_to_cold", SameBundle(cold->bundle, warm->bundle)}};
}

}  // namespace cocoplane::bench
