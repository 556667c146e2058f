// The outcome of checking one commit signature, shared by the SSH (sshsig)
// and OpenPGP verifiers and by VerifyRevision.
//
// A check is a value, not an error: "this commit is unsigned" is a normal
// answer. Operational failures (the repository cannot be opened, gpg cannot
// run) are Status/Result instead.
//
// The names returned by CheckName() are stable: the daemon uses them as the
// `reason` label of its metrics and in status output. Never rename one.
//
// Thread-safety: plain values.
#ifndef COCOPLANE_VERIFY_SIGNATURE_CHECK_H_
#define COCOPLANE_VERIFY_SIGNATURE_CHECK_H_

#include <string>
#include <string_view>

namespace cocoplane::verify {

enum class Check {
  // A valid signature by a trusted key.
  kGood,
  // The commit has no gpgsig header.
  kUnsigned,
  // Well-formed signature, but the key is not in the trust store.
  kUntrustedKey,
  // The signature does not verify against the signed data.
  kBadSignature,
  // sshsig namespace other than "git" (a signature made for another purpose).
  kWrongNamespace,
  // A trusted key of a type this verifier cannot check.
  kUnsupportedKeyType,
  // A signature format, version or hash algorithm this verifier does not
  // accept (x509/gpgsm signatures, sshsig version 2, ssh-rsa with SHA-1...).
  kUnsupportedSignature,
  // The signature cannot be decoded at all.
  kMalformedSignature,
  // OpenPGP: made by a trusted key that has expired, or that is revoked, or
  // the signature itself carries an expiry that has passed.
  kKeyExpired,
  kKeyRevoked,
  kSignatureExpired,
};

// "good", "unsigned", "untrusted_key", "bad_signature", "wrong_namespace",
// "unsupported_key_type", "unsupported_signature", "malformed_signature",
// "key_expired", "key_revoked", "signature_expired".
std::string_view CheckName(Check check);

enum class SignatureFormat { kNone, kSsh, kOpenPgp, kOther };

// "none", "ssh", "openpgp", "other".
std::string_view SignatureFormatName(SignatureFormat format);

struct SignatureResult {
  Check check = Check::kUnsigned;
  SignatureFormat format = SignatureFormat::kNone;
  // Who signed, when known: the SSH key fingerprint ("SHA256:..." as
  // `ssh-keygen -l` prints it) or the OpenPGP primary key fingerprint. Set for
  // untrusted keys too, so an operator can see which key was used.
  std::string signer;
  // The principal from the allowed-signers line or the OpenPGP user id of a
  // trusted key; empty otherwise.
  std::string principal;
  // One line for humans explaining a failure ("namespace \"file\", want
  // \"git\""); empty when good. Never contains key material beyond public
  // fingerprints.
  std::string detail;

  bool good() const { return check == Check::kGood; }
};

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_SIGNATURE_CHECK_H_
