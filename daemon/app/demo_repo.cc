#include "app/demo_repo.h"

#include <git2.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <memory>

#include "crypto/es256.h"
#include "fs/atomic_file.h"
#include "source/git_handles.h"

namespace cocoplane::app {
namespace {

namespace stdfs = std::filesystem;

using source::git::GitError;
using Repo = source::git::RepositoryPtr;
using Builder = source::git::Owned<git_treebuilder, git_treebuilder_free>;
using Commit = source::git::CommitPtr;
using Tree = source::git::TreePtr;
using Signature = source::git::Owned<git_signature, git_signature_free>;

// A directory of the tree being built: sub-directories and (blob, mode).
struct DirNode {
  std::map<std::string, DirNode> dirs;
  std::map<std::string, std::pair<git_oid, git_filemode_t>> files;
};

Status AddFile(git_repository* repo, DirNode& root, const stdfs::path& rel,
               const std::string& bytes, git_filemode_t mode) {
  git_oid blob;
  if (int rc = git_blob_create_from_buffer(&blob, repo, bytes.data(), bytes.size()); rc != 0) {
    return GitError(rc, "write blob " + rel.generic_string());
  }
  DirNode* node = &root;
  for (auto it = rel.begin(); std::next(it) != rel.end(); ++it) node = &node->dirs[it->string()];
  node->files[rel.filename().string()] = {blob, mode};
  return Status::Ok();
}

Status ReadTree(git_repository* repo, const std::string& dir, DirNode& root) {
  std::error_code ec;
  stdfs::recursive_directory_iterator it(dir, ec), end;
  if (ec) return Status::Io("cannot read " + dir + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::Io("cannot read " + dir + ": " + ec.message());
    stdfs::path rel = stdfs::relative(it->path(), dir);
    if (it->path().filename() == ".git") {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec)) {
      std::string target = stdfs::read_symlink(it->path(), ec).string();
      if (Status s = AddFile(repo, root, rel, target, GIT_FILEMODE_LINK); !s.ok()) return s;
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    Result<std::string> bytes = fs::ReadFile(it->path().string());
    if (!bytes.ok()) return bytes.status();
    struct stat st {};
    bool exec = ::stat(it->path().c_str(), &st) == 0 && (st.st_mode & S_IXUSR);
    Status s =
        AddFile(repo, root, rel, *bytes, exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// Writes `node` as a tree; false in *written when it holds no file at all
// (git has no empty directories).
Result<git_oid> WriteTree(git_repository* repo, const DirNode& node, bool* written) {
  git_treebuilder* raw = nullptr;
  if (int rc = git_treebuilder_new(&raw, repo, nullptr); rc != 0)
    return GitError(rc, "tree builder");
  Builder builder(raw);
  *written = false;
  for (const auto& [name, child] : node.dirs) {
    bool child_written = false;
    Result<git_oid> sub = WriteTree(repo, child, &child_written);
    if (!sub.ok()) return sub.status();
    if (!child_written) continue;
    if (int rc =
            git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &*sub, GIT_FILEMODE_TREE);
        rc != 0) {
      return GitError(rc, "tree entry " + name);
    }
    *written = true;
  }
  for (const auto& [name, file] : node.files) {
    if (int rc =
            git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &file.first, file.second);
        rc != 0) {
      return GitError(rc, "tree entry " + name);
    }
    *written = true;
  }
  git_oid oid;
  if (int rc = git_treebuilder_write(&oid, builder.get()); rc != 0)
    return GitError(rc, "write tree");
  return oid;
}

Result<Repo> OpenOrInit(const std::string& path) {
  git_repository* raw = nullptr;
  if (git_repository_open_bare(&raw, path.c_str()) == 0) return Repo(raw);
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = "main";
  if (int rc = git_repository_init_ext(&raw, path.c_str(), &options); rc != 0) {
    return GitError(rc, "init " + path);
  }
  return Repo(raw);
}

}  // namespace

Result<DemoCommit> SyncDemoRepository(const std::string& dir, const std::string& repo_path,
                                      double now) {
  if (Status s = source::git::EnsureLibgit2(); !s.ok()) return s;
  Result<Repo> repo = OpenOrInit(repo_path);
  if (!repo.ok()) return repo.status();
  DirNode root;
  if (Status s = ReadTree(repo->get(), dir, root); !s.ok()) return s;
  bool any = false;
  Result<git_oid> tree_id = WriteTree(repo->get(), root, &any);
  if (!tree_id.ok()) return tree_id.status();
  if (!any) return Status::InvalidArgument(dir + " holds no files");

  constexpr char kBranch[] = "refs/heads/main";
  git_oid parent_id;
  Commit parent;
  if (git_reference_name_to_id(&parent_id, repo->get(), kBranch) == 0) {
    git_commit* raw = nullptr;
    if (int rc = git_commit_lookup(&raw, repo->get(), &parent_id); rc != 0) {
      return GitError(rc, "read main");
    }
    parent.reset(raw);
    if (git_oid_equal(git_commit_tree_id(raw), &*tree_id))
      return DemoCommit{source::git::OidHex(parent_id), false};
  }
  git_tree* raw_tree = nullptr;
  if (int rc = git_tree_lookup(&raw_tree, repo->get(), &*tree_id); rc != 0) {
    return GitError(rc, "read tree");
  }
  Tree tree(raw_tree);
  git_signature* raw_sig = nullptr;
  if (int rc = git_signature_new(&raw_sig, "cocoplane demo", "demo@cocoplane.invalid",
                                 static_cast<git_time_t>(now), 0);
      rc != 0) {
    return GitError(rc, "signature");
  }
  Signature sig(raw_sig);
  const git_commit* parents[] = {parent.get()};
  std::string message = "cocoplane demo: " + dir + "\n";
  git_oid commit;
  if (int rc = git_commit_create(&commit, repo->get(), kBranch, sig.get(), sig.get(), nullptr,
                                 message.c_str(), tree.get(), parent ? 1 : 0, parents);
      rc != 0) {
    return GitError(rc, "commit");
  }
  return DemoCommit{source::git::OidHex(commit), true};
}

Result<bool> EnsureSealingKey(const std::string& path) {
  std::error_code ec;
  if (stdfs::exists(path, ec)) return false;
  // A random scalar is below the group order n with overwhelming
  // probability; the loop only guards the theoretical case.
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::string d(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(d.data()), 32) != 1) {
      return Status::Internal("no randomness for the sealing key");
    }
    Result<crypto::Es256PrivateKey> key = crypto::Es256PrivateKeyFromScalar(d);
    if (!key.ok()) continue;
    if (Status s = fs::WriteFileAtomic(path, crypto::Es256PrivateKeyToPem(*key), 0600); !s.ok()) {
      return s;
    }
    return true;
  }
  return Status::Internal("cannot generate a P-256 key");
}

}  // namespace cocoplane::app
