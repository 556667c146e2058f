// KnownHosts: an OpenSSH known_hosts file, parsed, and the check of a
// server's SSH host key against it.
//
// libgit2 1.5.1 only consults ~/.ssh/known_hosts of whoever runs the daemon;
// cocoplane instead checks the key in its certificate_check callback against
// the file named in the source's configuration (see git_source.h). The format
// is sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT":
//
//   [@revoked] <patterns> <key type> <base64 key> [comment]
//
// where <patterns> is a comma-separated list of host names or addresses,
// "[host]:port" for a port other than 22, with `*`/`?` wildcards and `!`
// negation, or one hashed entry "|1|<base64 salt>|<base64 HMAC-SHA1(salt,
// host)>" as `ssh-keygen -H` writes it. Supported key types: ssh-ed25519,
// ecdsa-sha2-nistp256/384/521 and ssh-rsa; lines with other types (ssh-dss,
// security-key and certificate types) and @cert-authority lines are skipped
// and listed in skipped(), not fatal, so an unedited `ssh-keyscan` output
// loads. A line that is malformed (missing fields, bad base64, a key blob
// whose type differs from its type field, an unknown @marker) fails Parse.
//
// Policy (Check): accept only a key listed for the host with the same type
// and the same bytes; refuse a revoked key, a host that is listed with other
// keys (mismatch, including "no key of this type"), and an unknown host.
// There is no trust on first use.
//
// Thread-safety: immutable after Parse; Check may run on any thread.
#ifndef COCOPLANE_SOURCE_KNOWN_HOSTS_H_
#define COCOPLANE_SOURCE_KNOWN_HOSTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace cocoplane::source {

struct KnownHostsEntry {
  // 1-based line in the file.
  unsigned line = 0;
  bool revoked = false;
  // Plain entries: the patterns as written ("host", "[host]:2222", "!*.bad").
  std::vector<std::string> patterns;
  // Hashed entries: raw salt and HMAC-SHA1 digest (20 bytes); patterns empty.
  std::string hashed_salt;
  std::string hashed_digest;
  // "ssh-ed25519", ...
  std::string key_type;
  // The decoded public key blob: SSH wire format (RFC 4253 section 6.6).
  std::string key_blob;
};

enum class HostKeyVerdict {
  kMatch,
  // The host is listed, but not with this key (or not with a key of this type).
  kMismatch,
  kUnknownHost,
  // The key is listed as @revoked for this host.
  kRevoked,
};

struct HostKeyCheck {
  HostKeyVerdict verdict = HostKeyVerdict::kUnknownHost;
  // One sentence for the operator: host, key type, SHA256 fingerprint.
  std::string message;
};

class KnownHosts {
 public:
  // Parses known_hosts text; `file` names it in messages ("file:line: ...").
  // kInvalidArgument on a malformed line.
  static Result<KnownHosts> Parse(std::string_view text, std::string_view file);
  // Reads and parses the file at `path`; kNotFound / kIo when unreadable.
  static Result<KnownHosts> Load(const std::string& path);

  // Checks `key_blob` (the raw key the server sent, SSH wire format) for
  // `host` on `port` (22, or <= 0, means the default port).
  HostKeyCheck Check(std::string_view host, int port, std::string_view key_blob) const;

  const std::vector<KnownHostsEntry>& entries() const { return entries_; }
  // "file:line: <reason>" for every line that was skipped.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::vector<KnownHostsEntry> entries_;
  std::vector<std::string> skipped_;
};

// The key type name stored in a wire-format key blob ("ssh-ed25519"), or ""
// when the blob is malformed.
std::string SshKeyBlobType(std::string_view blob);

// "SHA256:<unpadded base64>", the fingerprint `ssh-keygen -l` prints.
std::string SshKeyFingerprint(std::string_view blob);

// True if `pattern` (one known_hosts pattern, without '!') matches `name`:
// `*` matches any run of characters, `?` any one, case-insensitively.
bool MatchHostPattern(std::string_view pattern, std::string_view name);

}  // namespace cocoplane::source

#endif  // COCOPLANE_SOURCE_KNOWN_HOSTS_H_
