// OpenPGP commit signatures, checked with GnuPG through gpgme against a
// keyring that holds only the trusted keys.
//
// The keyring lives in a private GNUPGHOME that this object creates (mkdtemp,
// mode 0700) and deletes in its destructor; the user's ~/.gnupg is never
// read. Its gpg.conf sets `trust-model always` (being in this keyring *is*
// the trust decision), `no-auto-key-retrieve` (never fetch keys) and
// `no-autostart` (import of public keys and verification need no gpg-agent,
// so none is ever left running). gpgme is told the home directory per
// context; no environment variable is changed.
//
// A signature is good only if gpgme reports it cryptographically valid
// (status GPG_ERR_NO_ERROR, no red/revoked/expired summary bits), and the
// key that made it (a primary key or one of its subkeys) belongs to a primary
// fingerprint imported here. Expired and revoked keys and expired
// signatures are failures with their own check names.
//
// Thread-safety: after Import() calls are done, Verify() may be called from
// several threads; calls are serialised by an internal mutex (gpg may update
// its trustdb on the first verification). Not copyable or movable.
#ifndef COCOPLANE_VERIFY_OPENPGP_KEYRING_H_
#define COCOPLANE_VERIFY_OPENPGP_KEYRING_H_

#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "base/status.h"
#include "verify/signature_check.h"

namespace cocoplane::verify {

inline constexpr std::string_view kPgpSignatureBegin = "-----BEGIN PGP SIGNATURE-----";

class OpenPgpKeyring {
 public:
  // Creates an empty keyring in a new directory under `parent` (the system
  // temp directory when empty). Fails with kUnavailable if gpgme or the gpg
  // engine is missing, kIo if the directory cannot be made.
  static Result<std::unique_ptr<OpenPgpKeyring>> Create(const std::filesystem::path& parent = {});

  OpenPgpKeyring(const OpenPgpKeyring&) = delete;
  OpenPgpKeyring& operator=(const OpenPgpKeyring&) = delete;
  // Removes the home directory and everything in it.
  ~OpenPgpKeyring();

  // Imports every public key (and revocation certificate) in an armored
  // block such as `gpg --armor --export` writes; their primary fingerprints
  // become trusted. Fails with kInvalidArgument, naming `origin`, on secret
  // key material, on input with no key, or on a key gpg refuses.
  Status Import(std::string_view armored, std::string_view origin);

  // Verifies a detached armored signature over `signed_data`. Never fails
  // operationally: input without OpenPGP packets is malformed_signature, and
  // a gpg that cannot run or errors out shows as bad_signature with the
  // gpgme error as detail, so a broken gpg never lets a commit through.
  SignatureResult Verify(std::string_view armored_signature, std::string_view signed_data) const;

  // Upper-case hex primary fingerprints of the trusted keys.
  const std::set<std::string>& fingerprints() const { return fingerprints_; }
  const std::filesystem::path& home() const { return home_; }

 private:
  explicit OpenPgpKeyring(std::filesystem::path home) : home_(std::move(home)) {}

  const std::filesystem::path home_;
  std::set<std::string> fingerprints_;
  mutable std::mutex mu_;
};

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_OPENPGP_KEYRING_H_
