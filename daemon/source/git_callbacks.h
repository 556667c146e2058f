// Internal to daemon/source: the libgit2 remote callbacks of one fetch —
// credentials (ssh key, https token or basic auth, read from files) and the
// certificate check that verifies an ssh server's host key against the
// configured known_hosts file — and the state they share.
//
// FetchContext holds secrets in memory for the duration of one fetch only;
// its destructor wipes them. A callback that refuses writes the reason to
// `refusal` (never containing a secret), which the caller prefers over
// libgit2's generic message.
//
// Thread-safety: one FetchContext per fetch, used by the thread that fetches.
#ifndef COCOPLANE_SOURCE_GIT_CALLBACKS_H_
#define COCOPLANE_SOURCE_GIT_CALLBACKS_H_

#include <git2.h>

#include <optional>
#include <string>

#include "base/status.h"
#include "source/git_source.h"
#include "source/known_hosts.h"
#include "source/remote_url.h"

namespace cocoplane::source::git {

struct FetchContext {
  FetchContext() = default;
  FetchContext(const FetchContext&) = delete;
  FetchContext& operator=(const FetchContext&) = delete;
  // Wipes `username`, `secret` and `passphrase`.
  ~FetchContext();

  const GitSourceConfig* config = nullptr;
  RemoteUrl url;
  // Loaded for ssh remotes.
  std::optional<KnownHosts> known_hosts;
  // http(s): basic-auth user and password (or token); ssh: key passphrase.
  std::string username;
  std::string secret;
  std::string passphrase;
  // Credential callbacks answered so far (a second one means "rejected").
  int credential_attempts = 0;
  // Why a callback refused the connection, for the Status.
  std::string refusal;
};

// Fills `ctx` for one fetch: reads the auth and passphrase files and the
// known_hosts file named in `config`. kNotFound / kIo / kInvalidArgument when
// one of them is missing or malformed (the message names the file, never its
// content).
Status PrepareFetchContext(const GitSourceConfig& config, const RemoteUrl& url, FetchContext* ctx);

// Callbacks bound to `ctx`, which must outlive every libgit2 call they are
// passed to.
git_remote_callbacks MakeCallbacks(FetchContext* ctx);

// The ssh user name a source authenticates as: config.ssh_user, else the
// URL's user, else "git".
std::string SshUser(const GitSourceConfig& config, const RemoteUrl& url);

// Makes `path` libgit2's CA bundle for https. libgit2 1.5 keeps one per
// process: a second, different path is kFailedPrecondition.
Status InstallCaBundle(const std::string& path);

}  // namespace cocoplane::source::git

#endif  // COCOPLANE_SOURCE_GIT_CALLBACKS_H_
