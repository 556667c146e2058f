#include "crypto/es256.h"

#include "crypto/encoding.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <utility>

#include "crypto/digest.h"
#include "crypto/openssl_ptr.h"

namespace cocoplane::crypto {
namespace {

// Everything on P-256 is 32 bytes: scalars, coordinates, SHA-256 digests.
constexpr size_t kP256Bytes = 32;
// OpenSSL's name for P-256 in OSSL_PKEY_PARAM_GROUP_NAME.
constexpr char kP256GroupName[] = "prime256v1";
// A P-256 nonce candidate is rejected with probability about 2^-32, so a
// second try is already rare; the cap only turns a broken HMAC (which would
// yield the same rejected candidate forever) into an error.
constexpr int kMaxNonceCandidates = 64;

// BnPtr and PointPtr wipe on release: scalars and nonces are secrets.
using BnPtr = ossl::SecretBnPtr;
using PointPtr = ossl::SecretPointPtr;
using SigPtr = ossl::EcdsaSigPtr;
using ossl::BioPtr;
using ossl::BnCtxPtr;
using ossl::GroupPtr;
using ossl::MdCtxPtr;
using ossl::ParamBldPtr;
using ossl::ParamPtr;
using ossl::PkeyCtxPtr;
using ossl::PkeyPtr;

// OpenSSL reports details on a thread-local queue; we report through Status
// instead, so every failure path drains the queue to keep it from leaking
// into an unrelated later call.
Status Fail(StatusCode code, std::string message) {
  ERR_clear_error();
  return Status(code, std::move(message));
}

// Never prompt for a passphrase: encrypted keys are rejected, not unlocked.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

// P-256 with its order and a scratch context, made per call (no globals).
struct Curve {
  GroupPtr group;
  BnCtxPtr ctx;
  const BIGNUM* order = nullptr;  // owned by group
};

Result<Curve> NewCurve() {
  Curve curve;
  curve.group.reset(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  curve.ctx.reset(BN_CTX_new());
  if (!curve.group || !curve.ctx) return Fail(StatusCode::kInternal, "cannot set up P-256");
  curve.order = EC_GROUP_get0_order(curve.group.get());
  return curve;
}

BnPtr BytesToBn(std::string_view bytes) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                         static_cast<int>(bytes.size()), nullptr));
}

std::string BnToBytes(const BIGNUM* bn) {
  std::string out(kP256Bytes, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  return out;
}

// 1 <= v < n: the valid range of a private scalar, a nonce, r and s.
bool InScalarRange(const BIGNUM* v, const Curve& curve) {
  return !BN_is_zero(v) && !BN_is_negative(v) && BN_cmp(v, curve.order) < 0;
}

// x-coordinate (and y) of scalar·G.
Result<Es256PublicKey> MultiplyGenerator(const Curve& curve, const BIGNUM* scalar) {
  PointPtr point(EC_POINT_new(curve.group.get()));
  BnPtr x(BN_new());
  BnPtr y(BN_new());
  if (!point || !x || !y ||
      EC_POINT_mul(curve.group.get(), point.get(), scalar, nullptr, nullptr, curve.ctx.get()) != 1 ||
      EC_POINT_get_affine_coordinates(curve.group.get(), point.get(), x.get(), y.get(),
                                      curve.ctx.get()) != 1) {
    return Fail(StatusCode::kInternal, "P-256 point multiplication failed");
  }
  return Es256PublicKey{BnToBytes(x.get()), BnToBytes(y.get())};
}

// EC key on P-256, or an InvalidArgument naming what it is instead.
Status CheckIsP256(const EVP_PKEY* key) {
  if (!EVP_PKEY_is_a(key, "EC")) return Fail(StatusCode::kInvalidArgument, "key is not an EC key");
  char name[64] = {};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) != 1 ||
      std::string_view(name, len) != kP256GroupName) {
    return Fail(StatusCode::kInvalidArgument,
                "EC key is not on P-256 (ES256 requires P-256, got '" + std::string(name, len) + "')");
  }
  return Status::Ok();
}

