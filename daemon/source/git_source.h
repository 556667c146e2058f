// The git source: Snapshots read straight from a git object database with
// libgit2 (no checkout, no working tree), and GitSource, which keeps a bare
// mirror of a remote up to date for the daemon.
//
// The Snapshot of a commit equals source::ReadDirectory() of a checkout of
// that commit: same paths, bytes and blob ids, symlinks as kSymlink, blobs
// above kMaxSnapshotFileBytes as kOversize (never inflated). Submodules
// (gitlinks) are skipped without error. See daemon/source/README.md.
//
// Errors are Status values carrying libgit2's message; secrets (tokens,
// passwords, key passphrases) never appear in them.
//
// Thread-safety: ReadCommit may run on any thread. A GitSource is not
// thread-safe: one reconcile at a time uses it (the daemon serialises).
#ifndef COCOPLANE_SOURCE_GIT_SOURCE_H_
#define COCOPLANE_SOURCE_GIT_SOURCE_H_

#include <memory>
#include <string>

#include "base/snapshot.h"
#include "base/status.h"

namespace cocoplane::source {

// Reads commit `rev` of the repository at `repo_path` (bare, or a working
// tree's top directory; parents are not searched). `rev` is a branch, a tag
// (annotated tags are peeled), a full or unique short commit id, or any git
// revision expression. `revision` is the 40-hex commit id, `origin`
// "<repo_path>@<12 hex digits>". kNotFound for a missing repository or
// revision, kInvalidArgument for an ambiguous one or one that is no commit.
Result<Snapshot> ReadCommit(const std::string& repo_path, const std::string& rev);

// What libgit2 was built with (Debian 12: all three are true).
struct GitFeatures {
  bool threads = false;
  bool https = false;
  bool ssh = false;
};
GitFeatures LibGit2Features();

// The ref a GitSource follows.
struct GitRef {
  enum class Kind {
    // refs/heads/<name> on the remote; moves, may be force-pushed.
    kBranch,
    // refs/tags/<name>; annotated tags are peeled to their commit.
    kTag,
    // A pinned commit: `name` is the full 40-hex id; fetched only if missing.
    kCommit,
  };
  Kind kind = Kind::kBranch;
  std::string name = "main";
};

struct GitSourceConfig {
  // file:///path, a plain path, git://, https:// (http:// only without auth),
  // ssh://[user@]host[:port]/path or [user@]host:path. No password in it.
  std::string url;
  GitRef ref;
  // The bare mirror, e.g. "<state dir>/sources/<name>.git"; created if missing.
  std::string cache_dir;

  // https: a PEM bundle of trusted CAs (instead of the system store). libgit2
  // 1.5 holds this process-wide, so every source of one process must name the
  // same bundle; a different one is refused (kFailedPrecondition).
  std::string ca_bundle_file;
  // https/http credentials, read from `auth_file` at every fetch, never logged.
  enum class HttpAuth {
    kNone,
    // `auth_file`: the token (one line); sent as HTTP basic auth with
    // `auth_username` (GitHub and GitLab accept a token as the password).
    kToken,
    // `auth_file`: "username:password" (one line).
    kBasic,
  };
  HttpAuth http_auth = HttpAuth::kNone;
  std::string auth_file;
  std::string auth_username = "x-access-token";

  // ssh: the user (default: the URL's, else "git"), the private key file (and
  // its .pub file, optional with an OpenSSL-built libssh2), an optional file
  // holding the key's passphrase, and the known_hosts file the server's host
  // key must be listed in (required: unknown hosts are refused).
  std::string ssh_user;
  std::string ssh_private_key_file;
  std::string ssh_public_key_file;
  std::string ssh_passphrase_file;
  std::string known_hosts_file;
};

struct FetchResult {
  // The commit the configured ref points to now (40 hex).
  std::string commit;
  // `last_applied` as passed to Fetch.
  std::string last_applied;
  // commit != last_applied.
  bool changed = false;
  // last_applied is set, differs from commit and is not its ancestor: the
  // ref was force-pushed, history rewritten, or the ref moved to another
  // line (including a moved tag, or last_applied unknown to the mirror).
  bool history_rewritten = false;
};

class GitSource {
 public:
  // Validates `config` (URL, ref, files that must exist, transport support)
  // and opens or creates the bare mirror in `config.cache_dir`. Does not
  // touch the network.
  static Result<std::unique_ptr<GitSource>> Open(GitSourceConfig config);

  GitSource(const GitSource&) = delete;
  GitSource& operator=(const GitSource&) = delete;
  ~GitSource();

  // Fetches the configured ref into the mirror and returns its commit. A
  // pinned commit already in the mirror is not fetched again. Compares with
  // `last_applied` (may be empty) and reports a rewritten history in the
  // result instead of failing. kNotFound when the remote has no such ref or
  // commit; kPermissionDenied for a refused host key or credentials;
  // kUnavailable for transport failures.
  Result<FetchResult> Fetch(const std::string& last_applied = "");

  // True if `commit` == `ancestor` or `ancestor` is reachable from `commit`.
  // False (not an error) when `ancestor` is not in the mirror. kNotFound when
  // `commit` is not.
  Result<bool> IsDescendant(const std::string& commit, const std::string& ancestor);

  // The Snapshot of `commit` (40 hex) from the mirror; origin "<url>@<12 hex>".
  Result<Snapshot> ReadSnapshot(const std::string& commit);

  const GitSourceConfig& config() const { return config_; }

 private:
  struct Mirror;
  GitSource(GitSourceConfig config, std::unique_ptr<Mirror> mirror);

  GitSourceConfig config_;
  std::unique_ptr<Mirror> mirror_;
};

}  // namespace cocoplane::source

#endif  // COCOPLANE_SOURCE_GIT_SOURCE_H_
