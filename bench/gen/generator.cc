#include "bench/gen/generator.h"

#include "bench/gen/git_writer.h"
#include "bench/gen/render.h"

namespace cocoplane::bench {
namespace {

// Applies edit `number` to `layout` and commits the one file it changes.
Result<std::string> CommitEdit(GitWriter& writer, Layout& layout, int number) {
  int w = EditForCommit(layout, number);
  RepoFiles changed{{WorkloadPath(layout, w), RenderWorkload(layout, w)}};
  const WorkloadSpec& spec = layout.workloads[w];
  std::string message = spec.name + ": " + std::to_string(spec.memory_mib) + " MiB, agent profile " +
                        kAgentProfiles[spec.profile];
  return writer.Commit(changed, message, number);
}

}  // namespace

Layout LayoutAfter(const RepoShape& shape, int commits) {
  Layout layout = MakeLayout(shape);
  for (int n = 1; n < commits; ++n) EditForCommit(layout, n);
  return layout;
}

Status GenerateRepository(const RepoShape& shape, const std::string& dir) {
  if (Status s = CheckShape(shape); !s.ok()) return s;
  Result<std::unique_ptr<GitWriter>> writer = GitWriter::Create(dir);
  if (!writer.ok()) return writer.status();
  Layout layout = MakeLayout(shape);
  Result<std::string> first =
      (*writer)->Commit(RenderRepository(layout), "Synthetic desired state (cocoplane-bench gen)", 0);
  if (!first.ok()) return first.status();
  for (int n = 1; n < shape.commits; ++n) {
    Result<std::string> id = CommitEdit(**writer, layout, n);
    if (!id.ok()) return id.status();
  }
  return Status::Ok();
}

Result<std::string> AppendEditCommit(const RepoShape& shape, const std::string& dir, int number) {
  if (Status s = CheckShape(shape); !s.ok()) return s;
  if (number < shape.commits) return Status::InvalidArgument("commit number already written");
  Result<std::unique_ptr<GitWriter>> writer = GitWriter::Open(dir);
  if (!writer.ok()) return writer.status();
  Layout layout = LayoutAfter(shape, number);
  return CommitEdit(**writer, layout, number);
}

}  // namespace cocoplane::bench
