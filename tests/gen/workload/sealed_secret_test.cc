#include "gen/workload/sealed_secret.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "gen/workload/workload_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

using testing::RunCommand;
using testing::TempFile;

// Reference §6: the sealed secret and JWK of Kata
// tests/integration/kubernetes/confidential_common.sh (signed upstream).
constexpr char kKataJwk[] =
    R"({"alg":"ES256","crv":"P-256","kid":"sealed-secret-test-key","kty":"EC","use":"sig",)"
    R"("x":"4jH376AuwTUCIx65AJ_56D7SZzWf7sGcEA7_Csq21UM","y":"rjdceysnSa5ZfzWOPGCURMUuHndxBAGUu4ISTIVN0yA"})";
constexpr char kKataSealed[] =
    "sealed."
    "eyJiNjQiOnRydWUsImFsZyI6IkVTMjU2Iiwia2lkIjoia2JzOi8vL2RlZmF1bHQvc2lnbmluZy1rZXkvc2VhbGVkLXNlY3JldCJ9."
    "eyJ2ZXJzaW9uIjoiMC4xLjAiLCJ0eXBlIjoidmF1bHQiLCJuYW1lIjoia2JzOi8vL2RlZmF1bHQvc2VhbGVkLXNlY3JldC90ZXN0"
    "IiwicHJvdmlkZXIiOiJrYnMiLCJwcm92aWRlcl9zZXR0aW5ncyI6e30sImFubm90YXRpb25zIjp7fX0."
    "ZI2fTv5ramHqHQa9DKBFD5hlJ_Mjf6cEIcpsNGshpyhEiKklML0abfH600TD7LAFHf53oDIJmEcVsDtJ20UafQ";

// RFC 6979 A.2.5's P-256 key, as PKCS#8 PEM (a public test key).
constexpr char kSigningKeyPem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgya+p2EW6dRZrXCFX\n"
    "Z7HWk05Qw9s26JsSe4piKxIPZyGhRANCAARg/tS6JVqdMclh63TGNW1owEm4kjth\n"
    "+mzmaWIuYPKftnkD/hAIuLyZpBrp6VYovGTy8bIMLX6fUXejwpTURiKZ\n"
    "-----END PRIVATE KEY-----\n";

