// Internal to daemon/source: one fetch of a GitSource's ref into its bare
// mirror.
//
// Connects, checks that the remote advertises the ref (a ref deleted on the
// remote is kNotFound, never the stale local copy), downloads what is
// missing, and force-updates the mirror's refs so a force-pushed branch or a
// moved tag replaces the old value (the old commits stay in the object
// database, so history rewrites can still be detected):
//
//   branch B  +refs/heads/B:refs/remotes/origin/B
//   tag T     +refs/tags/T:refs/tags/T
//   commit C  every branch and tag, then C must be in the mirror
//
// No FETCH_HEAD, no tag auto-following, no pruning; redirects are followed
// only on the initial request (git's default).
//
// Thread-safety: uses `repo`; callers serialise.
#ifndef COCOPLANE_SOURCE_GIT_FETCH_H_
#define COCOPLANE_SOURCE_GIT_FETCH_H_

#include <git2.h>

#include "base/status.h"
#include "source/git_source.h"
#include "source/remote_url.h"

namespace cocoplane::source::git {

// Fetches `config.ref` from `config.url` into `repo` and returns the commit
// it names. See GitSource::Fetch for the error codes.
Result<git_oid> FetchRef(git_repository* repo, const GitSourceConfig& config, const RemoteUrl& url);

// True if `id` is a commit present in `repo`.
bool HasCommit(git_repository* repo, const git_oid& id);

}  // namespace cocoplane::source::git

#endif  // COCOPLANE_SOURCE_GIT_FETCH_H_
