#include "source/git_fetch.h"

#include <string>
#include <vector>

#include "source/git_callbacks.h"
#include "source/git_handles.h"

namespace cocoplane::source::git {
namespace {

// Disconnects on every exit path; the error of a disconnect is irrelevant
// once the fetch has succeeded or failed for its own reason.
class Connection {
 public:
  explicit Connection(git_remote* remote) : remote_(remote) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (git_remote_connected(remote_)) git_remote_disconnect(remote_);
  }

 private:
  git_remote* remote_;
};

// A failed network step: the callback's own reason (host key, credentials)
// when it refused, else libgit2's message.
Status NetError(int rc, const FetchContext& ctx, const std::string& what) {
  if (!ctx.refusal.empty()) return Status::PermissionDenied(what + ": " + ctx.refusal);
  return GitError(rc, what, StatusCode::kUnavailable);
}

// The refspecs to download, and the advertised ref whose value is the answer
// (empty for a pinned commit).
struct FetchPlan {
  std::vector<std::string> refspecs;
  std::string ref;
};

FetchPlan PlanFor(const GitRef& ref) {
  switch (ref.kind) {
    case GitRef::Kind::kBranch:
      return {{"+refs/heads/" + ref.name + ":refs/remotes/origin/" + ref.name},
              "refs/heads/" + ref.name};
    case GitRef::Kind::kTag:
      return {{"+refs/tags/" + ref.name + ":refs/tags/" + ref.name}, "refs/tags/" + ref.name};
    case GitRef::Kind::kCommit:
      break;
  }
  return {{"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"}, ""};
}

// The value the remote advertises for `name`.
Result<git_oid> AdvertisedOid(git_remote* remote, const std::string& name, const std::string& url) {
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  int rc = git_remote_ls(&heads, &count, remote);
  if (rc < 0) return GitError(rc, "cannot list the refs of " + url, StatusCode::kUnavailable);
  for (size_t i = 0; i < count; ++i) {
    if (name == heads[i]->name) return heads[i]->oid;
  }
  return Status::NotFound(name + " not found on " + url);
}

Result<git_oid> PeelToCommit(git_repository* repo, const git_oid& id, const std::string& what) {
  git_object* raw = nullptr;
  int rc = git_object_lookup(&raw, repo, &id, GIT_OBJECT_ANY);
  if (rc < 0) return GitError(rc, "cannot read " + what + " after fetching", StatusCode::kDataLoss);
  ObjectPtr object(raw);
  git_object* peeled_raw = nullptr;
  rc = git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT);
  if (rc < 0)
    return GitError(rc, what + " does not point to a commit", StatusCode::kInvalidArgument);
  ObjectPtr peeled(peeled_raw);
  return *git_object_id(peeled.get());
}

Status Download(git_remote* remote, const std::vector<std::string>& refspecs,
                const git_remote_callbacks& callbacks, const FetchContext& ctx,
                const std::string& url) {
  std::vector<char*> specs;
  for (const std::string& spec : refspecs) specs.push_back(const_cast<char*>(spec.c_str()));
  git_strarray array{specs.data(), specs.size()};
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  options.callbacks = callbacks;
  options.prune = GIT_FETCH_NO_PRUNE;
  options.update_fetchhead = 0;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  options.follow_redirects = GIT_REMOTE_REDIRECT_INITIAL;
  int rc = git_remote_download(remote, &array, &options);
  if (rc < 0) return NetError(rc, ctx, "cannot fetch from " + url);
  rc = git_remote_update_tips(remote, &callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE,
                              "cocoplane: fetch");
  if (rc < 0) return GitError(rc, "cannot update the mirror's refs from " + url, StatusCode::kIo);
  return Status::Ok();
}

}  // namespace

bool HasCommit(git_repository* repo, const git_oid& id) {
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo, &id, GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    return false;
  }
  git_object_free(raw);
  return true;
}

Result<git_oid> FetchRef(git_repository* repo, const GitSourceConfig& config,
                         const RemoteUrl& url) {
  git_oid pinned{};
  if (config.ref.kind == GitRef::Kind::kCommit) {
    Result<git_oid> id = ParseFullOid(config.ref.name);
    if (!id.ok()) return id.status();
    pinned = *id;
    // A commit id names immutable content: once mirrored, never fetched again.
    if (HasCommit(repo, pinned)) return pinned;
  }
  FetchContext ctx;
  Status s = PrepareFetchContext(config, url, &ctx);
  if (!s.ok()) return s;
  git_remote* raw = nullptr;
  git_remote_create_options create = GIT_REMOTE_CREATE_OPTIONS_INIT;
  create.repository = repo;
  // In-memory (no name, nothing written to the mirror's config), and no
  // url.*.insteadOf rewriting: the configured URL is the one fetched. The
  // insteadOf scan also leaks in Debian's libgit2 1.5 (a pcre2 match block
  // per config entry and scan), which a polling daemon cannot afford.
  create.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
  int rc = git_remote_create_with_opts(&raw, config.url.c_str(), &create);
  if (rc < 0) return GitError(rc, "cannot use remote " + config.url, StatusCode::kInvalidArgument);
  RemotePtr remote(raw);
  git_remote_callbacks callbacks = MakeCallbacks(&ctx);
  git_proxy_options proxy = GIT_PROXY_OPTIONS_INIT;
  rc = git_remote_connect(remote.get(), GIT_DIRECTION_FETCH, &callbacks, &proxy, nullptr);
  if (rc < 0) return NetError(rc, ctx, "cannot connect to " + config.url);
  Connection connection(remote.get());

  FetchPlan plan = PlanFor(config.ref);
  git_oid advertised{};
  if (!plan.ref.empty()) {
    Result<git_oid> id = AdvertisedOid(remote.get(), plan.ref, config.url);
    if (!id.ok()) return id.status();
    advertised = *id;
  }
  s = Download(remote.get(), plan.refspecs, callbacks, ctx, config.url);
  if (!s.ok()) return s;
  if (!plan.ref.empty()) return PeelToCommit(repo, advertised, plan.ref);
  if (HasCommit(repo, pinned)) return pinned;
  return Status::NotFound("commit " + config.ref.name +
                          " is not reachable from any branch or tag of " + config.url);
}

}  // namespace cocoplane::source::git
