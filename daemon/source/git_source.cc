#include "source/git_source.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "source/git_callbacks.h"
#include "source/git_fetch.h"
#include "source/git_handles.h"
#include "source/git_tree.h"
#include "source/known_hosts.h"
#include "source/remote_url.h"

namespace cocoplane::source {
namespace fs = std::filesystem;

struct GitSource::Mirror {
  git::RepositoryPtr repo;
  RemoteUrl url;
};

namespace {

Status RequireFile(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (path.empty()) return Status::InvalidArgument(what + " is required");
  if (!fs::is_regular_file(path, ec))
    return Status::NotFound(what + " " + path + " does not exist");
  return Status::Ok();
}

Status ValidateRef(const GitRef& ref) {
  if (ref.kind == GitRef::Kind::kCommit) return git::ParseFullOid(ref.name).status();
  std::string full = (ref.kind == GitRef::Kind::kBranch ? "refs/heads/" : "refs/tags/") + ref.name;
  int valid = 0;
  int rc = git_reference_name_is_valid(&valid, full.c_str());
  if (rc < 0) return git::GitError(rc, "cannot check ref name " + full);
  if (!valid || ref.name.empty())
    return Status::InvalidArgument("'" + ref.name + "' is not a valid ref name");
  return Status::Ok();
}

Status ValidateSsh(const GitSourceConfig& config, const RemoteUrl& url) {
  if (!LibGit2Features().ssh) return Status::Unimplemented("this libgit2 is built without ssh");
  if (!config.ssh_user.empty() && !url.user.empty() && config.ssh_user != url.user) {
    return Status::InvalidArgument("ssh_user '" + config.ssh_user +
                                   "' differs from the URL's user '" + url.user + "'");
  }
  Status s = RequireFile(config.ssh_private_key_file, "ssh private key file");
  if (s.ok() && !config.ssh_public_key_file.empty()) {
    s = RequireFile(config.ssh_public_key_file, "ssh public key file");
  }
  if (s.ok() && !config.ssh_passphrase_file.empty()) {
    s = RequireFile(config.ssh_passphrase_file, "ssh passphrase file");
  }
  if (!s.ok()) return s;
  // Parsed now so a malformed file fails at start-up, and again at every
  // fetch so edits are picked up without a restart.
  return KnownHosts::Load(config.known_hosts_file).status();
}

Status ValidateHttp(const GitSourceConfig& config, const RemoteUrl& url) {
  bool auth = config.http_auth != GitSourceConfig::HttpAuth::kNone;
  if (url.transport == Transport::kHttp && auth) {
    return Status::InvalidArgument("credentials over plain http:// are refused; use https://");
  }
  if (url.transport == Transport::kHttps && !LibGit2Features().https) {
    return Status::Unimplemented("this libgit2 is built without https");
  }
  Status s = auth ? RequireFile(config.auth_file, "auth file") : Status::Ok();
  if (s.ok() && !config.ca_bundle_file.empty()) {
    s = RequireFile(config.ca_bundle_file, "CA bundle");
    if (s.ok()) s = git::InstallCaBundle(config.ca_bundle_file);
  }
  return s;
}

Status ValidateTransport(const GitSourceConfig& config, const RemoteUrl& url) {
  switch (url.transport) {
    case Transport::kSsh:
      return ValidateSsh(config, url);
    case Transport::kHttp:
    case Transport::kHttps:
      return ValidateHttp(config, url);
    case Transport::kLocal:
    case Transport::kGit:
      break;
  }
  return Status::Ok();
}

// Opens the bare mirror at `dir`, creating it (and its parents) if missing.
Result<git::RepositoryPtr> OpenMirror(const std::string& dir) {
  std::error_code ec;
  git_repository* raw = nullptr;
  if (fs::exists(fs::path(dir) / "HEAD", ec)) {
    int rc = git_repository_open_bare(&raw, dir.c_str());
    if (rc < 0) return git::GitError(rc, "cannot open the mirror " + dir, StatusCode::kIo);
    return git::RepositoryPtr(raw);
  }
  // Never turn some unrelated directory into a mirror.
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Status::FailedPrecondition(dir + " is not empty and not a git mirror");
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::Io("cannot create " + dir + ": " + ec.message());
  int rc = git_repository_init(&raw, dir.c_str(), /*is_bare=*/1);
  if (rc < 0) return git::GitError(rc, "cannot create the mirror " + dir, StatusCode::kIo);
  return git::RepositoryPtr(raw);
}

Result<git::RepositoryPtr> OpenUserRepository(const std::string& path) {
  git_repository* raw = nullptr;
  // NO_SEARCH: a path inside some other repository must not open that one.
  int rc = git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc < 0) return git::GitError(rc, "cannot open git repository " + path, StatusCode::kIo);
  return git::RepositoryPtr(raw);
}

}  // namespace