// An EVP_PKEY for OpenSSL's verifier and PEM writer, from validated coordinates.
Result<PkeyPtr> PublicPkey(const Es256PublicKey& key) {
  // SEC 1 §2.3.3 uncompressed point: 0x04 || x || y.
  std::string point = "\x04" + key.x + key.y;
  ParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, kP256GroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Fail(StatusCode::kInternal, "cannot build EC key parameters");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return Fail(StatusCode::kInvalidArgument, "public key is not a valid P-256 point");
  }
  return PkeyPtr(raw);
}

// RFC 6979 §3.2 steps b–h for qlen = hlen = 256 (P-256 with HMAC-SHA256),
// where bits2int is a plain big-endian read and one HMAC output is one
// candidate. Next() yields candidates; every call after the first applies the
// step h.3 update first, which is also what §3.4 asks for when a k gives
// r = 0 or s = 0.
class NonceStream {
 public:
  // `x` = int2octets(d), `h` = bits2octets(H(m)); both 32 bytes.
  NonceStream(std::string_view x, std::string_view h)
      : k_(kP256Bytes, '\0'), v_(kP256Bytes, '\x01') {
    k_ = Hmac(v_ + '\x00' + std::string(x) + std::string(h));
    v_ = Hmac(v_);
    k_ = Hmac(v_ + '\x01' + std::string(x) + std::string(h));
    v_ = Hmac(v_);
  }

  std::string Next() {
    if (started_) {
      k_ = Hmac(v_ + '\x00');
      v_ = Hmac(v_);
    }
    started_ = true;
    v_ = Hmac(v_);
    return v_;
  }

 private:
  std::string Hmac(const std::string& data) const {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), k_.data(), static_cast<int>(k_.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
  }

  std::string k_;
  std::string v_;
  bool started_ = false;
};

// bits2octets(h) of RFC 6979 §2.3.4: h as an integer, reduced mod n.
std::string Bits2Octets(const Curve& curve, std::string_view hash) {
  BnPtr z(BytesToBn(hash));
  BN_nnmod(z.get(), z.get(), curve.order, curve.ctx.get());
  return BnToBytes(z.get());
}

// s = k⁻¹ (e + r·d) mod n (SEC 1 §4.1.3 step 6). Null when s would be 0.
BnPtr ComputeS(const Curve& curve, const BIGNUM* k, const BIGNUM* r, const BIGNUM* d,
               const BIGNUM* e) {
  BnPtr rd(BN_new());
  BnPtr sum(BN_new());
  BnPtr s(BN_new());
  BnPtr k_inverse(BN_mod_inverse(nullptr, k, curve.order, curve.ctx.get()));
  if (!rd || !sum || !s || !k_inverse ||
      BN_mod_mul(rd.get(), r, d, curve.order, curve.ctx.get()) != 1 ||
      BN_mod_add(sum.get(), e, rd.get(), curve.order, curve.ctx.get()) != 1 ||
      BN_mod_mul(s.get(), k_inverse.get(), sum.get(), curve.order, curve.ctx.get()) != 1 ||
      BN_is_zero(s.get())) {
    return nullptr;
  }
  return s;
}

}  // namespace

Result<Es256PrivateKey> Es256PrivateKeyFromScalar(std::string_view d) {
  if (d.size() != kP256Bytes) {
    return Status::InvalidArgument("P-256 private scalar must be 32 bytes");
  }
  auto curve = NewCurve();
  if (!curve.ok()) return curve.status();
  BnPtr scalar(BytesToBn(d));
  if (!scalar || !InScalarRange(scalar.get(), *curve)) {
    return Status::InvalidArgument("P-256 private scalar is out of range");
  }
  BN_set_flags(scalar.get(), BN_FLG_CONSTTIME);
  auto public_key = MultiplyGenerator(*curve, scalar.get());
  if (!public_key.ok()) return public_key.status();
  return Es256PrivateKey{std::string(d), std::move(*public_key)};
}

