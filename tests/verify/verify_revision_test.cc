// VerifyRevision over real repositories: commits signed by git itself with
// ssh-keygen and gpg keys made at test time, unsigned commits, and commit
// objects rewritten with `git hash-object` to carry tampered signatures.
#include "verify/verify_revision.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "testing/matchers.h"
#include "verify/sshsig.h"
#include "verify_testing.h"

namespace cocoplane::verify {
namespace {

using testing::CatCommit;
using testing::Commit;
using testing::ExportPgpKey;
using testing::NewDir;
using testing::NewPgpKey;
using testing::NewRepo;
using testing::NewSshKey;
using testing::PgpSigning;
using testing::Quote;
using testing::ReadFile;
using testing::ReplaceSignature;
using testing::Shell;
using testing::ShellOk;
using testing::SignatureOf;
using testing::SshSigning;
using testing::WriteCommit;
using testing::WriteFile;

TrustStore StoreTrusting(const std::vector<std::string>& ssh_keys) {
  TrustStore store(NewDir("gnupg-parent"));
  for (const auto& key : ssh_keys) {
    EXPECT_OK(store.AddSshKeys(ReadFile(key + ".pub"), key + ".pub"));
  }
  return store;
}

Verdict MustVerify(const std::string& repo, Mode mode, std::string_view last, std::string_view head,
                   const TrustStore& store) {
  auto verdict = VerifyRevision(repo, mode, last, head, store);
  EXPECT_OK(verdict.status());
  return verdict.ok() ? *verdict : Verdict{};
}

// Independent check: what `git verify-commit` says with the same key trusted.
bool GitVerifyCommit(const std::string& repo, const std::string& id, const std::string& key) {
  const std::string signers = NewDir("git-verify") + "/allowed_signers";
  WriteFile(signers, "test@example.com " + ReadFile(key + ".pub"));
  return Shell("git -C " + Quote(repo) + " -c gpg.ssh.allowedSignersFile=" + Quote(signers) +
               " verify-commit " + id)
             .exit_code == 0;
}

// Flips one byte inside the signature bytes at the end of an sshsig blob and
// re-armors it, so the blob stays well-formed and only the signature is bad.
std::string FlipSignatureByte(const std::string& armored) {
  std::string base64;
  for (size_t i = kSshSignatureBegin.size(); i < armored.find(kSshSignatureEnd); ++i) {
    if (armored[i] != '\n') {
      base64 += armored[i];
    }
  }
  std::string blob = *crypto::Base64Decode(base64, crypto::Base64Alphabet::kStandard);
  blob[blob.size() - 10] ^= 0x01;
  base64 = crypto::Base64Encode(blob, crypto::Base64Alphabet::kStandard, true);
  std::string out = std::string(kSshSignatureBegin) + "\n";
  for (size_t i = 0; i < base64.size(); i += 70) {
    out += base64.substr(i, 70) + "\n";
  }
  return out + std::string(kSshSignatureEnd);
}

TEST(VerifyRevisionTest, HeadModeAcceptsCommitsSignedWithEd25519AndEcdsaKeys) {
  const std::string ed = NewSshKey("ed", "ed25519");
  const std::string ec = NewSshKey("ec", "ecdsa", 256);
  const std::string repo = NewRepo("repo");
  const std::string by_ed = Commit(repo, "one", SshSigning(ed));
  const std::string by_ec = Commit(repo, "two", SshSigning(ec));
  TrustStore store = StoreTrusting({ed, ec});

  Verdict ed_verdict = MustVerify(repo, Mode::kHead, "", by_ed, store);
  Verdict ec_verdict = MustVerify(repo, Mode::kHead, "", by_ec, store);

  EXPECT_TRUE(ed_verdict.verified) << ed_verdict.Summary();
  EXPECT_EQ(ed_verdict.reason(), "verified");
  EXPECT_EQ(ed_verdict.commits_checked, 1u);
  ASSERT_TRUE(ed_verdict.head_signature.has_value());
  EXPECT_EQ(ed_verdict.head_signature->principal, "ed");
  EXPECT_TRUE(ec_verdict.verified) << ec_verdict.Summary();
  EXPECT_TRUE(GitVerifyCommit(repo, by_ed, ed));
  EXPECT_TRUE(GitVerifyCommit(repo, by_ec, ec));
}

TEST(VerifyRevisionTest, HeadModeRejectsUnsignedCommit) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string unsigned_commit = Commit(repo, "unsigned");

  Verdict verdict = MustVerify(repo, Mode::kHead, "", unsigned_commit, StoreTrusting({key}));

