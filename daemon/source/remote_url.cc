#include "source/remote_url.h"

#include <cctype>
#include <charconv>
#include <utility>

namespace cocoplane::source {
namespace {

struct Scheme {
  std::string_view prefix;
  Transport transport;
  int default_port;
};

constexpr Scheme kSchemes[] = {
    {"file://", Transport::kLocal, 0},   {"git://", Transport::kGit, 9418},
    {"http://", Transport::kHttp, 80},   {"https://", Transport::kHttps, 443},
    {"ssh://", Transport::kSsh, 22},     {"ssh+git://", Transport::kSsh, 22},
    {"git+ssh://", Transport::kSsh, 22},
};

// `url` with any password in its user info replaced by "***".
std::string Redacted(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t at = url.find('@', start);
  size_t slash = url.find('/', start);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) {
    return std::string(url);
  }
  size_t colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

Status Bad(std::string_view url, const std::string& why) {
  return Status::InvalidArgument("git URL '" + Redacted(url) + "': " + why);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits "[user@]host[:port]" (IPv6 hosts in brackets) into `out`.
Status ParseAuthority(std::string_view url, std::string_view authority, int default_port,
                      RemoteUrl* out) {
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    if (userinfo.find(':') != std::string_view::npos) {
      return Bad(url, "a password in the URL is refused; use an auth file");
    }
    out->user = std::string(userinfo);
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return Bad(url, "unclosed '[' in the host");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return Bad(url, "junk after ']'");
    if (!port.empty()) port.remove_prefix(1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return Bad(url, "no host");
  out->host = Lower(host);
  out->port = default_port;
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value <= 0 || value > 65535) {
      return Bad(url, "bad port '" + std::string(port) + "'");
    }
    out->port = value;
  }
  return Status::Ok();
}

// The ':' ending the host of an scp-like "[user@]host:path" (or
// "[user@][v6addr]:path"), or npos when `url` is a local path: git treats a
// ':' after the first '/' as part of a path.
size_t ScpHostEnd(std::string_view url) {
  size_t from = 0;
  // Skip the user info ("user@" or a refused "user:password@").
  if (size_t at = url.find('@'); at != std::string_view::npos && at < url.find('/')) from = at + 1;
  size_t bracket = url.find('[', from);
  if (bracket != std::string_view::npos && bracket < url.find('/')) {
    size_t close = url.find("]:", bracket);
    if (close == std::string_view::npos) return std::string_view::npos;
    from = close + 1;
  }
  size_t colon = url.find(':', from);
  size_t slash = url.find('/');
  if (colon == std::string_view::npos || colon == 0) return std::string_view::npos;
  if (slash != std::string_view::npos && slash < colon) return std::string_view::npos;
  return colon;
}

}  // namespace

std::string_view TransportName(Transport transport) {
  switch (transport) {
    case Transport::kLocal:
      return "local";
    case Transport::kGit:
      return "git";
    case Transport::kHttp:
      return "http";
    case Transport::kHttps:
      return "https";
    case Transport::kSsh:
      return "ssh";
  }
  return "unknown";
}

Result<RemoteUrl> ParseRemoteUrl(std::string_view url) {
  if (url.empty()) return Status::InvalidArgument("empty git URL");
  RemoteUrl out;
  for (const Scheme& scheme : kSchemes) {
    if (Lower(url.substr(0, scheme.prefix.size())) != scheme.prefix) continue;
    out.transport = scheme.transport;
    if (scheme.transport == Transport::kLocal) return out;
    std::string_view rest = url.substr(scheme.prefix.size());
    std::string_view authority = rest.substr(0, rest.find('/'));
    Status s = ParseAuthority(url, authority, scheme.default_port, &out);
    if (!s.ok()) return s;
    return out;
  }
  if (url.find("://") != std::string_view::npos) {
    return Bad(url, "unsupported scheme (use file://, git://, http(s):// or ssh://)");
  }
  size_t host_end = ScpHostEnd(url);
  if (host_end == std::string_view::npos) return out;
  out.transport = Transport::kSsh;
  Status s = ParseAuthority(url, url.substr(0, host_end), 22, &out);
  if (!s.ok()) return s;
  return out;
}

}  // namespace cocoplane::source
