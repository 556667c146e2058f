#include "crypto/es256.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/digest.h"
#include "crypto/encoding.h"
#include "testing/matchers.h"

namespace cocoplane::crypto {
namespace {

std::string Hex(std::string_view hex) { return HexDecode(hex).value(); }

// RFC 6979 Appendix A.2.5: the P-256 key used by every vector there.
const std::string kRfcScalar =
    Hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
const std::string kRfcUx =
    Hex("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
const std::string kRfcUy =
    Hex("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");

// The same key as PEM, PKCS#8 and SEC 1 (written with Python's cryptography).
constexpr char kRfcKeyPkcs8[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgya+p2EW6dRZrXCFX\n"
    "Z7HWk05Qw9s26JsSe4piKxIPZyGhRANCAARg/tS6JVqdMclh63TGNW1owEm4kjth\n"
    "+mzmaWIuYPKftnkD/hAIuLyZpBrp6VYovGTy8bIMLX6fUXejwpTURiKZ\n"
    "-----END PRIVATE KEY-----\n";
constexpr char kRfcKeySec1[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEIMmvqdhFunUWa1whV2ex1pNOUMPbNuibEnuKYisSD2choAoGCCqGSM49\n"
    "AwEHoUQDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Z5A/4QCLi8\n"
    "maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
    "-----END EC PRIVATE KEY-----\n";
constexpr char kRfcPublicPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
    "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
    "-----END PUBLIC KEY-----\n";
// Same scalar, passphrase "pw".
constexpr char kRfcKeyEncrypted[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIH0MF8GCSqGSIb3DQEFDTBSMDEGCSqGSIb3DQEFDDAkBBBbLZe3VoHOms/UjzdI\n"
    "ZZ1GAgIIADAMBggqhkiG9w0CCQUAMB0GCWCGSAFlAwQBKgQQDkauJHO+m8l3sxSz\n"
    "fRYISwSBkFnjvAUDW6b1SH7Ic+/8V4wUlDhJN3kVV/JBnv5VO+mrtdhLOyhz/M2H\n"
    "DbtK/0flV5JnlmAxe/RskBoKEM79g+dBP/xwETBXi3epUhcWcgJZPu+KgxinII/e\n"
    "pwEWxOtSph5ueVED2jMrRCFL0N4ZVXmEu2Oz00zUvTQbBbIlfc8oYwysPeaEjAH1\n"
    "XzzSO61g4w==\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";
// The same scalar on P-384: a valid key, but not for ES256.
constexpr char kP384Key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDAAAAAAAAAAAAAAAAAA\n"
    "AAAAya+p2EW6dRZrXCFXZ7HWk05Qw9s26JsSe4piKxIPZyGhZANiAAQHwjDSC1rL\n"
    "hOJ1EkXP6mxmKJK8+EhqAYEnql4WBJpv3Yq1Mm0PabW3COtZWrTtbvZVd7DbO8vU\n"
    "oKhDBuAzbvZcO3mUn4c7WzTRtmj+60QUOiW/4HncS+w26C6HrmQkGek=\n"
    "-----END PRIVATE KEY-----\n";

struct Rfc6979Vector {
  const char* message;
  const char* k;
  const char* r;
  const char* s;
};

// RFC 6979 Appendix A.2.5, "With SHA-256".
const Rfc6979Vector kVectors[] = {
    {"sample", "a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60",
     "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
     "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
    {"test", "d16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0",
     "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
     "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
};

TEST(Es256Test, DerivesRfc6979NoncesOfAppendixA25) {
  for (const auto& v : kVectors) {
    auto k = Rfc6979NonceP256(kRfcScalar, Digest(HashAlgorithm::kSha256, v.message));
    ASSERT_OK(k.status());
    EXPECT_EQ(HexEncode(*k), v.k) << v.message;
  }
}

TEST(Es256Test, SignsRfc6979VectorsExactly) {
  auto key = Es256PrivateKeyFromScalar(kRfcScalar);
  ASSERT_OK(key.status());
  EXPECT_EQ(key->public_key.x, kRfcUx);
  EXPECT_EQ(key->public_key.y, kRfcUy);
  for (const auto& v : kVectors) {
    auto sig = SignEs256(*key, v.message);
    ASSERT_OK(sig.status());
    EXPECT_EQ(HexEncode(*sig), std::string(v.r) + v.s) << v.message;
    EXPECT_OK(VerifyEs256(key->public_key, v.message, *sig));
  }
}

TEST(Es256Test, ParsesPkcs8AndSec1PemToTheSameKey) {
  for (const char* pem : {kRfcKeyPkcs8, kRfcKeySec1}) {
    auto key = ParseEs256PrivateKeyPem(pem);
    ASSERT_OK(key.status());
    EXPECT_EQ(key->d, kRfcScalar);
    EXPECT_EQ(key->public_key.x, kRfcUx);
    EXPECT_EQ(key->public_key.y, kRfcUy);
  }
}

TEST(Es256Test, RejectsKeysItCannotUse) {
  EXPECT_EQ(ParseEs256PrivateKeyPem(kRfcKeyEncrypted).status().code(),
            StatusCode::kInvalidArgument);
  auto p384 = ParseEs256PrivateKeyPem(kP384Key);
  EXPECT_EQ(p384.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p384.status().message().find("P-256"), std::string::npos);
  EXPECT_FALSE(ParseEs256PrivateKeyPem("not a key").ok());
  EXPECT_FALSE(ParseEs256PrivateKeyPem(kRfcPublicPem).ok());
  EXPECT_FALSE(Es256PrivateKeyFromScalar(std::string(32, '\0')).ok());
  EXPECT_FALSE(Es256PrivateKeyFromScalar(std::string(32, '\xff')).ok()) << "d >= n";
  EXPECT_FALSE(Es256PrivateKeyFromScalar("short").ok());
}

TEST(Es256Test, SigningIsDeterministic) {
  auto key = ParseEs256PrivateKeyPem(kRfcKeyPkcs8);
  ASSERT_OK(key.status());
  auto first = SignEs256(*key, "header.payload");
  auto second = SignEs256(*key, "header.payload");
  ASSERT_OK(first.status());
  ASSERT_OK(second.status());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(first->size(), 64u);
  EXPECT_NE(*first, *SignEs256(*key, "header.payload2"));
}

TEST(Es256Test, VerifierRejectsTamperingAndMalformedSignatures) {
  auto key = Es256PrivateKeyFromScalar(kRfcScalar);
  ASSERT_OK(key.status());
  std::string sig = *SignEs256(*key, "message");
  ASSERT_OK(VerifyEs256(key->public_key, "message", sig));

  EXPECT_FALSE(VerifyEs256(key->public_key, "messagE", sig).ok());
  std::string flipped = sig;
  flipped[40] ^= 0x01;
  EXPECT_FALSE(VerifyEs256(key->public_key, "message", flipped).ok());
  EXPECT_FALSE(VerifyEs256(key->public_key, "message", sig.substr(0, 63)).ok());
  EXPECT_FALSE(VerifyEs256(key->public_key, "message", std::string(64, '\0')).ok()) << "r = s = 0";
  EXPECT_FALSE(VerifyEs256(key->public_key, "message", std::string(64, '\xff')).ok()) << "r, s >= n";

  auto other = Es256PrivateKeyFromScalar(Hex(
      "0000000000000000000000000000000000000000000000000000000000000001"));
  ASSERT_OK(other.status());
  EXPECT_FALSE(VerifyEs256(other->public_key, "message", sig).ok()) << "wrong key";
}

TEST(Es256Test, PublicKeysRoundTripThroughPem) {
  auto key = ParseEs256PublicKeyPem(kRfcPublicPem);
  ASSERT_OK(key.status());
  EXPECT_EQ(key->x, kRfcUx);
  EXPECT_EQ(key->y, kRfcUy);
  auto pem = Es256PublicKeyToPem(*key);
  ASSERT_OK(pem.status());
  EXPECT_EQ(*pem, kRfcPublicPem);

  auto signer = Es256PrivateKeyFromScalar(kRfcScalar);
  ASSERT_OK(signer.status());
  EXPECT_OK(VerifyEs256WithPem(kRfcPublicPem, "sample", *SignEs256(*signer, "sample")));
  EXPECT_FALSE(VerifyEs256WithPem(kRfcKeyPkcs8, "sample", *SignEs256(*signer, "sample")).ok());
}

TEST(Es256Test, RejectsPointsOffTheCurve) {
  std::string bad_y = kRfcUy;
  bad_y[31] ^= 0x01;
  EXPECT_FALSE(Es256PublicKeyFromCoordinates(kRfcUx, bad_y).ok());
  EXPECT_FALSE(Es256PublicKeyFromCoordinates(kRfcUx, "short").ok());
  EXPECT_FALSE(VerifyEs256(Es256PublicKey{kRfcUx, bad_y}, "m", std::string(64, '\x01')).ok());
  auto on_curve = Es256PublicKeyFromCoordinates(kRfcUx, kRfcUy);
  EXPECT_OK(on_curve.status());
}

}  // namespace
}  // namespace cocoplane::crypto

namespace cocoplane::crypto {
namespace {

TEST(Es256PemTest, PrivateKeyPemRoundTripsAndOpenSslReadsIt) {
  std::string d(32, '\0');
  d[31] = 7;
  auto key = Es256PrivateKeyFromScalar(d);
  ASSERT_TRUE(key.ok());
  std::string pem = Es256PrivateKeyToPem(*key);
  auto back = ParseEs256PrivateKeyPem(pem);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->d, d);
  EXPECT_EQ(back->public_key.x, key->public_key.x);
}

}  // namespace
}  // namespace cocoplane::crypto
