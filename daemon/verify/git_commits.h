// Internal to daemon/verify: the libgit2 calls signature verification needs —
// open a repository, read a commit's gpgsig header and signed payload, walk
// a commit range. Only .cc files of daemon/verify include this header;
// libgit2 is a PRIVATE dependency of cp_verify.
//
// Every libgit2 object is owned by a unique_ptr from the line that creates
// it. Errors are Status values naming the call and libgit2's message.
//
// Thread-safety: libgit2 objects must not be shared between threads; open a
// repository per call (VerifyRevision does).
#ifndef COCOPLANE_VERIFY_GIT_COMMITS_H_
#define COCOPLANE_VERIFY_GIT_COMMITS_H_

#include <git2.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "source/git_handles.h"

namespace cocoplane::verify::git {

// Handles, OidHex and the libgit2 set-up are shared with daemon/source.
using source::git::OidHex;
using source::git::RepositoryPtr;

// Parses a full 40-digit hex commit id (kInvalidArgument otherwise).
inline Result<git_oid> ParseCommitId(std::string_view hex) {
  return source::git::ParseFullOid(hex);
}

// Opens the repository (bare or not) at exactly `path`; no parent search.
Result<RepositoryPtr> OpenRepository(const std::string& path);

// True if `oid` names a commit present in the repository.
bool HasCommit(git_repository* repo, const git_oid& oid);

struct SignedCommit {
  // The gpgsig header value with continuation blanks removed; empty when the
  // commit is unsigned.
  std::string signature;
  // The commit object without the gpgsig header: what the signer signed.
  std::string signed_data;
};

// Reads a commit's signature. Fails with kNotFound if there is no such
// commit; an unsigned commit is not an error.
Result<SignedCommit> ExtractSignature(git_repository* repo, const git_oid& oid);

// True if `descendant` is `ancestor` or has it in its history.
Result<bool> IsSelfOrDescendant(git_repository* repo, const git_oid& descendant,
                                const git_oid& ancestor);

// Commits reachable from `head` and not from `hidden` (none when null),
// oldest first (topological, then reversed): the range a strict check covers.
Result<std::vector<git_oid>> CommitsInRange(git_repository* repo, const git_oid& head,
                                            const git_oid* hidden);

}  // namespace cocoplane::verify::git

#endif  // COCOPLANE_VERIFY_GIT_COMMITS_H_
