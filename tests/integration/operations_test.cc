// The daemon as operations see it: a real Prometheus (Debian package
// prometheus), started on loopback by the test, scrapes /metrics; every
// metric family issues 6 and 7 name is stored, with the values the daemon's
// history implies (one refused unsigned revision, one applied signed one,
// one drifted drop-in, one notification).
//
// Skips only when Prometheus is not installed.
#include <gtest/gtest.h>

#include <algorithm>

#include "desired_repo.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"
#include "verify/verify_testing.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::GitDaemon;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;
using nlohmann::json;
namespace vt = cocoplane::verify::testing;

bool HasAll(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  return std::all_of(want.begin(), want.end(), [&](const std::string& n) {
    return std::find(have.begin(), have.end(), n) != have.end();
  });
}

TEST(OperationsTest, PrometheusScrapesMetricsWithEveryExpectedFamily) {
  if (!Prometheus::Installed()) GTEST_SKIP() << Prometheus::kMissing;
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  GitDaemon git(tmp.path());
  ASSERT_TRUE(git.ok());
  WebhookReceiver receiver;
  std::string key = vt::NewSshKey("release", "ed25519");
  WriteFile(tmp / "allowed_signers", "release@example.com " + vt::ReadFile(key + ".pub"));
  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = git.Url("desired");
  daemon.options.verify = "head";
  daemon.options.ssh_allowed_signers = tmp / "allowed_signers";
  daemon.options.webhook_url = receiver.Url();
  Prometheus prometheus(tmp / "prometheus", daemon.port());
  ASSERT_TRUE(prometheus.ok()) << "prometheus did not start; logs in " << tmp / "prometheus";

  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  // The initial commit is unsigned: a verification failure.
  ASSERT_TRUE(WaitFor([&] { return daemon.Last("result") == "not_verified"; }, 60));
  std::string head = repo.CommitEmpty("signed", vt::SshSigning(key));
  EXPECT_EQ(daemon.PushWebhook(), 202);
  ASSERT_TRUE(daemon.WaitApplied(head)) << daemon.Stderr();
  std::string dropin;
  for (const auto& [path, sha] : HashTree(daemon.node_root)) {
    if (path.find("config.d") != std::string::npos) dropin = daemon.node_root + "/" + path;
  }
  ASSERT_FALSE(dropin.empty());
  WriteFile(dropin, *fs::ReadFile(dropin) + "# hand edit\n");
  ASSERT_TRUE(WaitFor([&] { return !receiver.Requests().empty(); }, 10));

  const std::vector<std::string> kExpected = {"cocoplane_reconcile_total",
                                              "cocoplane_reconcile_duration_seconds_bucket",
                                              "cocoplane_reconcile_duration_seconds_sum",
                                              "cocoplane_reconcile_duration_seconds_count",
                                              "cocoplane_git_fetch_total",
                                              "cocoplane_applied_revision_info",
                                              "cocoplane_verification_failures_total",
                                              "cocoplane_webhook_requests_total",
                                              "cocoplane_drift_items",
                                              "cocoplane_drift_checks_total",
                                              "cocoplane_notifications_total"};
  // Two scrapes after the notification: everything is stored.
  bool stored = WaitFor(
      [&] {
        json drift = prometheus.Query("cocoplane_drift_items");
        json sent = prometheus.Query("cocoplane_notifications_total");
        return HasAll(prometheus.MetricNames(), kExpected) && drift.is_array() && !drift.empty() &&
               sent.is_array() && !sent.empty();
      },
      30);
  json target = prometheus.Target();
  ASSERT_TRUE(stored) << "target: " << target.dump(2)
                      << "\nnames stored: " << json(prometheus.MetricNames()).dump();
  EXPECT_EQ(target["health"], "up") << target.dump(2);
  EXPECT_EQ(target["lastError"], "");
  EXPECT_EQ(target["scrapeUrl"], "http://127.0.0.1:" + std::to_string(daemon.port()) + "/metrics");

  json revision = prometheus.Query("cocoplane_applied_revision_info");
  ASSERT_EQ(revision.size(), 1u) << revision.dump();
  EXPECT_EQ(revision[0]["metric"]["revision"], head);
  EXPECT_EQ(revision[0]["value"][1], "1");
  json drift = prometheus.Query("cocoplane_drift_items");
  ASSERT_EQ(drift.size(), 1u) << drift.dump();
  EXPECT_EQ(drift[0]["metric"]["target"], "node/snp");
  EXPECT_EQ(drift[0]["metric"]["kind"], "modified");
  EXPECT_EQ(drift[0]["value"][1], "1");
  json refused = prometheus.Query("cocoplane_verification_failures_total");
  ASSERT_FALSE(refused.empty());
  EXPECT_EQ(refused[0]["value"][1], "1") << refused.dump();
  json sent = prometheus.Query("cocoplane_notifications_total");
  EXPECT_EQ(sent[0]["metric"]["sink"], "webhook") << sent.dump();
  EXPECT_EQ(sent[0]["metric"]["result"], "success") << sent.dump();
  EXPECT_EQ(daemon.Stop(), 0);
}

}  // namespace
}  // namespace cocoplane::integration
