// RemoteUrl: what cocoplane needs to know about a git remote's URL before
// handing it to libgit2 — which transport, and for ssh the host and port the
// known_hosts check looks up (libgit2's certificate callback is given the
// host but not the port).
//
// Accepted forms: "file:///abs/path", a plain path ("/srv/repo.git",
// "./repo"), "git://host[:port]/path", "https://host[:port]/path",
// "http://host[:port]/path", "ssh://[user@]host[:port]/path" (also
// "ssh+git://" and "git+ssh://"), and scp-like "[user@]host:path". IPv6 hosts
// are written in brackets ("ssh://[::1]:2222/repo").
//
// A password in the URL ("https://user:secret@host/...") is refused:
// credentials come from files named in the configuration, never from a URL
// that ends up in logs and Snapshot origins.
//
// Pure; thread-safe.
#ifndef COCOPLANE_SOURCE_REMOTE_URL_H_
#define COCOPLANE_SOURCE_REMOTE_URL_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::source {

enum class Transport { kLocal, kGit, kHttp, kHttps, kSsh };

// "local", "git", "http", "https", "ssh".
std::string_view TransportName(Transport transport);

struct RemoteUrl {
  Transport transport = Transport::kLocal;
  // Empty for kLocal. Lower-cased, without IPv6 brackets.
  std::string host;
  // The explicit port, or the transport's default (git 9418, http 80,
  // https 443, ssh 22); 0 for kLocal.
  int port = 0;
  // The user name in the URL ("git" in "git@host:repo"), or "".
  std::string user;
};

// kInvalidArgument for an empty URL, an unsupported scheme, a malformed
// authority or port, or a password in the URL.
Result<RemoteUrl> ParseRemoteUrl(std::string_view url);

}  // namespace cocoplane::source

#endif  // COCOPLANE_SOURCE_REMOTE_URL_H_
