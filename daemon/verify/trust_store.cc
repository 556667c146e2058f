#include "verify/trust_store.h"

#include <fstream>

#include "verify/sshsig.h"

namespace cocoplane::verify {
namespace {

// gpgsm (gpg.format=x509) armor, recognised only to name it in details.
constexpr std::string_view kX509SignatureBegin = "-----BEGIN SIGNED MESSAGE-----";

// Trust files are small; anything bigger is a configuration mistake.
constexpr std::streamsize kMaxTrustFileBytes = 1 << 20;

Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Io("cannot read trust file " + path.string());
  }
  std::string text(static_cast<size_t>(kMaxTrustFileBytes) + 1, '\0');
  in.read(text.data(), kMaxTrustFileBytes + 1);
  if (in.bad()) {
    return Status::Io("cannot read trust file " + path.string());
  }
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > static_cast<size_t>(kMaxTrustFileBytes)) {
    return Status::InvalidArgument(path.string() + ": trust file larger than 1 MiB");
  }
  return text;
}

SignatureResult Unverifiable(SignatureFormat format, Check check, std::string detail) {
  SignatureResult result;
  result.format = format;
  result.check = check;
  result.detail = std::move(detail);
  return result;
}

}  // namespace

SignatureFormat DetectSignatureFormat(std::string_view signature) {
  if (signature.empty()) {
    return SignatureFormat::kNone;
  }
  if (signature.starts_with(kSshSignatureBegin)) {
    return SignatureFormat::kSsh;
  }
  if (signature.starts_with(kPgpSignatureBegin)) {
    return SignatureFormat::kOpenPgp;
  }
  return SignatureFormat::kOther;
}

Status TrustStore::AddSshKeys(std::string_view text, std::string_view origin) {
  auto keys = ParseTrustedSshKeys(text, origin);
  if (!keys.ok()) {
    return keys.status();
  }
  for (auto& key : *keys) {
    ssh_keys_.push_back(std::move(key));
  }
  return Status::Ok();
}

Status TrustStore::AddOpenPgpKeys(std::string_view armored, std::string_view origin) {
  if (!keyring_) {
    auto keyring = OpenPgpKeyring::Create(gnupg_parent_);
    if (!keyring.ok()) {
      return keyring.status();
    }
    keyring_ = std::move(keyring).value();
  }
  return keyring_->Import(armored, origin);
}

SignatureResult TrustStore::CheckSignature(std::string_view signature,
                                           std::string_view signed_data) const {
  const SignatureFormat format = DetectSignatureFormat(signature);
  switch (format) {
    case SignatureFormat::kNone:
      return Unverifiable(format, Check::kUnsigned, "commit is not signed");
    case SignatureFormat::kSsh:
      return VerifySshSignature(signature, signed_data, ssh_keys_);
    case SignatureFormat::kOpenPgp:
      if (!keyring_) {
        return Unverifiable(format, Check::kUntrustedKey, "no OpenPGP key is trusted");
      }
      return keyring_->Verify(signature, signed_data);
    case SignatureFormat::kOther:
      return Unverifiable(format, Check::kUnsupportedSignature,
                          signature.starts_with(kX509SignatureBegin)
                              ? "x509 (gpgsm) signatures are not supported"
                              : "unknown signature format");
  }
  return Unverifiable(format, Check::kUnsupportedSignature, "unknown signature format");
}

std::set<std::string> TrustStore::openpgp_fingerprints() const {
  return keyring_ ? keyring_->fingerprints() : std::set<std::string>();
}

Result<TrustStore> LoadTrustStore(const TrustConfig& config) {
  TrustStore store(config.gnupg_parent);
  for (const auto& path : config.ssh_allowed_signers) {
    auto text = ReadSmallFile(path);
    if (!text.ok()) {
      return text.status();
    }
    if (Status status = store.AddSshKeys(*text, path.string()); !status.ok()) {
      return status;
    }
  }
  for (const auto& path : config.openpgp_public_keys) {
    auto text = ReadSmallFile(path);
    if (!text.ok()) {
      return text.status();
    }
    if (Status status = store.AddOpenPgpKeys(*text, path.string()); !status.ok()) {
      return status;
    }
  }
  if (store.ssh_keys().empty() && store.openpgp_fingerprints().empty()) {
    return Status::InvalidArgument("no trusted signing key in the configured trust files");
  }
  return store;
}

}  // namespace cocoplane::verify
