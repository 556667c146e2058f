#include "verify/ssh_crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <optional>

#include "crypto/openssl_ptr.h"
#include "verify/ssh_wire.h"

namespace cocoplane::verify {
namespace {

using crypto::ossl::BnPtr;
using crypto::ossl::EcdsaSigPtr;
using crypto::ossl::MdCtxPtr;
using crypto::ossl::ParamBldPtr;
using crypto::ossl::ParamPtr;
using crypto::ossl::PkeyCtxPtr;
using crypto::ossl::PkeyPtr;

// A public key plus how its signatures are checked.
struct VerifyKey {
  PkeyPtr pkey;
  // nullptr for Ed25519, which hashes internally (EVP_DigestVerify with no md).
  const EVP_MD* md = nullptr;
  // Signature bytes as OpenSSL wants them (DER for ECDSA).
  std::string signature;
};

CryptoOutcome Bad(Check check, std::string detail) { return {check, std::move(detail)}; }

PkeyPtr FromParams(const char* algorithm, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) !=
          1) {
    return nullptr;
  }
  return PkeyPtr(raw);
}

PkeyPtr Ed25519Key(SshReader& key) {
  auto raw = key.ReadString();
  if (!raw) {
    return nullptr;
  }
  return PkeyPtr(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw->data()), raw->size()));
}

PkeyPtr EcdsaKey(SshReader& key, const char* group) {
  auto curve = key.ReadString();
  auto point = key.ReadString();
  if (!curve || !point) {
    return nullptr;
  }
  // EVP_PKEY_fromdata decodes the point, which rejects points off the curve.
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(group), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<char*>(point->data()),
                                        point->size()),
      OSSL_PARAM_construct_end()};
  return FromParams("EC", params);
}

BnPtr ToBignum(std::string_view magnitude) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(magnitude.data()),
                         static_cast<int>(magnitude.size()), nullptr));
}

PkeyPtr RsaKey(SshReader& key) {
  auto e = key.ReadPositiveMpint();
  auto n = key.ReadPositiveMpint();
  if (!e || !n) {
    return nullptr;
  }
  BnPtr bn_e = ToBignum(*e);
  BnPtr bn_n = ToBignum(*n);
  ParamBldPtr build(OSSL_PARAM_BLD_new());
  if (!bn_e || !bn_n || !build ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  return params ? FromParams("RSA", params.get()) : nullptr;
}

// RFC 5656 §3.1.2: the signature is string(mpint r, mpint s); OpenSSL wants
// DER ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }.
std::optional<std::string> EcdsaSignatureToDer(std::string_view ssh_signature) {
  SshReader reader(ssh_signature);
  auto r = reader.ReadPositiveMpint();
  auto s = reader.ReadPositiveMpint();
  if (!r || !s || !reader.AtEnd()) {
    return std::nullopt;
  }
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BnPtr bn_r = ToBignum(*r);
  BnPtr bn_s = ToBignum(*s);
  if (!sig || !bn_r || !bn_s || ECDSA_SIG_set0(sig.get(), bn_r.get(), bn_s.get()) != 1) {
    return std::nullopt;
  }
  // ECDSA_SIG_set0 took ownership of both numbers.
  bn_r.release();
  bn_s.release();
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) {
    return std::nullopt;
  }
  std::string der(static_cast<size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

// RFC 5656 §6.2.1: the ECDSA hash follows the curve size.
struct EcdsaCurve {
  std::string_view key_type;
  const char* openssl_group;
  const EVP_MD* (*md)();
};
constexpr EcdsaCurve kEcdsaCurves[] = {
    {"ecdsa-sha2-nistp256", "P-256", EVP_sha256},
    {"ecdsa-sha2-nistp384", "P-384", EVP_sha384},
    {"ecdsa-sha2-nistp521", "P-521", EVP_sha512},
};

const EcdsaCurve* FindCurve(std::string_view key_type) {
  for (const auto& curve : kEcdsaCurves) {
    if (curve.key_type == key_type) {
      return &curve;
    }
  }
  return nullptr;
}

// Chooses the key construction and hash for `key.type` and checks that the
// signature algorithm named in the blob belongs to it. `body` is positioned
// after the key type in the key blob.
CryptoOutcome PrepareKey(const SshPublicKey& key, SshReader& body, std::string_view algorithm,
                         std::string_view signature, VerifyKey& out) {
  const bool same_name = algorithm == key.type;
  if (key.type == "ssh-ed25519" && same_name) {
    out = {Ed25519Key(body), nullptr, std::string(signature)};
  } else if (const EcdsaCurve* curve = FindCurve(key.type); curve != nullptr && same_name) {
    auto der = EcdsaSignatureToDer(signature);
    if (!der) {
      return Bad(Check::kMalformedSignature, "malformed ECDSA signature");
    }
    out = {EcdsaKey(body, curve->openssl_group), curve->md(), std::move(*der)};
  } else if (key.type == "ssh-rsa" &&
             (algorithm == "rsa-sha2-256" || algorithm == "rsa-sha2-512")) {
    out = {RsaKey(body), algorithm == "rsa-sha2-256" ? EVP_sha256() : EVP_sha512(),
           std::string(signature)};
  } else if (key.type == "ssh-rsa") {
    return Bad(Check::kUnsupportedSignature, "RSA signature algorithm \"" + std::string(algorithm) +
                                                 "\" (sshsig accepts rsa-sha2-256/512 only)");
  } else if (key.type == "ssh-ed25519" || curve != nullptr) {
    return Bad(Check::kMalformedSignature, "signature algorithm \"" + std::string(algorithm) +
                                               "\" does not match key type " + key.type);
  } else {
    return Bad(Check::kUnsupportedKeyType, "key type " + key.type + " is not supported");
  }
  if (!out.pkey) {
    return Bad(Check::kMalformedSignature, "cannot load " + key.type + " public key");
  }
  return {Check::kGood, ""};
}

bool DigestVerify(const VerifyKey& key, std::string_view data) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, key.md, nullptr, key.pkey.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(key.signature.data()),
                          key.signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

}  // namespace

CryptoOutcome VerifySshSignatureBlob(const SshPublicKey& key, std::string_view signature_blob,
                                     std::string_view data) {
  SshReader reader(signature_blob);
  auto algorithm = reader.ReadString();
  auto signature = reader.ReadString();
  if (!algorithm || !signature || !reader.AtEnd()) {
    return Bad(Check::kMalformedSignature, "malformed SSH signature blob");
  }
  SshReader body(key.blob);
  // Skip the type name; ParseSshPublicKeyBlob already put it in key.type.
  body.ReadString();
  VerifyKey verify_key;
  CryptoOutcome prepared = PrepareKey(key, body, *algorithm, *signature, verify_key);
  CryptoOutcome outcome = prepared.check != Check::kGood ? std::move(prepared)
                          : DigestVerify(verify_key, data)
                              ? CryptoOutcome{Check::kGood, ""}
                              : Bad(Check::kBadSignature, "signature does not match the commit");
  // A failed verification leaves entries in OpenSSL's thread-local queue;
  // clear them so they are not blamed on an unrelated later call.
  ERR_clear_error();
  return outcome;
}

}  // namespace cocoplane::verify