  EXPECT_FALSE(verdict.verified);
  EXPECT_EQ(verdict.reason(), "unsigned");
  ASSERT_EQ(verdict.failures.size(), 1u);
  EXPECT_EQ(verdict.failures[0].commit, unsigned_commit);
  EXPECT_EQ(verdict.Summary(), "not verified (head): commit " + unsigned_commit.substr(0, 12) +
                                   " unsigned (commit is not signed); 1 of 1 commit(s) failed");
}

TEST(VerifyRevisionTest, HeadModeRejectsCommitSignedByUntrustedKey) {
  const std::string trusted = NewSshKey("trusted", "ed25519");
  const std::string stranger = NewSshKey("stranger", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string head = Commit(repo, "by stranger", SshSigning(stranger));

  Verdict verdict = MustVerify(repo, Mode::kHead, "", head, StoreTrusting({trusted}));

  EXPECT_EQ(verdict.reason(), "untrusted_key");
  EXPECT_EQ(verdict.failures[0].result.format, SignatureFormat::kSsh);
  EXPECT_FALSE(GitVerifyCommit(repo, head, trusted));
}

TEST(VerifyRevisionTest, HeadModeRejectsTamperedSignatureAndTamperedCommit) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string object = CatCommit(repo, Commit(repo, "deploy v1", SshSigning(key)));
  const std::string bad_signature =
      WriteCommit(repo, ReplaceSignature(object, FlipSignatureByte(SignatureOf(object))));
  std::string edited = object;
  edited.replace(edited.find("deploy v1"), 9, "deploy v2");
  const std::string bad_payload = WriteCommit(repo, edited);
  TrustStore store = StoreTrusting({key});

  Verdict signature_verdict = MustVerify(repo, Mode::kHead, "", bad_signature, store);
  Verdict payload_verdict = MustVerify(repo, Mode::kHead, "", bad_payload, store);

  EXPECT_EQ(signature_verdict.reason(), "bad_signature");
  EXPECT_EQ(signature_verdict.failures[0].commit, bad_signature);
  EXPECT_EQ(payload_verdict.reason(), "bad_signature");
  EXPECT_FALSE(GitVerifyCommit(repo, bad_signature, key));
  EXPECT_FALSE(GitVerifyCommit(repo, bad_payload, key));
}

TEST(VerifyRevisionTest, HeadModeRejectsSignatureMadeForAnotherNamespace) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string object = CatCommit(repo, Commit(repo, "one", SshSigning(key)));
  // Re-sign the same payload as a "file" signature (ssh-keygen -Y sign -n file).
  const std::string payload = NewDir("ns") + "/payload";
  WriteFile(payload, ReplaceSignature(object, ""));
  ShellOk("ssh-keygen -q -Y sign -n file -f " + Quote(key) + " " + Quote(payload));
  std::string file_signature = ReadFile(payload + ".sig");
  file_signature.pop_back();
  const std::string head = WriteCommit(repo, ReplaceSignature(object, file_signature));

  Verdict verdict = MustVerify(repo, Mode::kHead, "", head, StoreTrusting({key}));

  EXPECT_EQ(verdict.reason(), "wrong_namespace");
}

TEST(VerifyRevisionTest, ModesOnHistoryWithUnsignedMiddleCommit) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string first = Commit(repo, "first", SshSigning(key));
  const std::string middle = Commit(repo, "middle");
  const std::string head = Commit(repo, "head", SshSigning(key));
  TrustStore store = StoreTrusting({key});

  Verdict none = MustVerify(repo, Mode::kNone, first, head, store);
  Verdict head_only = MustVerify(repo, Mode::kHead, first, head, store);
  Verdict strict = MustVerify(repo, Mode::kStrict, first, head, store);
  Verdict strict_all = MustVerify(repo, Mode::kStrict, "", head, store);
  Verdict strict_after_middle = MustVerify(repo, Mode::kStrict, middle, head, store);

  EXPECT_TRUE(none.verified);
  EXPECT_EQ(none.commits_checked, 0u);
  EXPECT_TRUE(head_only.verified);
  EXPECT_FALSE(strict.verified);
  EXPECT_EQ(strict.commits_checked, 2u);
  ASSERT_EQ(strict.failures.size(), 1u);
  EXPECT_EQ(strict.failures[0].commit, middle);
  EXPECT_EQ(strict.reason(), "unsigned");
  EXPECT_FALSE(strict.history_rewritten);
  EXPECT_EQ(strict_all.commits_checked, 3u);
  EXPECT_EQ(strict_all.failures[0].commit, middle);
  EXPECT_TRUE(strict_after_middle.verified) << strict_after_middle.Summary();
  EXPECT_EQ(strict_after_middle.commits_checked, 1u);
}

TEST(VerifyRevisionTest, StrictModeChecksBothSidesOfAMerge) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string base = Commit(repo, "base", SshSigning(key));
  ShellOk("git -C " + Quote(repo) + " checkout -q -b topic");
  const std::string side = Commit(repo, "unsigned side commit");
  ShellOk("git -C " + Quote(repo) + " checkout -q main");
  Commit(repo, "main work", SshSigning(key));
  ShellOk("git -C " + Quote(repo) + " -c user.name=T -c user.email=t@example.com " +
          SshSigning(key) + " merge -q -S --no-edit topic");
  const std::string merge = ShellOk("git -C " + Quote(repo) + " rev-parse HEAD");

  Verdict verdict = MustVerify(repo, Mode::kStrict, base, merge, StoreTrusting({key}));

  EXPECT_EQ(verdict.commits_checked, 3u);
  ASSERT_EQ(verdict.failures.size(), 1u);
  EXPECT_EQ(verdict.failures[0].commit, side);
}

