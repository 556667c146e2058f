#include "verify/sshsig.h"

#include <cassert>
#include <optional>

#include "crypto/digest.h"
#include "crypto/encoding.h"
#include "verify/ssh_crypto.h"
#include "verify/ssh_wire.h"

namespace cocoplane::verify {
namespace {

// PROTOCOL.sshsig §2 and §3: MAGIC_PREAMBLE, SIG_VERSION.
constexpr std::string_view kMagic = "SSHSIG";
constexpr uint32_t kVersion = 1;

// The base64 text between header and footer, with the line breaks (and the
// continuation blanks a commit header may leave) removed.
Result<std::string> Dearmor(std::string_view armored) {
  while (!armored.empty() && (armored.back() == '\n' || armored.back() == '\r')) {
    armored.remove_suffix(1);
  }
  if (!armored.starts_with(kSshSignatureBegin) || !armored.ends_with(kSshSignatureEnd)) {
    return Status::InvalidArgument("missing SSH SIGNATURE armor header or footer");
  }
  armored.remove_prefix(kSshSignatureBegin.size());
  armored.remove_suffix(kSshSignatureEnd.size());
  std::string base64;
  for (char c : armored) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
      base64.push_back(c);
    }
  }
  auto blob = crypto::Base64Decode(base64, crypto::Base64Alphabet::kStandard);
  if (!blob) {
    return Status::InvalidArgument("SSH signature is not valid base64");
  }
  return std::move(*blob);
}

std::optional<crypto::HashAlgorithm> SshsigHash(std::string_view name) {
  if (name == "sha256") {
    return crypto::HashAlgorithm::kSha256;
  }
  if (name == "sha512") {
    return crypto::HashAlgorithm::kSha512;
  }
  return std::nullopt;
}

const TrustedSshKey* FindTrusted(const std::vector<TrustedSshKey>& trusted,
                                 const SshPublicKey& key) {
  for (const auto& candidate : trusted) {
    if (candidate.key.blob == key.blob) {
      return &candidate;
    }
  }
  return nullptr;
}

// Fills in the outcome; used for success and for every failure.
SignatureResult Decide(SignatureResult result, Check check, std::string detail) {
  result.check = check;
  result.detail = std::move(detail);
  return result;
}

}  // namespace

Result<SshSignature> ParseArmoredSshSignature(std::string_view armored) {
  auto blob = Dearmor(armored);
  if (!blob.ok()) {
    return blob.status();
  }
  SshReader reader(*blob);
  auto magic = reader.ReadBytes(kMagic.size());
  if (!magic || *magic != kMagic) {
    return Status::InvalidArgument("SSH signature does not start with \"SSHSIG\"");
  }
  auto version = reader.ReadUint32();
  auto public_key = reader.ReadString();
  auto sig_namespace = reader.ReadString();
  auto reserved = reader.ReadString();
  auto hash_algorithm = reader.ReadString();
  auto signature = reader.ReadString();
  if (!version || !public_key || !sig_namespace || !reserved || !hash_algorithm || !signature ||
      !reader.AtEnd()) {
    return Status::InvalidArgument("truncated or oversized SSH signature blob");
  }
  auto key = ParseSshPublicKeyBlob(*public_key);
  if (!key.ok()) {
    return key.status();
  }
  return SshSignature{*version,
                      std::move(key).value(),
                      std::string(*sig_namespace),
                      std::string(*reserved),
                      std::string(*hash_algorithm),
                      std::string(*signature)};
}

std::string SshSignedData(const SshSignature& signature, std::string_view message) {
  auto hash = SshsigHash(signature.hash_algorithm);
  assert(hash && "SshSignedData needs sha256 or sha512");
  std::string data(kMagic);
  AppendSshString(data, signature.sig_namespace);
  AppendSshString(data, signature.reserved);
  AppendSshString(data, signature.hash_algorithm);
  AppendSshString(data, crypto::Digest(*hash, message));
  return data;
}

SignatureResult VerifySshSignature(std::string_view armored, std::string_view message,
                                   const std::vector<TrustedSshKey>& trusted) {
  SignatureResult result;
  result.format = SignatureFormat::kSsh;
  auto sig = ParseArmoredSshSignature(armored);
  if (!sig.ok()) {
    return Decide(std::move(result), Check::kMalformedSignature, sig.status().message());
  }
  result.signer = sig->key.Fingerprint();
  if (sig->version != kVersion) {
    return Decide(std::move(result), Check::kUnsupportedSignature,
                  "sshsig version " + std::to_string(sig->version) + ", want 1");
  }
  if (sig->sig_namespace != kGitNamespace) {
    return Decide(std::move(result), Check::kWrongNamespace,
                  "namespace \"" + sig->sig_namespace + "\", want \"git\"");
  }
  if (!SshsigHash(sig->hash_algorithm)) {
    return Decide(std::move(result), Check::kUnsupportedSignature,
                  "hash algorithm \"" + sig->hash_algorithm + "\", want sha256 or sha512");
  }
  const TrustedSshKey* key = FindTrusted(trusted, sig->key);
  if (key == nullptr) {
    return Decide(std::move(result), Check::kUntrustedKey,
                  sig->key.type + " key " + result.signer + " is not trusted");
  }
  result.principal = key->principal;
  CryptoOutcome outcome =
      VerifySshSignatureBlob(key->key, sig->signature, SshSignedData(*sig, message));
  return Decide(std::move(result), outcome.check, std::move(outcome.detail));
}

}  // namespace cocoplane::verify
