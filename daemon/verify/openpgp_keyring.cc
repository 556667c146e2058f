#include "verify/openpgp_keyring.h"

#include <gpgme.h>
#include <stdlib.h>

#include <fstream>

namespace cocoplane::verify {
namespace {

template <typename T, void (*kFree)(T)>
struct Deleter {
  void operator()(T p) const { kFree(p); }
};
using CtxPtr = std::unique_ptr<gpgme_context, Deleter<gpgme_ctx_t, gpgme_release>>;
using DataPtr = std::unique_ptr<gpgme_data, Deleter<gpgme_data_t, gpgme_data_release>>;
using KeyPtr = std::unique_ptr<_gpgme_key, Deleter<gpgme_key_t, gpgme_key_unref>>;

// Written into the private home; see the header for why each line is there.
constexpr std::string_view kGpgConf =
    "trust-model always\n"
    "no-auto-key-retrieve\n"
    "no-autostart\n";

constexpr std::string_view kPrivateKeyArmor = "-----BEGIN PGP PRIVATE KEY BLOCK-----";

std::string GpgmeMessage(gpgme_error_t err) {
  return std::string(gpgme_strsource(err)) + ": " + gpgme_strerror(err);
}

// gpgme_check_version must run once before any context is made; it also
// initialises gpgme's thread support. The result is the same for every call.
Status EnsureGpgme() {
  static const Status status = [] {
    if (gpgme_check_version(nullptr) == nullptr) {
      return Status::Unavailable("gpgme failed to initialise");
    }
    gpgme_error_t err = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP);
    if (err != 0) {
      return Status::Unavailable("no usable gpg engine for gpgme: " + GpgmeMessage(err));
    }
    return Status::Ok();
  }();
  return status;
}

Result<CtxPtr> NewContext(const std::filesystem::path& home) {
  gpgme_ctx_t raw = nullptr;
  gpgme_error_t err = gpgme_new(&raw);
  CtxPtr ctx(raw);
  if (err == 0) {
    err = gpgme_set_protocol(raw, GPGME_PROTOCOL_OpenPGP);
  }
  if (err == 0) {
    err = gpgme_ctx_set_engine_info(raw, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str());
  }
  if (err != 0) {
    return Status::Unavailable("gpgme context: " + GpgmeMessage(err));
  }
  // Never let gpg go to the network (key servers, WKD) during a check.
  gpgme_set_offline(raw, 1);
  return ctx;
}

Result<DataPtr> NewData(std::string_view bytes) {
  gpgme_data_t raw = nullptr;
  gpgme_error_t err = gpgme_data_new_from_mem(&raw, bytes.data(), bytes.size(), /*copy=*/1);
  if (err != 0) {
    return Status::Internal("gpgme data: " + GpgmeMessage(err));
  }
  return DataPtr(raw);
}

Result<std::filesystem::path> MakePrivateHome(const std::filesystem::path& parent) {
  std::error_code ec;
  std::filesystem::path base = parent.empty() ? std::filesystem::temp_directory_path(ec) : parent;
  if (ec) {
    return Status::Io("no temp directory for the OpenPGP keyring: " + ec.message());
  }
  std::string pattern = (base / "cocoplane-gnupg-XXXXXX").string();
  // mkdtemp creates the directory with mode 0700, as gpg wants its home.
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::Io("cannot create OpenPGP keyring directory under " + base.string());
  }
  std::filesystem::path home(pattern);
  std::ofstream conf(home / "gpg.conf", std::ios::binary);
  conf << kGpgConf;
  conf.close();
  if (!conf) {
    std::filesystem::remove_all(home, ec);
    return Status::Io("cannot write " + (home / "gpg.conf").string());
  }
  return home;
}

// Maps gpgme's per-signature status and summary to a check name.
Check CheckFromSignature(const _gpgme_signature& sig) {
  switch (gpg_err_code(sig.status)) {
    case GPG_ERR_NO_ERROR:
      break;
    case GPG_ERR_NO_PUBKEY:
      return Check::kUntrustedKey;
    case GPG_ERR_KEY_EXPIRED:
      return Check::kKeyExpired;
    case GPG_ERR_SIG_EXPIRED:
      return Check::kSignatureExpired;
    case GPG_ERR_CERT_REVOKED:
      return Check::kKeyRevoked;
    default:
      return Check::kBadSignature;
  }
  // Belt and braces: the summary bits must agree with a clean status.
  if ((sig.summary & GPGME_SIGSUM_KEY_REVOKED) != 0) {
    return Check::kKeyRevoked;
  }
  if ((sig.summary & GPGME_SIGSUM_KEY_EXPIRED) != 0) {
    return Check::kKeyExpired;
  }
  if ((sig.summary & GPGME_SIGSUM_SIG_EXPIRED) != 0) {
    return Check::kSignatureExpired;
  }
  if ((sig.summary & (GPGME_SIGSUM_RED | GPGME_SIGSUM_KEY_MISSING)) != 0) {
    return Check::kBadSignature;
  }
  return Check::kGood;
}

