// ES256 (ECDSA on P-256 with SHA-256, RFC 7518 §3.4) with deterministic
// nonces (RFC 6979 §3.2), for the signed sealed secrets of the Confidential
// Data Hub (../shared/reference/guest-components-and-kata.md §6).
//
// Why deterministic: every artifact cocoplane compiles must be a pure
// function of its inputs. Ordinary ECDSA draws a random nonce, so signing the
// same sealed secret twice would give two different byte strings and a
// spurious diff in every plan. OpenSSL 3.0 (Debian 12) has no deterministic
// ECDSA, so this module derives k with HMAC-SHA256 per RFC 6979 and computes
// r and s with OpenSSL BIGNUM and EC_POINT arithmetic. Any ES256 verifier
// accepts the result: a verifier cannot tell how k was chosen.
//
// Signatures are raw r‖s, 32 bytes each, big-endian: the JWS form (RFC 7515
// Appendix A.3), not DER. Verification goes through OpenSSL's standard
// EVP_DigestVerify after re-encoding r, s as DER.
//
// Contract: pure functions (no disk, clock, randomness or global state).
// Malformed keys or signatures give a non-OK Status, never a crash.
// Es256PrivateKey holds secret material: callers keep it short-lived and never
// print it. Thread-safe: no shared mutable state.
#ifndef COCOPLANE_CRYPTO_ES256_H_
#define COCOPLANE_CRYPTO_ES256_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::crypto {

// A P-256 public point in affine coordinates, each 32 bytes big-endian (the
// decoded JWK "x" and "y" members, RFC 7518 §6.2.1).
struct Es256PublicKey {
  std::string x;
  std::string y;
};

// A P-256 private key: the scalar d (32 bytes big-endian, 1 <= d < n) and its
// public point d·G.
struct Es256PrivateKey {
  std::string d;
  Es256PublicKey public_key;
};

// Parses an unencrypted PEM private key, PKCS#8 ("BEGIN PRIVATE KEY") or
// SEC 1 ("BEGIN EC PRIVATE KEY"). Fails with InvalidArgument when the text is
// not a PEM key, is encrypted (no passphrase prompt is ever shown), or is not
// on P-256.
Result<Es256PrivateKey> ParseEs256PrivateKeyPem(std::string_view pem);

// Builds a key from the raw 32-byte scalar; InvalidArgument unless 1 <= d < n.
Result<Es256PrivateKey> Es256PrivateKeyFromScalar(std::string_view d);

// Renders the key as an unencrypted SEC 1 PEM ("BEGIN EC PRIVATE KEY"),
// which ParseEs256PrivateKeyPem reads back. For keys the program derives
// itself (e.g. `plan`'s stand-in key); never logged.
std::string Es256PrivateKeyToPem(const Es256PrivateKey& key);

// Checks that (x, y) are 32 bytes each and name a point on P-256.
Result<Es256PublicKey> Es256PublicKeyFromCoordinates(std::string_view x, std::string_view y);

// Parses a PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") on P-256.
Result<Es256PublicKey> ParseEs256PublicKeyPem(std::string_view pem);

// Renders the key as a PEM SubjectPublicKeyInfo, as `openssl pkey -pubout`
// prints it (64-column base64, trailing newline).
Result<std::string> Es256PublicKeyToPem(const Es256PublicKey& key);

// The first RFC 6979 §3.2 nonce candidate k (32 bytes big-endian) for the
// private scalar `d` and the SHA-256 digest `message_hash` of the message.
// Exposed so that tests can pin the k values of RFC 6979 Appendix A.2.5.
// InvalidArgument when either input is not 32 bytes.
Result<std::string> Rfc6979NonceP256(std::string_view d, std::string_view message_hash);

// Signs `message` (hashed here with SHA-256): returns r‖s, 64 bytes. The same
// key and message always give the same bytes. Fails only on an invalid key.
Result<std::string> SignEs256(const Es256PrivateKey& key, std::string_view message);

// Verifies the 64-byte r‖s `signature` over `message` with OpenSSL's
// verifier. OK when valid; InvalidArgument when the signature does not verify
// or is malformed (wrong length, r or s out of range).
Status VerifyEs256(const Es256PublicKey& key, std::string_view message,
                   std::string_view signature);

// Same, with the public key given as PEM.
Status VerifyEs256WithPem(std::string_view public_key_pem, std::string_view message,
                          std::string_view signature);

}  // namespace cocoplane::crypto

#endif  // COCOPLANE_CRYPTO_ES256_H_
