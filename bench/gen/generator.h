// The synthetic-repository generator behind `cocoplane-bench gen`.
//
//   Status s = GenerateRepository(shape, "/tmp/repo");
//
// writes a git repository with `shape.commits` commits on `main`: commit 0
// adds the whole repository (render.h), and commit n (n >= 1) changes one
// workload (layout.h EditForCommit: its memory, its agent profile and a pod
// label). The working tree holds the last commit. Everything, down to the
// commit ids, follows from the shape and its seed.
//
// Not thread-safe for the same directory; separate directories are fine.
#ifndef COCOPLANE_BENCH_GEN_GENERATOR_H_
#define COCOPLANE_BENCH_GEN_GENERATOR_H_

#include <string>

#include "base/status.h"
#include "bench/gen/layout.h"

namespace cocoplane::bench {

// Fails on an invalid shape (CheckShape), a non-empty `dir` or a git error.
Status GenerateRepository(const RepoShape& shape, const std::string& dir);

// Adds commit number `number` (>= shape.commits) on top of the repository
// that GenerateRepository(shape, dir) wrote and that already holds commits
// 0 .. number-1: the next one-workload change. Returns the commit id.
// Benchmarks use it to make "a new commit" for fetch and plan figures.
Result<std::string> AppendEditCommit(const RepoShape& shape, const std::string& dir, int number);

// The layout as it stands after commits 0 .. `commits`-1.
Layout LayoutAfter(const RepoShape& shape, int commits);

}  // namespace cocoplane::bench

#endif  // COCOPLANE_BENCH_GEN_GENERATOR_H_
