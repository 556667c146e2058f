// SSH signatures on git commits: the "sshsig" format that `git commit -S`
// with gpg.format=ssh writes (ssh-keygen -Y sign -n git).
//
// Format facts from OpenSSH PROTOCOL.sshsig (openssh-portable, rev 1.4):
//   armor   "-----BEGIN SSH SIGNATURE-----", base64 lines,
//           "-----END SSH SIGNATURE-----"                          (§1)
//   blob    byte[6] "SSHSIG", uint32 version (1), string publickey,
//           string namespace, string reserved, string hash_algorithm,
//           string signature                                        (§2)
//   signed  byte[6] "SSHSIG", string namespace, string reserved,
//           string hash_algorithm, string H(message)                (§3)
// hash_algorithm is "sha256" or "sha512"; the namespace for commits is "git".
//
// Thread-safety: pure functions.
#ifndef COCOPLANE_VERIFY_SSHSIG_H_
#define COCOPLANE_VERIFY_SSHSIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "verify/signature_check.h"
#include "verify/ssh_key.h"

namespace cocoplane::verify {

inline constexpr std::string_view kSshSignatureBegin = "-----BEGIN SSH SIGNATURE-----";
inline constexpr std::string_view kSshSignatureEnd = "-----END SSH SIGNATURE-----";
// The namespace git passes to `ssh-keygen -Y sign -n`.
inline constexpr std::string_view kGitNamespace = "git";

// An sshsig blob, decoded but not yet checked.
struct SshSignature {
  uint32_t version = 0;
  SshPublicKey key;
  std::string sig_namespace;
  std::string reserved;
  std::string hash_algorithm;
  // The SSH signature blob: string algorithm, string signature bytes.
  std::string signature;
};

// Decodes the armor and the blob. Fails (kInvalidArgument) on anything
// structurally wrong: missing header or footer, bad base64, wrong magic,
// truncated fields, trailing bytes. The version is returned, not judged.
Result<SshSignature> ParseArmoredSshSignature(std::string_view armored);

// The §3 "signed data" for `message` under the signature's namespace,
// reserved field and hash algorithm (which must be sha256 or sha512).
std::string SshSignedData(const SshSignature& signature, std::string_view message);

// Verifies `armored` over `message` (for commits: the commit object without
// its gpgsig header). The embedded public key is used only if its blob is
// byte-for-byte one of `trusted`. Checks, in order: structure
// (malformed_signature), version 1 (unsupported_signature), namespace "git"
// (wrong_namespace), hash algorithm sha256/sha512 (unsupported_signature),
// trust (untrusted_key), key type (unsupported_key_type), the signature
// itself (bad_signature). `signer` is set as soon as the key is known.
SignatureResult VerifySshSignature(std::string_view armored, std::string_view message,
                                   const std::vector<TrustedSshKey>& trusted);

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_SSHSIG_H_
