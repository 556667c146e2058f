#include "cli/libgit2_repo.h"

#include <git2.h>

namespace cocoplane::testing {
namespace {

// Frees every handle Commit() took, in reverse order of acquisition.
struct CommitHandles {
  git_index* index = nullptr;
  git_tree* tree = nullptr;
  git_signature* who = nullptr;
  git_commit* parent = nullptr;
  ~CommitHandles() {
    git_commit_free(parent);
    git_signature_free(who);
    git_tree_free(tree);
    git_index_free(index);
  }
};

}  // namespace

Libgit2Repo::Libgit2Repo(const std::string& dir) {
  git_libgit2_init();
  if (git_repository_init(&repo_, dir.c_str(), /*is_bare=*/1) != 0) repo_ = nullptr;
}

Libgit2Repo::~Libgit2Repo() {
  git_repository_free(repo_);
  git_libgit2_shutdown();
}

std::string Libgit2Repo::LastError() {
  const git_error* e = git_error_last();
  return e ? e->message : "";
}

std::string Libgit2Repo::Commit(const Files& files, const std::string& message) {
  if (!repo_) return "";
  CommitHandles h;
  if (git_index_new(&h.index) != 0) return "";
  // An in-memory index has no repository, so git_index_add_from_buffer
  // refuses it: write each blob first, then add an entry naming it.
  for (const auto& [path, bytes] : files) {
    git_index_entry entry{};
    entry.mode = GIT_FILEMODE_BLOB;
    entry.path = path.c_str();
    entry.file_size = static_cast<uint32_t>(bytes.size());
    if (git_blob_create_from_buffer(&entry.id, repo_, bytes.data(), bytes.size()) != 0 ||
        git_index_add(h.index, &entry) != 0) {
      return "";
    }
  }
  git_oid tree_id, commit_id;
  if (git_index_write_tree_to(&tree_id, h.index, repo_) != 0 ||
      git_tree_lookup(&h.tree, repo_, &tree_id) != 0 ||
      git_signature_new(&h.who, "Plan Test", "plan@example.com", 1760000000 + ++time_, 0) != 0) {
    return "";
  }
  if (!head_.empty()) {
    git_oid parent_id;
    if (git_oid_fromstr(&parent_id, head_.c_str()) != 0 ||
        git_commit_lookup(&h.parent, repo_, &parent_id) != 0) {
      return "";
    }
  }
  const git_commit* parents[] = {h.parent};
  if (git_commit_create(&commit_id, repo_, "refs/heads/main", h.who, h.who, nullptr,
                        message.c_str(), h.tree, h.parent ? 1 : 0, parents) != 0) {
    return "";
  }
  head_ = git_oid_tostr_s(&commit_id);
  return head_;
}

}  // namespace cocoplane::testing
