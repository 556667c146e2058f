// TrustStore: the keys whose commit signatures cocoplane accepts, and the
// dispatch from a commit's signature to the verifier for its format.
//
// SSH keys come from allowed_signers-like text (see ssh_key.h); OpenPGP keys
// from armored public key blocks, imported into a private GnuPG home that the
// store owns (see openpgp_keyring.h) and that is created on the first
// OpenPGP key only, so SSH-only deployments never touch gpg.
//
// Typical use by the daemon:
//   auto store = LoadTrustStore({.ssh_allowed_signers = {"/etc/cocoplane/allowed_signers"}});
//   if (!store.ok()) ...;       // a bad trust file stops start-up
//   auto verdict = VerifyRevision(repo, Mode::kStrict, last, head, *store);
//
// Thread-safety: build the store on one thread; afterwards CheckSignature() is safe
// from several threads. Movable, not copyable.
#ifndef COCOPLANE_VERIFY_TRUST_STORE_H_
#define COCOPLANE_VERIFY_TRUST_STORE_H_

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "verify/openpgp_keyring.h"
#include "verify/signature_check.h"
#include "verify/ssh_key.h"

namespace cocoplane::verify {

// Which signature format `signature` (a commit's gpgsig header value) is in,
// from its armor line: kNone when empty, kOther for anything but SSH and
// OpenPGP (for example x509/gpgsm "-----BEGIN SIGNED MESSAGE-----").
SignatureFormat DetectSignatureFormat(std::string_view signature);

class TrustStore {
 public:
  // `gnupg_parent`: where the private GnuPG home is created (empty = system
  // temp directory).
  explicit TrustStore(std::filesystem::path gnupg_parent = {})
      : gnupg_parent_(std::move(gnupg_parent)) {}

  // Adds the SSH keys in `text`; on error nothing from `text` is added and
  // the message names "origin:line".
  Status AddSshKeys(std::string_view text, std::string_view origin);

  // Imports an armored OpenPGP public key block (see OpenPgpKeyring::Import).
  Status AddOpenPgpKeys(std::string_view armored, std::string_view origin);

  // Checks `signature` (empty = unsigned) over `signed_data` with the
  // verifier for its format. Never fails operationally.
  SignatureResult CheckSignature(std::string_view signature, std::string_view signed_data) const;

  const std::vector<TrustedSshKey>& ssh_keys() const { return ssh_keys_; }
  // Trusted OpenPGP primary fingerprints (upper-case hex).
  std::set<std::string> openpgp_fingerprints() const;
  bool empty() const { return ssh_keys_.empty() && !keyring_; }

 private:
  std::filesystem::path gnupg_parent_;
  std::vector<TrustedSshKey> ssh_keys_;
  std::unique_ptr<OpenPgpKeyring> keyring_;
};

struct TrustConfig {
  // allowed_signers-like files (or authorized_keys-like key lists).
  std::vector<std::filesystem::path> ssh_allowed_signers;
  // Armored OpenPGP public key files (gpg --armor --export).
  std::vector<std::filesystem::path> openpgp_public_keys;
  // See TrustStore's constructor.
  std::filesystem::path gnupg_parent;
};

// Reads every file of `config` into a new store. Fails on the first file that
// cannot be read (kIo) or parsed (kInvalidArgument, "path:line: ..."), and
// with kInvalidArgument if the files hold no trusted key at all: a
// verification mode with an empty store would reject every revision.
Result<TrustStore> LoadTrustStore(const TrustConfig& config);

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_TRUST_STORE_H_
