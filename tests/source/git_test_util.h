// Test helpers for the git source: temporary directories, running the `git`
// CLI (the independent implementation the tests compare libgit2 against), and
// a `git daemon` on 127.0.0.1 that the test starts and stops.
//
// Not thread-safe; each test process runs its tests one after another.
#ifndef COCOPLANE_TESTS_SOURCE_GIT_TEST_UTIL_H_
#define COCOPLANE_TESTS_SOURCE_GIT_TEST_UTIL_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace cocoplane::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its content.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  // stdout and stderr, interleaved.
  std::string output;
};

// Runs `command` with /bin/sh in `dir`. The git environment is hermetic: no
// system or global config, fixed author and committer.
CommandResult Run(const std::string& dir, const std::string& command);

// Runs and returns trimmed output; records a test failure if it exits non-zero.
std::string MustRun(const std::string& dir, const std::string& command);

// Single-quotes `s` for /bin/sh.
std::string ShellQuote(const std::string& s);

// Writes `bytes` to `path`, creating parent directories.
void WriteFile(const std::string& path, const std::string& bytes);

// True if `program` is on PATH.
bool HaveProgram(const std::string& program);

// A port on 127.0.0.1 that was free a moment ago.
int FreeLoopbackPort();

// Creates a non-bare repository at `dir` on branch "main" with one commit
// holding README.md, config/a/b/deep.yaml, a symlink "link" ->
// "config/a/b/deep.yaml", an executable bin/run.sh, a binary file with NUL
// and CR bytes, big.bin of kMaxSnapshotFileBytes + 1 bytes (made now), and an
// annotated tag "v1" on it. Returns the commit id.
std::string MakeSampleRepo(const std::string& dir);

// Writes `path` (relative to the work tree `dir`), commits it on the current
// branch, and returns the new commit id.
std::string CommitFile(const std::string& dir, const std::string& path, const std::string& bytes,
                       const std::string& message);

// A background server process in its own process group, with stdio on
// /dev/null, stopped (SIGTERM to the group, then SIGKILL) and reaped by the
// destructor, and sent SIGTERM by the kernel if the test process dies first.
class ServerProcess {
 public:
  // Starts `argv` (argv[0] looked up on PATH). pid() is -1 if fork fails.
  explicit ServerProcess(const std::vector<std::string>& argv);
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();
  pid_t pid() const { return pid_; }
  // Waits (up to ~20 s) until something accepts TCP connections on
  // 127.0.0.1:`port`. False if the process exits first (it is then reaped).
  bool WaitForPort(int port);
  void Stop();

 private:
  pid_t pid_ = -1;
};

// `git daemon --export-all --base-path=<base_dir>` on 127.0.0.1:<port>.
class GitDaemon {
 public:
  explicit GitDaemon(const std::string& base_dir);
  // True when it is accepting connections.
  bool ok() const { return ok_; }
  int port() const { return port_; }
  // "git://127.0.0.1:<port>/<name>"
  std::string Url(const std::string& name) const;

 private:
  int port_ = 0;
  bool ok_ = false;
  std::unique_ptr<ServerProcess> process_;
};

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_SOURCE_GIT_TEST_UTIL_H_
