// TrustStore: loading trust files from disk and dispatching a commit's
// signature to the verifier for its format.
#include "verify/trust_store.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"
#include "verify_testing.h"

namespace cocoplane::verify {
namespace {

using testing::ExportPgpKey;
using testing::NewDir;
using testing::NewPgpKey;
using testing::NewSshKey;
using testing::Quote;
using testing::ReadFile;
using testing::ShellOk;
using testing::WriteFile;

TrustConfig SshOnly(const std::string& path) {
  TrustConfig config;
  config.ssh_allowed_signers = {path};
  return config;
}

TEST(TrustStoreTest, LoadsSshAndOpenPgpTrustFiles) {
  const std::string dir = NewDir("config");
  const std::string key = NewSshKey("ops", "ed25519");
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  WriteFile(dir + "/allowed_signers", "ops@example.com " + ReadFile(key + ".pub"));
  WriteFile(dir + "/alice.asc", ExportPgpKey(alice));

  auto store = LoadTrustStore({.ssh_allowed_signers = {dir + "/allowed_signers"},
                               .openpgp_public_keys = {dir + "/alice.asc"},
                               .gnupg_parent = dir});

  ASSERT_OK(store.status());
  ASSERT_EQ(store->ssh_keys().size(), 1u);
  EXPECT_EQ(store->ssh_keys()[0].principal, "ops@example.com");
  EXPECT_EQ(store->ssh_keys()[0].origin, dir + "/allowed_signers:1");
  EXPECT_EQ(store->openpgp_fingerprints(), std::set<std::string>{alice});
}

TEST(TrustStoreTest, LoadFailsOnMissingFileBadLineOrNoKeys) {
  const std::string dir = NewDir("config");
  WriteFile(dir + "/bad", "# ok\nnot a key line\n");
  WriteFile(dir + "/empty", "# nobody yet\n");

  auto missing = LoadTrustStore(SshOnly(dir + "/absent"));
  auto bad = LoadTrustStore(SshOnly(dir + "/bad"));
  auto empty = LoadTrustStore(SshOnly(dir + "/empty"));

  EXPECT_EQ(missing.status().code(), StatusCode::kIo);
  EXPECT_EQ(bad.status().message(),
            dir + "/bad:2: expected \"[principals [options]] key-type base64-key\"");
  EXPECT_EQ(empty.status().message(), "no trusted signing key in the configured trust files");
}

TEST(TrustStoreTest, DetectsSignatureFormatFromArmor) {
  EXPECT_EQ(DetectSignatureFormat(""), SignatureFormat::kNone);
  EXPECT_EQ(DetectSignatureFormat("-----BEGIN SSH SIGNATURE-----\nU1NI"), SignatureFormat::kSsh);
  EXPECT_EQ(DetectSignatureFormat("-----BEGIN PGP SIGNATURE-----\n\niHUE"),
            SignatureFormat::kOpenPgp);
  EXPECT_EQ(DetectSignatureFormat("-----BEGIN SIGNED MESSAGE-----\nMIAG"), SignatureFormat::kOther);
}

TEST(TrustStoreTest, ChecksEachFormatOrSaysWhyNot) {
  TrustStore store(NewDir("gnupg-parent"));
  ASSERT_OK(store.AddSshKeys(ReadFile(NewSshKey("ops", "ed25519") + ".pub"), "k"));
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  const std::string file = NewDir("pgp") + "/payload";
  WriteFile(file, "payload");
  ShellOk("gpg --batch --quiet --armor --detach-sign -u " + alice + " " + Quote(file));

  SignatureResult none = store.CheckSignature("", "payload");
  SignatureResult x509 = store.CheckSignature("-----BEGIN SIGNED MESSAGE-----\nMIAG\n", "payload");
  SignatureResult pgp_without_keys = store.CheckSignature(ReadFile(file + ".asc"), "payload");

  EXPECT_EQ(none.check, Check::kUnsigned);
  EXPECT_EQ(x509.check, Check::kUnsupportedSignature);
  EXPECT_EQ(x509.detail, "x509 (gpgsm) signatures are not supported");
  EXPECT_EQ(pgp_without_keys.check, Check::kUntrustedKey);
  EXPECT_EQ(pgp_without_keys.detail, "no OpenPGP key is trusted");
}

TEST(TrustStoreTest, CheckNamesAreStableMetricLabels) {
  EXPECT_EQ(CheckName(Check::kGood), "good");
  EXPECT_EQ(CheckName(Check::kUnsigned), "unsigned");
  EXPECT_EQ(CheckName(Check::kUntrustedKey), "untrusted_key");
  EXPECT_EQ(CheckName(Check::kBadSignature), "bad_signature");
  EXPECT_EQ(CheckName(Check::kWrongNamespace), "wrong_namespace");
  EXPECT_EQ(CheckName(Check::kUnsupportedKeyType), "unsupported_key_type");
  EXPECT_EQ(CheckName(Check::kUnsupportedSignature), "unsupported_signature");
  EXPECT_EQ(CheckName(Check::kMalformedSignature), "malformed_signature");
  EXPECT_EQ(CheckName(Check::kKeyExpired), "key_expired");
  EXPECT_EQ(CheckName(Check::kKeyRevoked), "key_revoked");
  EXPECT_EQ(CheckName(Check::kSignatureExpired), "signature_expired");
}

}  // namespace
}  // namespace cocoplane::verify