std::string Es256PrivateKeyToPem(const Es256PrivateKey& key) {
  // ECPrivateKey (RFC 5915): SEQUENCE { INTEGER 1, OCTET STRING d,
  // [0] OID prime256v1, [1] BIT STRING 04||x||y }, 119 bytes for P-256.
  static const char kHead[] = "\x30\x77\x02\x01\x01\x04\x20";
  static const char kCurve[] = "\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"
                               "\xa1\x44\x03\x42\x00\x04";
  std::string der(kHead, sizeof kHead - 1);
  der += key.d;
  der.append(kCurve, sizeof kCurve - 1);
  der += key.public_key.x;
  der += key.public_key.y;
  std::string b64 = Base64Encode(der, Base64Alphabet::kStandard, true);
  std::string pem = "-----BEGIN EC PRIVATE KEY-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  return pem + "-----END EC PRIVATE KEY-----\n";
}

Result<Es256PrivateKey> ParseEs256PrivateKeyPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr) : nullptr);
  if (!key) {
    return Fail(StatusCode::kInvalidArgument,
                "signing key is not an unencrypted PEM private key");
  }
  if (Status st = CheckIsP256(key.get()); !st.ok()) return st;
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) {
    return Fail(StatusCode::kInvalidArgument, "PEM key holds no private scalar");
  }
  BnPtr d(raw);
  return Es256PrivateKeyFromScalar(BnToBytes(d.get()));
}

Result<Es256PublicKey> Es256PublicKeyFromCoordinates(std::string_view x, std::string_view y) {
  if (x.size() != kP256Bytes || y.size() != kP256Bytes) {
    return Status::InvalidArgument("P-256 coordinates must be 32 bytes each");
  }
  auto curve = NewCurve();
  if (!curve.ok()) return curve.status();
  PointPtr point(EC_POINT_new(curve->group.get()));
  BnPtr bx(BytesToBn(x));
  BnPtr by(BytesToBn(y));
  if (!point || !bx || !by ||
      EC_POINT_set_affine_coordinates(curve->group.get(), point.get(), bx.get(), by.get(),
                                      curve->ctx.get()) != 1 ||
      EC_POINT_is_on_curve(curve->group.get(), point.get(), curve->ctx.get()) != 1) {
    return Fail(StatusCode::kInvalidArgument, "public key is not a point on P-256");
  }
  return Es256PublicKey{std::string(x), std::string(y)};
}

Result<Es256PublicKey> ParseEs256PublicKeyPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr) : nullptr);
  if (!key) return Fail(StatusCode::kInvalidArgument, "text is not a PEM public key");
  if (Status st = CheckIsP256(key.get()); !st.ok()) return st;
  BIGNUM* raw_x = nullptr;
  BIGNUM* raw_y = nullptr;
  EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, &raw_x);
  EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &raw_y);
  BnPtr x(raw_x);
  BnPtr y(raw_y);
  if (!x || !y) return Fail(StatusCode::kInvalidArgument, "PEM public key has no EC point");
  return Es256PublicKeyFromCoordinates(BnToBytes(x.get()), BnToBytes(y.get()));
}

