// The demo's local state: a git repository made from a directory, and a
// sealed-secret signing key. Edges (libgit2, OpenSSL randomness, the disk).
//
// SyncDemoRepository() turns a plain directory (e.g. examples/repo) into the
// git source the daemon follows: a bare repository whose branch "main" holds
// the directory's files. The first call creates it with one commit; later
// calls add a commit only when the directory's content changed (same tree,
// no commit), so re-running the demo after editing the directory is what
// pushing a commit is for a real deployment. File bytes, the executable bit
// and symlinks are kept; ".git" entries are skipped (as source::ReadDirectory
// skips them).
//
// EnsureSealingKey() generates a P-256 private key (PEM, mode 0600) when the
// file does not exist; an existing file is kept as it is.
//
// Thread-safety: call from one thread; they touch only the given paths.
#ifndef COCOPLANE_APP_DEMO_REPO_H_
#define COCOPLANE_APP_DEMO_REPO_H_

#include <string>

#include "base/status.h"

namespace cocoplane::app {

struct DemoCommit {
  // 40 hex digits: the head of "main" after the call.
  std::string commit;
  // A commit was made by this call.
  bool committed = false;
};

// `now`: commit time, seconds since the epoch (author and committer
// "cocoplane demo <demo@cocoplane.invalid>").
Result<DemoCommit> SyncDemoRepository(const std::string& dir, const std::string& repo_path,
                                      double now);

// True when a key was generated, false when `path` already existed.
Result<bool> EnsureSealingKey(const std::string& path);

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_DEMO_REPO_H_
