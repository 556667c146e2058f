// Trusted SSH public keys: parsing OpenSSH public-key lines and
// allowed_signers files (ssh-keygen(1) "ALLOWED SIGNERS") into key blobs.
//
// Two line forms are accepted, one key per line; blank lines and lines
// starting with '#' are skipped:
//
//   ssh-ed25519 AAAAC3Nza... optional comment           (authorized_keys-like)
//   alice@example.com[,bob@...] [options] ssh-ed25519 AAAAC3Nza... [comment]
//
// Of the allowed_signers options only `namespaces="..."` is honoured: a key
// whose list contains neither "git" nor "*" is not trusted for commits and is
// left out. `cert-authority`, `valid-after` and `valid-before` are rejected with an
// error rather than ignored, because ignoring them would trust more than the
// file says. The principal is informational: unlike `git verify-commit`, the
// committer's e-mail is not matched against it.
//
// Keys of any type are loaded; whether a type can be verified is decided when
// a signature is checked (see sshsig.h). RSA keys shorter than 2048 bits are
// rejected here.
//
// Thread-safety: pure functions on values.
#ifndef COCOPLANE_VERIFY_SSH_KEY_H_
#define COCOPLANE_VERIFY_SSH_KEY_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace cocoplane::verify {

struct SshPublicKey {
  // The key type named inside the blob: "ssh-ed25519", "ecdsa-sha2-nistp256"...
  std::string type;
  // The RFC 4253 §6.6 wire encoding, exactly as it appears in an sshsig.
  std::string blob;

  // "SHA256:<unpadded base64 of sha256(blob)>", what `ssh-keygen -l` prints.
  std::string Fingerprint() const;
};

struct TrustedSshKey {
  SshPublicKey key;
  // The allowed_signers principals field, or the comment of a plain line.
  std::string principal;
  // "file:line" the key came from, for status output.
  std::string origin;
};

// Decodes a public-key blob and checks its structure for the types this
// module knows (Ed25519 key length, ECDSA curve name and point form, RSA
// modulus size). Unknown types are accepted with only the type name read.
Result<SshPublicKey> ParseSshPublicKeyBlob(std::string_view blob);

// Parses a whole file. `origin` names it in error messages and in
// TrustedSshKey::origin. The first bad line fails the whole file with
// "origin:line: message": a half-loaded trust file would be a silent hole.
Result<std::vector<TrustedSshKey>> ParseTrustedSshKeys(std::string_view text,
                                                       std::string_view origin);

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_SSH_KEY_H_