std::string DetailFor(Check check, const _gpgme_signature& sig, const std::string& signer) {
  switch (check) {
    case Check::kGood:
      return "";
    case Check::kUntrustedKey:
      return "OpenPGP key " + signer + " is not trusted";
    case Check::kKeyExpired:
      return "OpenPGP key " + signer + " has expired";
    case Check::kKeyRevoked:
      return "OpenPGP key " + signer + " is revoked";
    case Check::kSignatureExpired:
      return "OpenPGP signature has expired";
    default:
      return "OpenPGP signature is not valid: " + GpgmeMessage(sig.status);
  }
}

// One signature of a verify result: gpg's verdict, then whether the primary
// key behind the signing (sub)key is one of `trusted`.
SignatureResult CheckOne(gpgme_ctx_t ctx, const _gpgme_signature& sig,
                         const std::set<std::string>& trusted) {
  SignatureResult result;
  result.format = SignatureFormat::kOpenPgp;
  result.signer = sig.fpr ? sig.fpr : "";
  result.check = CheckFromSignature(sig);
  gpgme_key_t raw_key = nullptr;
  if (sig.fpr != nullptr && gpgme_get_key(ctx, sig.fpr, &raw_key, 0) == 0) {
    KeyPtr key(raw_key);
    // Report and trust the primary key, whichever subkey signed.
    result.signer = key->fpr ? key->fpr : result.signer;
    result.principal = key->uids && key->uids->uid ? key->uids->uid : "";
    if (result.check == Check::kGood && !trusted.contains(result.signer)) {
      result.check = Check::kUntrustedKey;
    }
  } else if (result.check == Check::kGood) {
    result.check = Check::kUntrustedKey;
  }
  result.detail = DetailFor(result.check, sig, result.signer);
  if (!result.good()) {
    result.principal.clear();
  }
  return result;
}

}  // namespace

Result<std::unique_ptr<OpenPgpKeyring>> OpenPgpKeyring::Create(
    const std::filesystem::path& parent) {
  if (Status status = EnsureGpgme(); !status.ok()) {
    return status;
  }
  auto home = MakePrivateHome(parent);
  if (!home.ok()) {
    return home.status();
  }
  return std::unique_ptr<OpenPgpKeyring>(new OpenPgpKeyring(std::move(home).value()));
}

OpenPgpKeyring::~OpenPgpKeyring() {
  std::error_code ec;
  std::filesystem::remove_all(home_, ec);
}

Status OpenPgpKeyring::Import(std::string_view armored, std::string_view origin) {
  const std::string where(origin);
  if (armored.find(kPrivateKeyArmor) != std::string_view::npos) {
    return Status::InvalidArgument(where +
                                   ": contains a private key; give the public key only "
                                   "(gpg --armor --export <fingerprint>)");
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto ctx = NewContext(home_);
  if (!ctx.ok()) {
    return ctx.status();
  }
  auto data = NewData(armored);
  if (!data.ok()) {
    return data.status();
  }
  if (gpgme_error_t err = gpgme_op_import(ctx->get(), data->get()); err != 0) {
    return Status::InvalidArgument(where + ": OpenPGP import failed: " + GpgmeMessage(err));
  }
  gpgme_import_result_t result = gpgme_op_import_result(ctx->get());
  if (result == nullptr || result->considered == 0 || result->imports == nullptr) {
    return Status::InvalidArgument(where + ": no OpenPGP public key found");
  }
  for (gpgme_import_status_t entry = result->imports; entry != nullptr; entry = entry->next) {
    if (entry->result != 0) {
      return Status::InvalidArgument(where + ": OpenPGP key " + (entry->fpr ? entry->fpr : "?") +
                                     " rejected: " + GpgmeMessage(entry->result));
    }
    fingerprints_.insert(entry->fpr);
  }
  return Status::Ok();
}

SignatureResult OpenPgpKeyring::Verify(std::string_view armored_signature,
                                       std::string_view signed_data) const {
  SignatureResult result;
  result.format = SignatureFormat::kOpenPgp;
  std::lock_guard<std::mutex> lock(mu_);
  auto ctx = NewContext(home_);
  auto sig = NewData(armored_signature);
  auto text = NewData(signed_data);
  if (!ctx.ok() || !sig.ok() || !text.ok()) {
    result.check = Check::kBadSignature;
    result.detail = "cannot run gpgme";
    return result;
  }
  gpgme_error_t err = gpgme_op_verify(ctx->get(), sig->get(), text->get(), nullptr);
  gpgme_verify_result_t verify = gpgme_op_verify_result(ctx->get());
  if (err != 0 || verify == nullptr || verify->signatures == nullptr) {
    // NO_DATA: gpg found no OpenPGP packets. Anything else is gpg failing,
    // which must still never let a commit through.
    const bool no_data = err == 0 || gpg_err_code(err) == GPG_ERR_NO_DATA;
    result.check = no_data ? Check::kMalformedSignature : Check::kBadSignature;
    result.detail = err != 0 ? "OpenPGP: " + GpgmeMessage(err) : "no OpenPGP signature found";
    return result;
  }
  // Every signature in the block must be good; git writes exactly one.
  for (gpgme_signature_t s = verify->signatures; s != nullptr; s = s->next) {
    result = CheckOne(ctx->get(), *s, fingerprints_);
    if (!result.good()) {
      return result;
    }
  }
  return result;
}

}  // namespace cocoplane::verify
