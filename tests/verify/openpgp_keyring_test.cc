// OpenPGP verification through gpgme against a private keyring, with keys
// and detached signatures made by gpg at test time in the test GNUPGHOME.
#include "verify/openpgp_keyring.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/matchers.h"
#include "verify_testing.h"

namespace cocoplane::verify {
namespace {

using testing::ExportPgpKey;
using testing::NewDir;
using testing::NewPgpKey;
using testing::Quote;
using testing::ReadFile;
using testing::Shell;
using testing::ShellOk;
using testing::WriteFile;

constexpr std::string_view kMessage = "tree 4b825dc6\n\nsigned by gpg\n";

// gpg --detach-sign --armor over kMessage; `extra` goes before the command.
std::string GpgSign(const std::string& fingerprint, std::string_view extra = "") {
  const std::string file = NewDir("pgp") + "/message";
  WriteFile(file, kMessage);
  std::filesystem::remove(file + ".asc");
  ShellOk("gpg --batch --quiet " + std::string(extra) + " --armor --detach-sign -u " + fingerprint +
          " " + Quote(file));
  return ReadFile(file + ".asc");
}

std::unique_ptr<OpenPgpKeyring> KeyringWith(const std::string& armored,
                                            const std::string& parent = NewDir("keyrings")) {
  auto keyring = OpenPgpKeyring::Create(parent);
  EXPECT_OK(keyring.status());
  if (!keyring.ok()) {
    return nullptr;
  }
  EXPECT_OK((*keyring)->Import(armored, "alice.asc"));
  return std::move(keyring).value();
}

TEST(OpenPgpKeyringTest, AcceptsSignatureByImportedKey) {
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  auto keyring = KeyringWith(ExportPgpKey(alice));
  ASSERT_NE(keyring, nullptr);

  SignatureResult result = keyring->Verify(GpgSign(alice), kMessage);

  EXPECT_EQ(result.check, Check::kGood) << result.detail;
  EXPECT_EQ(result.format, SignatureFormat::kOpenPgp);
  EXPECT_EQ(result.signer, alice);
  EXPECT_EQ(result.principal, "Alice <alice@example.com>");
  EXPECT_EQ(keyring->fingerprints(), std::set<std::string>{alice});
}

TEST(OpenPgpKeyringTest, RejectsKeyNotImportedAndTamperedMessage) {
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  const std::string mallory = NewPgpKey("Mallory <mallory@example.com>");
  auto keyring = KeyringWith(ExportPgpKey(alice));
  ASSERT_NE(keyring, nullptr);

  SignatureResult by_mallory = keyring->Verify(GpgSign(mallory), kMessage);
  SignatureResult tampered = keyring->Verify(GpgSign(alice), std::string(kMessage) + "x");

  EXPECT_EQ(by_mallory.check, Check::kUntrustedKey);
  EXPECT_EQ(tampered.check, Check::kBadSignature);
  EXPECT_TRUE(tampered.principal.empty());
}

TEST(OpenPgpKeyringTest, RejectsRevokedKey) {
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  const std::string signature = GpgSign(alice);
  // gpg stores a revocation certificate at key creation, its armor line
  // guarded by a leading ':' so it is not imported by accident.
  std::string revocation =
      ReadFile(std::string(getenv("GNUPGHOME")) + "/openpgp-revocs.d/" + alice + ".rev");
  revocation.replace(revocation.find(":-----BEGIN"), 1, "");
  auto keyring = KeyringWith(ExportPgpKey(alice) + revocation);
  ASSERT_NE(keyring, nullptr);

  SignatureResult result = keyring->Verify(signature, kMessage);

  EXPECT_EQ(result.check, Check::kKeyRevoked);
  EXPECT_EQ(result.detail, "OpenPGP key " + alice + " is revoked");
}

TEST(OpenPgpKeyringTest, RejectsExpiredKey) {
  // Made and used in 2020 with a one-year expiry: expired now, no waiting.
  const std::string old_key =
      NewPgpKey("Old <old@example.com>", "1y", "--faked-system-time 20200101T000000");
  const std::string signature = GpgSign(old_key, "--faked-system-time 20200601T000000");
  auto keyring = KeyringWith(ExportPgpKey(old_key));
  ASSERT_NE(keyring, nullptr);

  SignatureResult result = keyring->Verify(signature, kMessage);

  EXPECT_EQ(result.check, Check::kKeyExpired);
}

TEST(OpenPgpKeyringTest, RejectsGarbageSignature) {
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  auto keyring = KeyringWith(ExportPgpKey(alice));
  ASSERT_NE(keyring, nullptr);

  SignatureResult result = keyring->Verify(
      std::string(kPgpSignatureBegin) + "\n\nbm90IGEgc2lnbmF0dXJl\n-----END PGP SIGNATURE-----\n",
      kMessage);

  EXPECT_EQ(result.check, Check::kMalformedSignature) << result.detail;
}

TEST(OpenPgpKeyringTest, ImportRefusesPrivateKeysAndTextWithoutKeys) {
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  auto keyring = OpenPgpKeyring::Create(NewDir("keyrings"));
  ASSERT_OK(keyring.status());
  const std::string secret = ShellOk(
      "gpg --batch --pinentry-mode loopback --passphrase '' "
      "--armor --export-secret-keys " +
      alice);

  Status with_secret = (*keyring)->Import(secret, "secret.asc");
  Status no_key = (*keyring)->Import("hello\n", "hello.asc");

  EXPECT_EQ(with_secret.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(with_secret.message().substr(0, 36), "secret.asc: contains a private key; ");
  EXPECT_EQ(no_key.message(), "hello.asc: no OpenPGP public key found");
  EXPECT_TRUE((*keyring)->fingerprints().empty());
}

TEST(OpenPgpKeyringTest, OwnsAPrivateHomeAndRemovesIt) {
  const std::string parent = NewDir("keyrings");
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  std::filesystem::path home;
  {
    auto keyring = KeyringWith(ExportPgpKey(alice), parent);
    ASSERT_NE(keyring, nullptr);
    home = keyring->home();
    EXPECT_TRUE(keyring->Verify(GpgSign(alice), kMessage).good());
    EXPECT_EQ(home.parent_path(), parent);
    EXPECT_EQ(std::filesystem::status(home).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_all);
    // no-autostart: verification never started an agent in the private home.
    EXPECT_FALSE(std::filesystem::exists(home / "S.gpg-agent"));
  }
  EXPECT_FALSE(std::filesystem::exists(home));
}

}  // namespace
}  // namespace cocoplane::verify
