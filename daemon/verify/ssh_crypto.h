// Internal to daemon/verify: checks one SSH signature blob (RFC 4253 §6.6:
// string algorithm, string signature bytes) made by a public key over some
// data, with OpenSSL 3 EVP (no deprecated APIs).
//
// Supported: ssh-ed25519 (RFC 8709), ecdsa-sha2-nistp256/384/521 (RFC 5656,
// the SSH mpint r,s pair re-encoded as a DER ECDSA-Sig-Value), and ssh-rsa
// keys with rsa-sha2-256/rsa-sha2-512 signatures (RFC 8332). The SHA-1
// "ssh-rsa" signature algorithm is refused, as PROTOCOL.sshsig requires.
//
// Returns kGood, kBadSignature, kMalformedSignature, kUnsupportedKeyType or
// kUnsupportedSignature with a one-line detail. Leaves OpenSSL's error queue
// empty. Thread-safe: no shared state.
#ifndef COCOPLANE_VERIFY_SSH_CRYPTO_H_
#define COCOPLANE_VERIFY_SSH_CRYPTO_H_

#include <string>
#include <string_view>

#include "verify/signature_check.h"
#include "verify/ssh_key.h"

namespace cocoplane::verify {

struct CryptoOutcome {
  Check check;
  std::string detail;
};

CryptoOutcome VerifySshSignatureBlob(const SshPublicKey& key, std::string_view signature_blob,
                                     std::string_view data);

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_SSH_CRYPTO_H_
