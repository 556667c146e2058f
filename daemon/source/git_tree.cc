#include "source/git_tree.h"

#include <utility>
#include <vector>

#include "source/dir_source.h"
#include "source/git_handles.h"

namespace cocoplane::source::git {
namespace {

// 12 digits: unique in any repository of realistic size, and fixed so the
// same commit gets the same label in every clone (git's own abbreviation
// length depends on the object count).
constexpr size_t kShortIdDigits = 12;

// One directory still to list: the tree and its path prefix ("" or "a/b/").
struct PendingTree {
  TreePtr tree;
  std::string prefix;
};

Status ReadBlob(git_repository* repo, git_odb* odb, const git_oid& id, const std::string& path,
                SnapshotFile::Type type, SnapshotFile* out) {
  size_t size = 0;
  git_object_t kind = GIT_OBJECT_INVALID;
  // The header alone gives the size, so an oversize blob is never inflated.
  int rc = git_odb_read_header(&size, &kind, odb, &id);
  if (rc < 0) return GitError(rc, "cannot read " + path, StatusCode::kDataLoss);
  if (kind != GIT_OBJECT_BLOB) return Status::DataLoss(path + " is not a blob in the tree");
  out->type = type;
  out->size = size;
  if (size > kMaxSnapshotFileBytes) {
    out->type = SnapshotFile::Type::kOversize;
    return Status::Ok();
  }
  git_blob* raw = nullptr;
  rc = git_blob_lookup(&raw, repo, &id);
  if (rc < 0) return GitError(rc, "cannot read " + path, StatusCode::kDataLoss);
  BlobPtr blob(raw);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  out->bytes.assign(data, static_cast<size_t>(git_blob_rawsize(blob.get())));
  out->size = out->bytes.size();
  out->blob_id = OidHex(id);
  return Status::Ok();
}

Status PushSubtree(git_repository* repo, const git_tree_entry* entry, std::string path,
                   std::vector<PendingTree>* pending) {
  git_tree* raw = nullptr;
  int rc = git_tree_lookup(&raw, repo, git_tree_entry_id(entry));
  if (rc < 0) return GitError(rc, "cannot read directory " + path, StatusCode::kDataLoss);
  pending->push_back({TreePtr(raw), std::move(path) + "/"});
  return Status::Ok();
}

// Adds one entry of a tree: a file or link to `snap`, a directory to
// `pending`. Gitlinks (submodules) add nothing.
Status AddEntry(git_repository* repo, git_odb* odb, const git_tree_entry* entry,
                const std::string& prefix, std::vector<PendingTree>* pending, Snapshot* snap) {
  std::string name = git_tree_entry_name(entry);
  // ReadDirectory skips every ".git"; git refuses to check one out anyway.
  if (name == ".git") return Status::Ok();
  std::string path = prefix + name;
  SnapshotFile::Type type = SnapshotFile::Type::kRegular;
  git_filemode_t mode = git_tree_entry_filemode(entry);
  switch (mode) {
    case GIT_FILEMODE_TREE:
      return PushSubtree(repo, entry, std::move(path), pending);
    case GIT_FILEMODE_COMMIT:
      return Status::Ok();
    case GIT_FILEMODE_LINK:
      type = SnapshotFile::Type::kSymlink;
      break;
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
      break;
    case GIT_FILEMODE_UNREADABLE:
      return Status::DataLoss(path + " has an unreadable file mode");
  }
  if (snap->files.size() >= kMaxFiles) {
    return Status::ResourceExhausted(snap->origin + " holds more than " +
                                     std::to_string(kMaxFiles) + " files");
  }
  SnapshotFile file;
  Status s = ReadBlob(repo, odb, *git_tree_entry_id(entry), path, type, &file);
  if (!s.ok()) return s;
  snap->files.emplace(std::move(path), std::move(file));
  return Status::Ok();
}

}  // namespace

std::string CommitOrigin(std::string_view label, const git_oid& commit) {
  return std::string(label) + "@" + OidHex(commit).substr(0, kShortIdDigits);
}

Result<git_oid> ResolveCommit(git_repository* repo, std::string_view rev) {
  std::string spec(rev);
  if (spec.empty()) return Status::InvalidArgument("empty revision");
  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, repo, spec.c_str());
  if (rc < 0) {
    return GitError(rc, "cannot resolve revision '" + spec + "'", StatusCode::kInvalidArgument);
  }
  ObjectPtr object(raw);
  git_object* peeled_raw = nullptr;
  rc = git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT);
  if (rc < 0) {
    return GitError(rc, "revision '" + spec + "' is not a commit", StatusCode::kInvalidArgument);
  }
  ObjectPtr peeled(peeled_raw);
  return *git_object_id(peeled.get());
}

Result<Snapshot> ReadCommitTree(git_repository* repo, const git_oid& commit_id,
                                std::string_view label) {
  Snapshot snap;
  snap.revision = OidHex(commit_id);
  snap.origin = CommitOrigin(label, commit_id);
  git_commit* commit_raw = nullptr;
  int rc = git_commit_lookup(&commit_raw, repo, &commit_id);
  if (rc < 0) return GitError(rc, "cannot read commit " + snap.revision);
  CommitPtr commit(commit_raw);
  git_tree* root = nullptr;
  rc = git_commit_tree(&root, commit.get());
  if (rc < 0)
    return GitError(rc, "cannot read the tree of " + snap.revision, StatusCode::kDataLoss);
  git_odb* odb_raw = nullptr;
  rc = git_repository_odb(&odb_raw, repo);
  if (rc < 0) return GitError(rc, "cannot open the object database");
  OdbPtr odb(odb_raw);

  // Iterative walk (no recursion: tree depth is attacker-controlled).
  std::vector<PendingTree> pending;
  pending.push_back({TreePtr(root), ""});
  while (!pending.empty()) {
    PendingTree dir = std::move(pending.back());
    pending.pop_back();
    size_t count = git_tree_entrycount(dir.tree.get());
    for (size_t i = 0; i < count; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(dir.tree.get(), i);
      Status s = AddEntry(repo, odb.get(), entry, dir.prefix, &pending, &snap);
      if (!s.ok()) return s;
    }
  }
  return snap;
}

}  // namespace cocoplane::source::git
