// Trusted SSH key files: both line forms, options, and the errors that stop
// a trust file from loading. Keys are made by ssh-keygen at test time.
#include "verify/ssh_key.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"
#include "verify_testing.h"

namespace cocoplane::verify {
namespace {

using testing::NewSshKey;
using testing::ReadFile;
using testing::ShellOk;

// "ssh-ed25519 AAAA... comment" as ssh-keygen wrote it.
std::string PublicLine(const std::string& key) { return ReadFile(key + ".pub"); }

// The base64 field of a public key line.
std::string Base64Of(const std::string& line) {
  const size_t start = line.find(' ') + 1;
  return line.substr(start, line.find(' ', start) - start);
}

TEST(SshKeyTest, ReadsPlainKeyLineWithFingerprintAsSshKeygenPrintsIt) {
  const std::string key = NewSshKey("plain", "ed25519");

  auto keys = ParseTrustedSshKeys(PublicLine(key), "keys.txt");

  ASSERT_OK(keys.status());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].key.type, "ssh-ed25519");
  EXPECT_EQ((*keys)[0].principal, "plain");
  EXPECT_EQ((*keys)[0].origin, "keys.txt:1");
  // Independent check: ssh-keygen -l prints "256 SHA256:... comment (ED25519)".
  const std::string listed = ShellOk("ssh-keygen -l -f " + key + ".pub");
  EXPECT_EQ(listed.substr(4, listed.find(' ', 4) - 4), (*keys)[0].key.Fingerprint());
}

TEST(SshKeyTest, ReadsAllowedSignersLinesAndSkipsCommentsAndBlanks) {
  const std::string ed = PublicLine(NewSshKey("signers-ed", "ed25519"));
  const std::string ec = PublicLine(NewSshKey("signers-ec", "ecdsa", 256));
  const std::string text =
      "# team keys\n\n"
      "alice@example.com " +
      ed + "bob@example.com,ci@example.com namespaces=\"git,file\" " + ec;

  auto keys = ParseTrustedSshKeys(text, "allowed_signers");

  ASSERT_OK(keys.status());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].principal, "alice@example.com");
  EXPECT_EQ((*keys)[0].origin, "allowed_signers:3");
  EXPECT_EQ((*keys)[1].key.type, "ecdsa-sha2-nistp256");
  EXPECT_EQ((*keys)[1].principal, "bob@example.com,ci@example.com");
  EXPECT_EQ((*keys)[1].origin, "allowed_signers:4");
}

TEST(SshKeyTest, LeavesOutKeysWhoseNamespacesExcludeGit) {
  const std::string ed = PublicLine(NewSshKey("file-only", "ed25519"));

  auto keys = ParseTrustedSshKeys("alice@example.com namespaces=\"file\" " + ed, "f");

  ASSERT_OK(keys.status());
  EXPECT_TRUE(keys->empty());
}

TEST(SshKeyTest, RejectsOptionsItCannotHonourNamingTheLine) {
  const std::string ed = PublicLine(NewSshKey("ca", "ed25519"));

  auto keys = ParseTrustedSshKeys("# ca\n*@example.com cert-authority " + ed, "signers");

  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(keys.status().message(),
            "signers:2: option \"cert-authority\" is not supported; remove it or the line");
}

TEST(SshKeyTest, RejectsBrokenKeys) {
  const std::string ed = PublicLine(NewSshKey("broken", "ed25519"));
  const std::string b64 = Base64Of(ed);

  auto bad_base64 = ParseTrustedSshKeys("ssh-ed25519 AAA*AAA", "f");
  auto wrong_type = ParseTrustedSshKeys("ecdsa-sha2-nistp256 " + b64, "f");
  auto truncated = ParseTrustedSshKeys("ssh-ed25519 " + b64.substr(0, 40), "f");
  auto no_key = ParseTrustedSshKeys("alice@example.com", "f");

  EXPECT_EQ(bad_base64.status().message(), "f:1: public key is not valid base64");
  EXPECT_EQ(wrong_type.status().message(),
            "f:1: line says \"ecdsa-sha2-nistp256\" but the key is \"ssh-ed25519\"");
  EXPECT_FALSE(truncated.ok());
  EXPECT_EQ(no_key.status().message(),
            "f:1: expected \"[principals [options]] key-type base64-key\"");
}

TEST(SshKeyTest, RejectsShortRsaKeys) {
  const std::string rsa = PublicLine(NewSshKey("rsa1024", "rsa", 1024));

  auto keys = ParseTrustedSshKeys(rsa, "f");

  EXPECT_EQ(keys.status().message(), "f:1: RSA key shorter than 2048 bits");
}

}  // namespace
}  // namespace cocoplane::verify