Result<Snapshot> ReadCommit(const std::string& repo_path, const std::string& rev) {
  Status s = git::EnsureLibgit2();
  if (!s.ok()) return s;
  Result<git::RepositoryPtr> repo = OpenUserRepository(repo_path);
  if (!repo.ok()) return repo.status();
  Result<git_oid> commit = git::ResolveCommit(repo->get(), rev);
  if (!commit.ok()) {
    return Status(commit.status().code(), repo_path + ": " + commit.status().message());
  }
  return git::ReadCommitTree(repo->get(), *commit, repo_path);
}

GitFeatures LibGit2Features() {
  if (!git::EnsureLibgit2().ok()) return {};
  int features = git_libgit2_features();
  return {(features & GIT_FEATURE_THREADS) != 0, (features & GIT_FEATURE_HTTPS) != 0,
          (features & GIT_FEATURE_SSH) != 0};
}

Result<std::unique_ptr<GitSource>> GitSource::Open(GitSourceConfig config) {
  Status s = git::EnsureLibgit2();
  if (!s.ok()) return s;
  Result<RemoteUrl> url = ParseRemoteUrl(config.url);
  if (!url.ok()) return url.status();
  s = ValidateRef(config.ref);
  if (s.ok()) s = ValidateTransport(config, *url);
  if (s.ok() && config.cache_dir.empty()) s = Status::InvalidArgument("cache_dir is required");
  if (!s.ok()) return s;
  Result<git::RepositoryPtr> repo = OpenMirror(config.cache_dir);
  if (!repo.ok()) return repo.status();
  auto mirror = std::make_unique<Mirror>(Mirror{std::move(repo).value(), std::move(url).value()});
  return std::unique_ptr<GitSource>(new GitSource(std::move(config), std::move(mirror)));
}

GitSource::GitSource(GitSourceConfig config, std::unique_ptr<Mirror> mirror)
    : config_(std::move(config)), mirror_(std::move(mirror)) {}

GitSource::~GitSource() = default;

Result<FetchResult> GitSource::Fetch(const std::string& last_applied) {
  Result<git_oid> head = git::FetchRef(mirror_->repo.get(), config_, mirror_->url);
  if (!head.ok()) return head.status();
  FetchResult result;
  result.commit = git::OidHex(*head);
  result.last_applied = last_applied;
  result.changed = result.commit != last_applied;
  if (last_applied.empty() || !result.changed) return result;
  Result<bool> descends = IsDescendant(result.commit, last_applied);
  if (!descends.ok()) return descends.status();
  result.history_rewritten = !*descends;
  return result;
}

Result<bool> GitSource::IsDescendant(const std::string& commit, const std::string& ancestor) {
  Result<git_oid> commit_id = git::ParseFullOid(commit);
  if (!commit_id.ok()) return commit_id.status();
  Result<git_oid> ancestor_id = git::ParseFullOid(ancestor);
  if (!ancestor_id.ok()) return ancestor_id.status();
  git_repository* repo = mirror_->repo.get();
  if (!git::HasCommit(repo, *commit_id))
    return Status::NotFound("commit " + commit + " is not in the mirror");
  if (git_oid_equal(&*commit_id, &*ancestor_id)) return true;
  // Unknown to the mirror: descent cannot be shown, so it is not assumed.
  if (!git::HasCommit(repo, *ancestor_id)) return false;
  int rc = git_graph_descendant_of(repo, &*commit_id, &*ancestor_id);
  if (rc < 0) return git::GitError(rc, "cannot compare " + commit + " with " + ancestor);
  return rc == 1;
}

Result<Snapshot> GitSource::ReadSnapshot(const std::string& commit) {
  Result<git_oid> id = git::ParseFullOid(commit);
  if (!id.ok()) return id.status();
  if (!git::HasCommit(mirror_->repo.get(), *id)) {
    return Status::NotFound("commit " + commit + " is not in the mirror of " + config_.url);
  }
  return git::ReadCommitTree(mirror_->repo.get(), *id, config_.url);
}

}  // namespace cocoplane::source
