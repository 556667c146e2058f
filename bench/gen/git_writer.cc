// The generator's only libgit2 user. Files go to disk first and are then
// staged with git_index_add_bypath, so the index carries real stat data and
// `git status` on the result is clean and fast.
#include "bench/gen/git_writer.h"

#include <git2.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace cocoplane::bench {
namespace {

namespace stdfs = std::filesystem;

// 2025-01-01T00:00:00Z: commit dates are fixed so commit ids are too.
constexpr git_time_t kEpoch = 1735689600;

Status GitError(int rc, const std::string& what) {
  const git_error* e = git_error_last();
  return Status::Internal(what + ": " + (e && e->message ? e->message : "error " + std::to_string(rc)));
}

Status WriteFile(const stdfs::path& path, const std::string& bytes) {
  std::error_code ec;
  stdfs::create_directories(path.parent_path(), ec);
  if (ec) return Status::Io("cannot create " + path.parent_path().string() + ": " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::Io("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace

struct GitWriter::Handles {
  git_repository* repo = nullptr;
  git_index* index = nullptr;
  ~Handles() {
    git_index_free(index);
    git_repository_free(repo);
    git_libgit2_shutdown();
  }
};

GitWriter::GitWriter(std::string dir, std::unique_ptr<Handles> handles)
    : dir_(std::move(dir)), handles_(std::move(handles)) {}

GitWriter::~GitWriter() = default;

Result<std::unique_ptr<GitWriter>> GitWriter::Create(const std::string& dir_in) {
  // libgit2's mkpath trips over "a//b"; hand it a normal path.
  std::string dir = stdfs::path(dir_in).lexically_normal().string();
  if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::error_code ec;
  if (stdfs::exists(dir, ec) && !stdfs::is_empty(dir, ec)) {
    return Status::FailedPrecondition(dir + " exists and is not empty");
  }
  auto handles = std::make_unique<Handles>();
  git_libgit2_init();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = "main";
  if (int rc = git_repository_init_ext(&handles->repo, dir.c_str(), &options); rc != 0) {
    return GitError(rc, "cannot create a repository in " + dir);
  }
  if (int rc = git_repository_index(&handles->index, handles->repo); rc != 0) {
    return GitError(rc, "cannot open the index of " + dir);
  }
  return std::unique_ptr<GitWriter>(new GitWriter(dir, std::move(handles)));
}

Result<std::unique_ptr<GitWriter>> GitWriter::Open(const std::string& dir) {
  auto handles = std::make_unique<Handles>();
  git_libgit2_init();
  if (int rc = git_repository_open(&handles->repo, dir.c_str()); rc != 0) {
    return GitError(rc, "cannot open the repository " + dir);
  }
  if (int rc = git_repository_index(&handles->index, handles->repo); rc != 0) {
    return GitError(rc, "cannot open the index of " + dir);
  }
  return std::unique_ptr<GitWriter>(new GitWriter(dir, std::move(handles)));
}

Result<std::string> GitWriter::Commit(const RepoFiles& files, const std::string& message,
                                      int number) {
  git_repository* repo = handles_->repo;
  for (const auto& [path, bytes] : files) {
    if (Status s = WriteFile(stdfs::path(dir_) / path, bytes); !s.ok()) return s;
    if (int rc = git_index_add_bypath(handles_->index, path.c_str()); rc != 0) {
      return GitError(rc, "cannot stage " + path);
    }
  }
  if (int rc = git_index_write(handles_->index); rc != 0) return GitError(rc, "cannot write the index");
  git_oid tree_id, commit_id, parent_id;
  if (int rc = git_index_write_tree(&tree_id, handles_->index); rc != 0) {
    return GitError(rc, "cannot write the tree");
  }
  git_tree* tree = nullptr;
  git_commit* parent = nullptr;
  git_signature* who = nullptr;
  int rc = git_tree_lookup(&tree, repo, &tree_id);
  bool has_parent = rc == 0 && git_reference_name_to_id(&parent_id, repo, "HEAD") == 0;
  if (rc == 0 && has_parent) rc = git_commit_lookup(&parent, repo, &parent_id);
  if (rc == 0) {
    rc = git_signature_new(&who, "cocoplane-bench", "bench@cocoplane.invalid",
                           kEpoch + 60 * static_cast<git_time_t>(number), 0);
  }
  const git_commit* parents[] = {parent};
  if (rc == 0) {
    rc = git_commit_create(&commit_id, repo, "HEAD", who, who, nullptr, message.c_str(), tree,
                           has_parent ? 1 : 0, parents);
  }
  Status failed = rc == 0 ? Status::Ok() : GitError(rc, "cannot commit");
  git_signature_free(who);
  git_commit_free(parent);
  git_tree_free(tree);
  if (!failed.ok()) return failed;
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &commit_id);
  return std::string(hex);
}

}  // namespace cocoplane::bench
