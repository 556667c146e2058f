// `[verify] mode = "head"` against the running daemon: unsigned commits and
// commits signed by untrusted keys are refused (the last good state stays);
// commits signed by a trusted SSH or OpenPGP key are applied. Keys and
// signed commits are made with ssh-keygen, gpg and git (verify_testing.h).
#include <gtest/gtest.h>

#include "desired_repo.h"
#include "source/git_test_util.h"
#include "verify/verify_testing.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::GitDaemon;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;
namespace vt = cocoplane::verify::testing;

// Pushes a webhook and waits until the daemon's last reconcile looked at
// `head`; returns its result ("applied", "not_verified", ...).
std::string ReconcileTo(DaemonUnderTest& d, const std::string& head) {
  EXPECT_EQ(d.PushWebhook(), 202);
  bool seen = WaitFor([&] { return d.Last("revision") == head; }, 90);
  EXPECT_TRUE(seen) << d.Stderr();
  return d.Last("result");
}

TEST(VerifyFlowTest, HeadModeAppliesOnlyCommitsSignedByTrustedSshAndOpenPgpKeys) {
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  GitDaemon git(tmp.path());
  ASSERT_TRUE(git.ok());
  std::string trusted_ssh = vt::NewSshKey("trusted", "ed25519");
  std::string untrusted_ssh = vt::NewSshKey("untrusted", "ed25519");
  std::string trusted_pgp = vt::NewPgpKey("Trusted Release <release@example.com>");
  std::string untrusted_pgp = vt::NewPgpKey("Mallory <mallory@example.com>");
  WriteFile(tmp / "allowed_signers", "release@example.com " + vt::ReadFile(trusted_ssh + ".pub"));
  WriteFile(tmp / "release.asc", vt::ExportPgpKey(trusted_pgp));

  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = git.Url("desired");
  daemon.options.verify = "head";
  daemon.options.ssh_allowed_signers = tmp / "allowed_signers";
  daemon.options.gpg_keys = {tmp / "release.asc"};
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();

  // The initial commit is unsigned: refused, nothing applied, still ready.
  ASSERT_TRUE(WaitFor([&] { return daemon.Last("result") == "not_verified"; }, 90))
      << daemon.Stderr();
  EXPECT_EQ(daemon.Status()["applied_revision"], "");
  EXPECT_TRUE(HashTree(daemon.node_root).empty());
  EXPECT_EQ(HttpGet(daemon.port(), "/readyz").status, 200);

  std::string ssh_ok =
      repo.CommitEmpty("signed by the trusted ssh key", vt::SshSigning(trusted_ssh));
  EXPECT_EQ(ReconcileTo(daemon, ssh_ok), "applied");
  EXPECT_EQ(daemon.Status()["applied_revision"], ssh_ok);
  auto applied_tree = HashTree(daemon.node_root);
  EXPECT_FALSE(applied_tree.empty());

  std::string pool = vt::ReadFile(repo.work() + "/pools/snp.yaml");
  pool.replace(pool.find("defaultVcpus: 1"), 15, "defaultVcpus: 2");
  std::string ssh_bad =
      repo.Commit("pools/snp.yaml", pool, "untrusted ssh", vt::SshSigning(untrusted_ssh));
  EXPECT_EQ(ReconcileTo(daemon, ssh_bad), "not_verified");
  EXPECT_EQ(daemon.Status()["applied_revision"], ssh_ok);
  EXPECT_EQ(HashTree(daemon.node_root), applied_tree) << "a refused commit changes nothing";

  std::string pgp_ok =
      repo.CommitEmpty("signed by the trusted OpenPGP key", vt::PgpSigning(trusted_pgp));
  EXPECT_EQ(ReconcileTo(daemon, pgp_ok), "applied");
  EXPECT_EQ(daemon.Status()["applied_revision"], pgp_ok);
  auto pgp_tree = HashTree(daemon.node_root);
  EXPECT_NE(pgp_tree, applied_tree) << "the vCPU change rode in with the signed head";

  std::string pgp_bad = repo.CommitEmpty("untrusted OpenPGP", vt::PgpSigning(untrusted_pgp));
  EXPECT_EQ(ReconcileTo(daemon, pgp_bad), "not_verified");
  std::string unsigned_head = repo.CommitEmpty("unsigned");
  EXPECT_EQ(ReconcileTo(daemon, unsigned_head), "not_verified");
  EXPECT_EQ(daemon.Status()["applied_revision"], pgp_ok);
  EXPECT_EQ(HashTree(daemon.node_root), pgp_tree);
  // Metrics are recorded just after the status changes: wait for them.
  EXPECT_TRUE(WaitFor(
      [&] { return MetricSum(daemon.port(), "cocoplane_verification_failures_total") >= 4; }, 10));
  EXPECT_EQ(daemon.Stop(), 0);
}

}  // namespace
}  // namespace cocoplane::integration