const SealedSecretInput kKataInput{.secret = {"default", "sealed-secret", "test"},
                                   .signing_key = {"default", "signing-key", "sealed-secret"}};

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = text.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(text.substr(start, dot - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string B64UrlDecode(const std::string& text) {
  return crypto::Base64Decode(text, crypto::Base64Alphabet::kUrl).value_or("<bad base64url>");
}

TEST(SealedSecretTest, VerifiesTheUpstreamKataVector) {
  EXPECT_OK(VerifySealedSecret(kKataSealed, kKataJwk));

  std::string tampered = kKataSealed;
  tampered[120] = tampered[120] == 'X' ? 'Y' : 'X';
  EXPECT_FALSE(VerifySealedSecret(tampered, kKataJwk).ok());
  EXPECT_FALSE(VerifySealedSecret(std::string(kKataSealed).substr(7), kKataJwk).ok())
      << "missing sealed. prefix";
}

TEST(SealedSecretTest, HeaderAndPayloadMatchTheUpstreamCliByteForByte) {
  auto sealed = SealSecret(kKataInput, kSigningKeyPem);
  ASSERT_OK(sealed.status());
  std::vector<std::string> ours = Split(*sealed);
  std::vector<std::string> upstream = Split(kKataSealed);
  ASSERT_EQ(ours.size(), 4u);
  EXPECT_EQ(ours[0], "sealed");
  EXPECT_EQ(ours[1], upstream[1]) << "header";
  EXPECT_EQ(ours[2], upstream[2]) << "payload";
  EXPECT_EQ(B64UrlDecode(ours[1]),
            R"({"b64":true,"alg":"ES256","kid":"kbs:///default/signing-key/sealed-secret"})");
  EXPECT_EQ(B64UrlDecode(ours[2]),
            R"({"version":"0.1.0","type":"vault","name":"kbs:///default/sealed-secret/test",)"
            R"("provider":"kbs","provider_settings":{},"annotations":{}})");
  EXPECT_EQ(B64UrlDecode(ours[3]).size(), 64u) << "raw r||s";
  EXPECT_EQ(sealed->find('='), std::string::npos) << "base64url without padding";
}

TEST(SealedSecretTest, SignedSecretsVerifyAgainstTheirJwkAndAreDeterministic) {
  auto jwk = PublicJwkFromPrivatePem(kSigningKeyPem);
  ASSERT_OK(jwk.status());
  auto first = SealSecret(kKataInput, kSigningKeyPem);
  auto second = SealSecret(kKataInput, kSigningKeyPem);
  ASSERT_OK(first.status());
  ASSERT_OK(second.status());
  EXPECT_EQ(*first, *second);
  EXPECT_OK(VerifySealedSecret(*first, *jwk));
  EXPECT_FALSE(VerifySealedSecret(*first, kKataJwk).ok()) << "another key";

  SealedSecretInput other = kKataInput;
  other.secret.tag = "other";
  auto third = SealSecret(other, kSigningKeyPem);
  ASSERT_OK(third.status());
  EXPECT_NE(Split(*third)[3], Split(*first)[3]);
  EXPECT_OK(VerifySealedSecret(*third, *jwk));
}

// DER ECDSA-Sig-Value from r||s, built by hand so the check below shares no
// code with crypto/es256.cc.
std::string DerSignature(const std::string& raw) {
  auto integer = [](std::string v) {
    while (v.size() > 1 && v[0] == '\0' && !(static_cast<unsigned char>(v[1]) & 0x80)) v.erase(0, 1);
    if (static_cast<unsigned char>(v[0]) & 0x80) v.insert(0, 1, '\0');
    return std::string("\x02", 1) + static_cast<char>(v.size()) + v;
  };
  std::string body = integer(raw.substr(0, 32)) + integer(raw.substr(32));
  return std::string("\x30", 1) + static_cast<char>(body.size()) + body;
}

TEST(SealedSecretTest, OpensslCliAcceptsOurSignature) {
  auto sealed = SealSecret(kKataInput, kSigningKeyPem);
  ASSERT_OK(sealed.status());
  std::vector<std::string> parts = Split(*sealed);
  TempFile key(kSigningKeyPem);
  TempFile input(parts[1] + "." + parts[2]);
  TempFile signature(DerSignature(B64UrlDecode(parts[3])));
  ASSERT_TRUE(key.ok() && input.ok() && signature.ok());
  std::string out = RunCommand("openssl dgst -sha256 -prverify " + key.path() + " -signature " +
                               signature.path() + " " + input.path() + " 2>&1");
  EXPECT_EQ(out, "Verified OK\n");
}

TEST(SealedSecretTest, PublicJwkIsWhatCdhParses) {
  auto jwk = PublicJwkFromPrivatePem(kSigningKeyPem);
  ASSERT_OK(jwk.status());
  EXPECT_EQ(*jwk,
            R"({"alg":"ES256","crv":"P-256","kty":"EC","use":"sig",)"
            R"("x":"YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y","y":"eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk"})");
  EXPECT_TRUE(nlohmann::json::accept(*jwk));
  auto key = ParseEs256Jwk(*jwk);
  ASSERT_OK(key.status());
  EXPECT_EQ(crypto::HexEncode(key->x),
            "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
}

TEST(SealedSecretTest, RejectsUnusableJwks) {
  const char* bad[] = {
      "not json",
      R"({"kty":"RSA","n":"AQAB","e":"AQAB"})",
      R"({"kty":"EC","crv":"P-384","x":"4jH376AuwTUCIx65AJ_56D7SZzWf7sGcEA7_Csq21UM","y":"rjdceysnSa5ZfzWOPGCURMUuHndxBAGUu4ISTIVN0yA"})",
      R"({"kty":"EC","crv":"P-256","alg":"ES384","x":"4jH376AuwTUCIx65AJ_56D7SZzWf7sGcEA7_Csq21UM","y":"rjdceysnSa5ZfzWOPGCURMUuHndxBAGUu4ISTIVN0yA"})",
      R"({"kty":"EC","crv":"P-256","x":"4jH376AuwTUCIx65AJ_56D7SZzWf7sGcEA7_Csq21UM","y":"rjdceysnSa5ZfzWOPGCURMUuHndxBAGUu4ISTIVN0yB"})",
      R"({"kty":"EC","crv":"P-256","x":"a+b/","y":"rjdceysnSa5ZfzWOPGCURMUuHndxBAGUu4ISTIVN0yA"})",
      R"({"kty":"EC","crv":"P-256","d":"AA","x":"4jH376AuwTUCIx65AJ_56D7SZzWf7sGcEA7_Csq21UM","y":"rjdceysnSa5ZfzWOPGCURMUuHndxBAGUu4ISTIVN0yA"})",
  };
  for (const char* jwk : bad) {
    EXPECT_EQ(ParseEs256Jwk(jwk).status().code(), StatusCode::kInvalidArgument) << jwk;
  }
}

TEST(SealedSecretTest, UnsignedLegacyForm) {
  auto sealed = SealSecretUnsigned({"default", "sealed-secret", "test"});
  ASSERT_OK(sealed.status());
  std::vector<std::string> parts = Split(*sealed);
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "sealed");
  EXPECT_EQ(parts[1], "fakejwsheader");
  EXPECT_EQ(parts[2], Split(kKataSealed)[2]) << "same payload as the signed form";
  EXPECT_EQ(parts[3], "fakesignature");
  EXPECT_FALSE(VerifySealedSecret(*sealed, kKataJwk).ok());
}

TEST(SealedSecretTest, RejectsBadUrisAndKeys) {
  SealedSecretInput bad_uri = kKataInput;
  bad_uri.secret.repository = "";
  EXPECT_FALSE(SealSecret(bad_uri, kSigningKeyPem).ok());
  SealedSecretInput bad_kid = kKataInput;
  bad_kid.signing_key.type = "a/b";
  EXPECT_FALSE(SealSecret(bad_kid, kSigningKeyPem).ok());
  EXPECT_FALSE(SealSecret(kKataInput, "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n").ok());
  EXPECT_FALSE(SealSecretUnsigned({"a", "b", ""}).ok());
}

}  // namespace
}  // namespace cocoplane::gen::workload
