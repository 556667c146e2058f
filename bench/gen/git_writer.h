// GitWriter: writes files into a working tree and commits them with
// libgit2, with a fixed author and clock so that the same files give the
// same commit ids on every machine.
//
// The working tree always holds the last commit (it is a normal clone-like
// repository: `git log`, `git status` and `cocoplane build DIR` work on it).
// The branch is `main`. Commit n is dated 2025-01-01T00:00:00Z + n minutes.
//
// Errors carry libgit2's message. Not thread-safe; one writer per
// repository at a time.
#ifndef COCOPLANE_BENCH_GEN_GIT_WRITER_H_
#define COCOPLANE_BENCH_GEN_GIT_WRITER_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "bench/gen/render.h"

namespace cocoplane::bench {

class GitWriter {
 public:
  // Creates a repository in `dir` (which must be absent or empty).
  static Result<std::unique_ptr<GitWriter>> Create(const std::string& dir);
  // Opens the repository at `dir` to add commits on top of its HEAD.
  static Result<std::unique_ptr<GitWriter>> Open(const std::string& dir);

  GitWriter(const GitWriter&) = delete;
  GitWriter& operator=(const GitWriter&) = delete;
  ~GitWriter();

  // Writes `files` (only the ones that change) into the working tree and
  // the index and commits the result on `main` as commit number `number`
  // (which sets its date). Returns the 40-hex commit id.
  Result<std::string> Commit(const RepoFiles& files, const std::string& message, int number);

 private:
  struct Handles;
  GitWriter(std::string dir, std::unique_ptr<Handles> handles);

  std::string dir_;
  std::unique_ptr<Handles> handles_;
};

}  // namespace cocoplane::bench

#endif  // COCOPLANE_BENCH_GEN_GIT_WRITER_H_