TEST(VerifyRevisionTest, StrictModeAfterForcePushChecksWhatIsNotReachableFromLastApplied) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string base = Commit(repo, "base", SshSigning(key));
  const std::string applied = Commit(repo, "applied", SshSigning(key));
  ShellOk("git -C " + Quote(repo) + " reset -q --hard " + base);
  const std::string sneaked = Commit(repo, "sneaked in");
  const std::string head = Commit(repo, "new head", SshSigning(key));

  Verdict verdict = MustVerify(repo, Mode::kStrict, applied, head, StoreTrusting({key}));
  Verdict unknown_last =
      MustVerify(repo, Mode::kStrict, std::string(40, 'a'), head, StoreTrusting({key}));

  EXPECT_TRUE(verdict.history_rewritten);
  EXPECT_EQ(verdict.commits_checked, 2u);
  ASSERT_EQ(verdict.failures.size(), 1u);
  EXPECT_EQ(verdict.failures[0].commit, sneaked);
  EXPECT_NE(verdict.Summary().find("is not an ancestor of the head (history rewritten)"),
            std::string::npos);
  EXPECT_TRUE(unknown_last.history_rewritten);
  EXPECT_EQ(unknown_last.commits_checked, 3u);
}

TEST(VerifyRevisionTest, OpenPgpSignedCommitsByTrustedAndUntrustedKeys) {
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  const std::string mallory = NewPgpKey("Mallory <mallory@example.com>");
  const std::string repo = NewRepo("repo");
  const std::string by_alice = Commit(repo, "alice", PgpSigning(alice));
  const std::string by_mallory = Commit(repo, "mallory", PgpSigning(mallory));
  TrustStore store(NewDir("gnupg-parent"));
  ASSERT_OK(store.AddOpenPgpKeys(ExportPgpKey(alice), "alice.asc"));

  Verdict trusted = MustVerify(repo, Mode::kHead, "", by_alice, store);
  Verdict untrusted = MustVerify(repo, Mode::kHead, "", by_mallory, store);
  Verdict strict = MustVerify(repo, Mode::kStrict, "", by_mallory, store);

  EXPECT_TRUE(trusted.verified) << trusted.Summary();
  EXPECT_EQ(trusted.head_signature->signer, alice);
  EXPECT_EQ(trusted.head_signature->format, SignatureFormat::kOpenPgp);
  EXPECT_EQ(untrusted.reason(), "untrusted_key");
  EXPECT_EQ(strict.failures.size(), 1u);
  EXPECT_EQ(strict.failures[0].commit, by_mallory);
}

TEST(VerifyRevisionTest, StrictModeAcceptsMixedSshAndOpenPgpHistory) {
  const std::string ssh_key = NewSshKey("key", "ed25519");
  const std::string alice = NewPgpKey("Alice <alice@example.com>");
  const std::string repo = NewRepo("repo");
  Commit(repo, "ssh", SshSigning(ssh_key));
  const std::string head = Commit(repo, "pgp", PgpSigning(alice));
  TrustStore store = StoreTrusting({ssh_key});
  ASSERT_OK(store.AddOpenPgpKeys(ExportPgpKey(alice), "alice.asc"));

  Verdict verdict = MustVerify(repo, Mode::kStrict, "", head, store);

  EXPECT_TRUE(verdict.verified) << verdict.Summary();
  EXPECT_EQ(verdict.commits_checked, 2u);
}

TEST(VerifyRevisionTest, OperationalErrorsAreStatuses) {
  const std::string key = NewSshKey("key", "ed25519");
  const std::string repo = NewRepo("repo");
  const std::string head = Commit(repo, "one", SshSigning(key));
  TrustStore store = StoreTrusting({key});

  auto missing_head = VerifyRevision(repo, Mode::kHead, "", std::string(40, 'b'), store);
  auto short_id = VerifyRevision(repo, Mode::kHead, "", head.substr(0, 12), store);
  auto bad_last = VerifyRevision(repo, Mode::kStrict, "HEAD~1", head, store);
  auto no_repo = VerifyRevision(NewDir("empty"), Mode::kHead, "", head, store);

  EXPECT_EQ(missing_head.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(short_id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_last.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_repo.status().code(), StatusCode::kNotFound);
}

TEST(VerifyRevisionTest, ParsesModeNames) {
  EXPECT_EQ(ParseMode("none"), Mode::kNone);
  EXPECT_EQ(ParseMode("head"), Mode::kHead);
  EXPECT_EQ(ParseMode("strict"), Mode::kStrict);
  EXPECT_EQ(ParseMode("Strict"), std::nullopt);
  EXPECT_EQ(ModeName(Mode::kStrict), "strict");
}

}  // namespace
}  // namespace cocoplane::verify
