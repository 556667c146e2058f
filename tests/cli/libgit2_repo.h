// A bare Git repository written through libgit2 only (no git CLI, no work
// tree): each Commit stores exactly the files given as the new tree, on
// refs/heads/main, with a fixed author and a fixed, increasing time, so the
// same calls give the same commit ids. For plan tests and benchmarks.
//
// Not thread-safe. Failures are reported as gtest failures when gtest is
// linked, and always by an empty commit id.
#ifndef COCOPLANE_TESTS_CLI_LIBGIT2_REPO_H_
#define COCOPLANE_TESTS_CLI_LIBGIT2_REPO_H_

#include <map>
#include <string>

struct git_repository;

namespace cocoplane::testing {

// Repository path -> bytes.
using Files = std::map<std::string, std::string>;

class Libgit2Repo {
 public:
  // Creates (or reopens) a bare repository at `dir`. ok() says whether it did.
  explicit Libgit2Repo(const std::string& dir);
  ~Libgit2Repo();
  Libgit2Repo(const Libgit2Repo&) = delete;
  Libgit2Repo& operator=(const Libgit2Repo&) = delete;

  bool ok() const { return repo_ != nullptr; }
  // The last libgit2 error message, for failure output.
  static std::string LastError();

  // Commits `files` as the whole tree, parented on the previous commit made
  // through this object. Returns the 40-hex commit id, "" on failure.
  std::string Commit(const Files& files, const std::string& message);

 private:
  git_repository* repo_ = nullptr;
  std::string head_;
  int time_ = 0;
};

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_CLI_LIBGIT2_REPO_H_
