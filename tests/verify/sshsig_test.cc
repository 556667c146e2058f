// sshsig verification against signatures made by `ssh-keygen -Y sign` with
// keys made at test time, plus hand-built blobs for the cases ssh-keygen
// will not produce (version 2, unknown hash, unsupported key type).
#include "verify/sshsig.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "testing/matchers.h"
#include "verify/ssh_wire.h"
#include "verify_testing.h"

namespace cocoplane::verify {
namespace {

using testing::NewDir;
using testing::NewSshKey;
using testing::Quote;
using testing::ReadFile;
using testing::Shell;
using testing::ShellOk;
using testing::WriteFile;

constexpr std::string_view kMessage = "tree 4b825dc6\nauthor A <a@example.com>\n\nhello\n";

// ssh-keygen -Y sign over kMessage; returns the armored signature.
std::string SshKeygenSign(const std::string& key, std::string_view sig_namespace,
                          std::string_view extra = "") {
  const std::string file = NewDir("signed") + "/message";
  WriteFile(file, kMessage);
  std::remove((file + ".sig").c_str());
  ShellOk("ssh-keygen -q -Y sign -n " + std::string(sig_namespace) + " " + std::string(extra) +
          " -f " + Quote(key) + " " + Quote(file));
  return ReadFile(file + ".sig");
}

std::vector<TrustedSshKey> Trust(const std::string& key) {
  auto keys = ParseTrustedSshKeys(ReadFile(key + ".pub"), key + ".pub");
  EXPECT_OK(keys.status());
  return keys.ok() ? *keys : std::vector<TrustedSshKey>();
}

// Builds an armored sshsig from its fields (PROTOCOL.sshsig §1, §2).
std::string Armor(const SshSignature& sig) {
  std::string blob = "SSHSIG";
  for (int shift = 24; shift >= 0; shift -= 8) {
    blob.push_back(static_cast<char>((sig.version >> shift) & 0xff));
  }
  AppendSshString(blob, sig.key.blob);
  AppendSshString(blob, sig.sig_namespace);
  AppendSshString(blob, sig.reserved);
  AppendSshString(blob, sig.hash_algorithm);
  AppendSshString(blob, sig.signature);
  return std::string(kSshSignatureBegin) + "\n" +
         crypto::Base64Encode(blob, crypto::Base64Alphabet::kStandard, true) + "\n" +
         std::string(kSshSignatureEnd) + "\n";
}

TEST(SshSigTest, AcceptsEd25519SignatureByTrustedKey) {
  const std::string key = NewSshKey("ed", "ed25519");
  const std::string armored = SshKeygenSign(key, "git");

  SignatureResult result = VerifySshSignature(armored, kMessage, Trust(key));

  EXPECT_EQ(result.check, Check::kGood) << result.detail;
  EXPECT_EQ(result.format, SignatureFormat::kSsh);
  EXPECT_EQ(result.principal, "ed");
  const std::string listed = ShellOk("ssh-keygen -l -f " + key + ".pub");
  EXPECT_NE(listed.find(result.signer), std::string::npos);
}

TEST(SshSigTest, AgreesWithSshKeygenOnGoodAndTamperedMessages) {
  const std::string key = NewSshKey("oracle", "ed25519");
  const std::string dir = NewDir("oracle");
  WriteFile(dir + "/sig", SshKeygenSign(key, "git"));
  WriteFile(dir + "/good", kMessage);
  WriteFile(dir + "/bad", std::string(kMessage) + "x");
  const std::string check = "ssh-keygen -Y check-novalidate -n git -s " + Quote(dir + "/sig");

  EXPECT_EQ(Shell(check + " < " + Quote(dir + "/good")).exit_code, 0);
  EXPECT_NE(Shell(check + " < " + Quote(dir + "/bad")).exit_code, 0);
  const std::string armored = ReadFile(dir + "/sig");
  EXPECT_TRUE(VerifySshSignature(armored, kMessage, Trust(key)).good());
  EXPECT_EQ(VerifySshSignature(armored, std::string(kMessage) + "x", Trust(key)).check,
            Check::kBadSignature);
}

TEST(SshSigTest, AcceptsEcdsaP256WithSha256) {
  const std::string key = NewSshKey("p256", "ecdsa", 256);
  const std::string armored = SshKeygenSign(key, "git", "-O hashalg=sha256");

  auto parsed = ParseArmoredSshSignature(armored);
  SignatureResult result = VerifySshSignature(armored, kMessage, Trust(key));

  ASSERT_OK(parsed.status());
  EXPECT_EQ(parsed->hash_algorithm, "sha256");
  EXPECT_EQ(parsed->key.type, "ecdsa-sha2-nistp256");
  EXPECT_EQ(result.check, Check::kGood) << result.detail;
}

TEST(SshSigTest, AcceptsEcdsaP384AndRsaSha512) {
  const std::string p384 = NewSshKey("p384", "ecdsa", 384);
  const std::string rsa = NewSshKey("rsa", "rsa", 2048);

  SignatureResult by_p384 = VerifySshSignature(SshKeygenSign(p384, "git"), kMessage, Trust(p384));
  SignatureResult by_rsa = VerifySshSignature(SshKeygenSign(rsa, "git"), kMessage, Trust(rsa));

  EXPECT_EQ(by_p384.check, Check::kGood) << by_p384.detail;
  EXPECT_EQ(by_rsa.check, Check::kGood) << by_rsa.detail;
}

TEST(SshSigTest, RejectsOtherNamespaceEvenFromTrustedKey) {
  const std::string key = NewSshKey("ns", "ed25519");

  SignatureResult result = VerifySshSignature(SshKeygenSign(key, "file"), kMessage, Trust(key));

  EXPECT_EQ(result.check, Check::kWrongNamespace);
  EXPECT_EQ(result.detail, "namespace \"file\", want \"git\"");
}

TEST(SshSigTest, RejectsUntrustedKeyNamingItsFingerprint) {
  const std::string trusted = NewSshKey("trusted", "ed25519");
  const std::string stranger = NewSshKey("stranger", "ed25519");

  SignatureResult result =
      VerifySshSignature(SshKeygenSign(stranger, "git"), kMessage, Trust(trusted));

  EXPECT_EQ(result.check, Check::kUntrustedKey);
  EXPECT_NE(ShellOk("ssh-keygen -l -f " + stranger + ".pub").find(result.signer),
            std::string::npos);
  EXPECT_TRUE(result.principal.empty());
}

TEST(SshSigTest, RejectsVersionTwoAndUnknownHashAlgorithm) {
  const std::string key = NewSshKey("fields", "ed25519");
  auto parsed = ParseArmoredSshSignature(SshKeygenSign(key, "git"));
  ASSERT_OK(parsed.status());
  SshSignature v2 = *parsed;
  v2.version = 2;
  SshSignature sha1 = *parsed;
  sha1.hash_algorithm = "sha1";

  SignatureResult by_v2 = VerifySshSignature(Armor(v2), kMessage, Trust(key));
  SignatureResult by_sha1 = VerifySshSignature(Armor(sha1), kMessage, Trust(key));

  EXPECT_EQ(by_v2.check, Check::kUnsupportedSignature);
  EXPECT_EQ(by_v2.detail, "sshsig version 2, want 1");
  EXPECT_EQ(by_sha1.check, Check::kUnsupportedSignature);
}

TEST(SshSigTest, RejectsRsaSignatureWithSha1Algorithm) {
  const std::string key = NewSshKey("rsa-sha1", "rsa", 2048);
  auto parsed = ParseArmoredSshSignature(SshKeygenSign(key, "git"));
  ASSERT_OK(parsed.status());
  SshReader reader(parsed->signature);
  EXPECT_EQ(reader.ReadString(), "rsa-sha2-512");
  SshSignature sha1 = *parsed;
  sha1.signature.clear();
  AppendSshString(sha1.signature, "ssh-rsa");
  AppendSshString(sha1.signature, *reader.ReadString());

  SignatureResult result = VerifySshSignature(Armor(sha1), kMessage, Trust(key));

  EXPECT_EQ(result.check, Check::kUnsupportedSignature);
}

TEST(SshSigTest, RejectsTrustedKeyOfUnsupportedType) {
  std::string dss_blob;
  AppendSshString(dss_blob, "ssh-dss");
  AppendSshString(dss_blob, "p-q-g-y");
  std::string signature;
  AppendSshString(signature, "ssh-dss");
  AppendSshString(signature, std::string(40, '\1'));
  const SshSignature sig{1, {"ssh-dss", dss_blob}, "git", "", "sha512", signature};
  const std::vector<TrustedSshKey> trusted = {{{"ssh-dss", dss_blob}, "old", "f:1"}};

  SignatureResult result = VerifySshSignature(Armor(sig), kMessage, trusted);

  EXPECT_EQ(result.check, Check::kUnsupportedKeyType);
  EXPECT_EQ(result.detail, "key type ssh-dss is not supported");
}

TEST(SshSigTest, RejectsMalformedArmorAndBlobs) {
  const std::string key = NewSshKey("malformed", "ed25519");
  const std::string good = SshKeygenSign(key, "git");
  std::string bad_magic = good;
  // "U1NIU0lH" is base64 for "SSHSIG"; "U1NIU0lI" decodes to "SSHSIH".
  bad_magic.replace(bad_magic.find("U1NIU0lH"), 8, "U1NIU0lI");

  const std::string no_footer = good.substr(0, good.find(std::string(kSshSignatureEnd)));
  for (const std::string& armored :
       {no_footer, bad_magic,
        std::string(kSshSignatureBegin) + "\n!!!\n" + std::string(kSshSignatureEnd)}) {
    SignatureResult result = VerifySshSignature(armored, kMessage, Trust(key));
    EXPECT_EQ(result.check, Check::kMalformedSignature) << armored;
  }
}

}  // namespace
}  // namespace cocoplane::verify