Result<std::string> Es256PublicKeyToPem(const Es256PublicKey& key) {
  auto checked = Es256PublicKeyFromCoordinates(key.x, key.y);
  if (!checked.ok()) return checked.status();
  auto pkey = PublicPkey(*checked);
  if (!pkey.ok()) return pkey.status();
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey->get()) != 1) {
    return Fail(StatusCode::kInternal, "cannot write PEM public key");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<std::string> Rfc6979NonceP256(std::string_view d, std::string_view message_hash) {
  if (d.size() != kP256Bytes || message_hash.size() != kP256Bytes) {
    return Status::InvalidArgument("RFC 6979 on P-256 needs a 32-byte scalar and digest");
  }
  auto curve = NewCurve();
  if (!curve.ok()) return curve.status();
  NonceStream nonces(d, Bits2Octets(*curve, message_hash));
  for (int i = 0; i < kMaxNonceCandidates; ++i) {
    std::string candidate = nonces.Next();
    BnPtr k(BytesToBn(candidate));
    if (k && InScalarRange(k.get(), *curve)) return candidate;
  }
  return Fail(StatusCode::kInternal, "RFC 6979 found no usable nonce");
}

Result<std::string> SignEs256(const Es256PrivateKey& key, std::string_view message) {
  auto curve = NewCurve();
  if (!curve.ok()) return curve.status();
  BnPtr d(BytesToBn(key.d));
  if (key.d.size() != kP256Bytes || !d || !InScalarRange(d.get(), *curve)) {
    return Status::InvalidArgument("P-256 private scalar is invalid");
  }
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  std::string hash = Digest(HashAlgorithm::kSha256, message);
  // e = bits2int(H(m)); with a 256-bit hash and a 256-bit order no shift.
  BnPtr e(BytesToBn(hash));
  NonceStream nonces(key.d, Bits2Octets(*curve, hash));
  for (int i = 0; i < kMaxNonceCandidates; ++i) {
    BnPtr k(BytesToBn(nonces.Next()));
    if (!k || !InScalarRange(k.get(), *curve)) continue;
    BN_set_flags(k.get(), BN_FLG_CONSTTIME);
    auto point = MultiplyGenerator(*curve, k.get());
    if (!point.ok()) return point.status();
    BnPtr r(BytesToBn(point->x));
    BN_nnmod(r.get(), r.get(), curve->order, curve->ctx.get());
    if (BN_is_zero(r.get())) continue;
    BnPtr s = ComputeS(*curve, k.get(), r.get(), d.get(), e.get());
    if (!s) continue;
    return BnToBytes(r.get()) + BnToBytes(s.get());
  }
  return Fail(StatusCode::kInternal, "RFC 6979 found no usable nonce");
}

Status VerifyEs256(const Es256PublicKey& key, std::string_view message,
                   std::string_view signature) {
  if (signature.size() != 2 * kP256Bytes) {
    return Status::InvalidArgument("ES256 signature must be 64 bytes (r||s)");
  }
  auto checked = Es256PublicKeyFromCoordinates(key.x, key.y);
  if (!checked.ok()) return checked.status();
  auto pkey = PublicPkey(*checked);
  if (!pkey.ok()) return pkey.status();
  // JWS carries r||s; OpenSSL's verifier takes the DER ECDSA-Sig-Value.
  SigPtr sig(ECDSA_SIG_new());
  BnPtr r(BytesToBn(signature.substr(0, kP256Bytes)));
  BnPtr s(BytesToBn(signature.substr(kP256Bytes)));
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return Fail(StatusCode::kInternal, "cannot build ECDSA signature");
  }
  r.release();
  s.release();
  int der_len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (der_len <= 0) return Fail(StatusCode::kInternal, "cannot encode ECDSA signature");
  std::string der(static_cast<size_t>(der_len), '\0');
  auto* der_out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &der_out);
  MdCtxPtr md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, pkey->get()) != 1) {
    return Fail(StatusCode::kInternal, "cannot set up ECDSA verification");
  }
  int rc = EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(der.data()),
                            der.size(), reinterpret_cast<const unsigned char*>(message.data()),
                            message.size());
  if (rc != 1) return Fail(StatusCode::kInvalidArgument, "ES256 signature does not verify");
  return Status::Ok();
}

Status VerifyEs256WithPem(std::string_view public_key_pem, std::string_view message,
                          std::string_view signature) {
  auto key = ParseEs256PublicKeyPem(public_key_pem);
  if (!key.ok()) return key.status();
  return VerifyEs256(*key, message, signature);
}

}  // namespace cocoplane::crypto
