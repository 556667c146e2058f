// Internal to daemon/source: resolving a revision and turning a commit's tree
// into a Snapshot, straight from the object database (no checkout, no index,
// no working tree, no filters: the bytes are the blobs as committed).
//
// The Snapshot is the one source::ReadDirectory() returns for a checkout of
// the same commit: same paths, bytes and blob ids; symbolic links as kSymlink
// with the target in `bytes`; blobs above kMaxSnapshotFileBytes as kOversize
// (size from the object header, content never inflated, blob id left empty as
// the directory source leaves it); entries named ".git" skipped. Submodules
// (gitlinks) are skipped: their content is not in this repository.
//
// Thread-safety: a git_repository must not be used from two threads at once;
// callers serialise.
#ifndef COCOPLANE_SOURCE_GIT_TREE_H_
#define COCOPLANE_SOURCE_GIT_TREE_H_

#include <git2.h>

#include <string>
#include <string_view>

#include "base/snapshot.h"
#include "base/status.h"

namespace cocoplane::source::git {

// Resolves `rev` (branch, tag, remote-tracking ref, full or unique short id,
// or any git revision expression) to a commit, peeling annotated tags.
// kNotFound when it names nothing, kInvalidArgument when it is ambiguous or
// names something that is not a commit (a tree or blob).
Result<git_oid> ResolveCommit(git_repository* repo, std::string_view rev);

// The snapshot of `commit`'s tree. `revision` is the commit id, `origin` is
// "<label>@<first 12 hex digits>". kDataLoss when an object is missing or
// malformed; kResourceExhausted above source::kMaxFiles files.
Result<Snapshot> ReadCommitTree(git_repository* repo, const git_oid& commit,
                                std::string_view label);

// "<label>@<12 hex digits>", the origin of a commit's Snapshot.
std::string CommitOrigin(std::string_view label, const git_oid& commit);

}  // namespace cocoplane::source::git

#endif  // COCOPLANE_SOURCE_GIT_TREE_H_
