#include "verify/git_commits.h"

namespace cocoplane::verify::git {
namespace {

using source::git::CommitPtr;
using source::git::Buf;
using source::git::EnsureLibgit2;
using source::git::GitError;
using RevwalkPtr = source::git::Owned<git_revwalk, git_revwalk_free>;

}  // namespace

Result<RepositoryPtr> OpenRepository(const std::string& path) {
  if (Status status = EnsureLibgit2(); !status.ok()) {
    return status;
  }
  git_repository* raw = nullptr;
  const int rc =
      git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  RepositoryPtr repo(raw);
  if (rc != 0) {
    return GitError(rc, "open repository " + path);
  }
  return repo;
}

bool HasCommit(git_repository* repo, const git_oid& oid) {
  git_commit* raw = nullptr;
  const int rc = git_commit_lookup(&raw, repo, &oid);
  CommitPtr commit(raw);
  return rc == 0;
}

Result<SignedCommit> ExtractSignature(git_repository* repo, const git_oid& oid) {
  if (!HasCommit(repo, oid)) {
    return Status::NotFound("no commit " + OidHex(oid) + " in the repository");
  }
  Buf signature;
  Buf signed_data;
  // libgit2 1.5 takes the id by non-const pointer.
  git_oid id = oid;
  const int rc =
      git_commit_extract_signature(signature.get(), signed_data.get(), repo, &id, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return SignedCommit{};
  }
  if (rc != 0) {
    return GitError(rc, "read signature of " + OidHex(oid));
  }
  return SignedCommit{signature.str(), signed_data.str()};
}

Result<bool> IsSelfOrDescendant(git_repository* repo, const git_oid& descendant,
                                const git_oid& ancestor) {
  if (git_oid_equal(&descendant, &ancestor)) {
    return true;
  }
  const int rc = git_graph_descendant_of(repo, &descendant, &ancestor);
  if (rc < 0) {
    return GitError(rc, "compare history of " + OidHex(descendant) + " and " + OidHex(ancestor));
  }
  return rc == 1;
}

Result<std::vector<git_oid>> CommitsInRange(git_repository* repo, const git_oid& head,
                                            const git_oid* hidden) {
  git_revwalk* raw = nullptr;
  int rc = git_revwalk_new(&raw, repo);
  RevwalkPtr walk(raw);
  if (rc == 0) {
    rc = git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  }
  if (rc == 0) {
    rc = git_revwalk_push(raw, &head);
  }
  if (rc == 0 && hidden != nullptr) {
    rc = git_revwalk_hide(raw, hidden);
  }
  if (rc != 0) {
    return GitError(rc, "walk history of " + OidHex(head));
  }
  std::vector<git_oid> commits;
  git_oid oid;
  while ((rc = git_revwalk_next(&oid, raw)) == 0) {
    commits.push_back(oid);
  }
  if (rc != GIT_ITEROVER) {
    return GitError(rc, "walk history of " + OidHex(head));
  }
  return commits;
}

}  // namespace cocoplane::verify::git
