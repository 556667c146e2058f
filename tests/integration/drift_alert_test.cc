// Drift against a running daemon: alerts in a real Alertmanager, correction,
// webhook dedup under a mass edit, and the canary secret in no output.
//
// Needs `prometheus-alertmanager` (Debian package of that name); the tests
// skip with that message when it is not installed, and fail if it is
// installed but does not start.
#include <gtest/gtest.h>

#include "desired_repo.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::GitDaemon;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;
using nlohmann::json;

std::string DropInAddress(const DaemonUnderTest& d) {
  for (const auto& [path, sha] : HashTree(d.node_root)) {
    if (path.find("config.d") != std::string::npos) return "/" + path;
  }
  return "";
}

// Alertmanager's copy of our alert for (target, object, kind), or null.
json FindAlert(const Alertmanager& am, const std::string& target, const std::string& object,
               const std::string& kind) {
  for (const auto& a : am.Alerts()) {
    const json& l = a["labels"];
    if (l.value("alertname", "") == "CocoplaneDrift" && l.value("target", "") == target &&
        l.value("object", "") == object && l.value("drift_kind", "") == kind) {
      return a;
    }
  }
  return nullptr;
}

// Alerts per target in the webhook bodies the receiver got.
std::map<std::string, int> WebhookCalls(const WebhookReceiver& r) {
  std::map<std::string, int> calls;
  for (const auto& req : r.Requests()) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_object()) ++calls[body.value("target", "?")];
  }
  return calls;
}

struct World {
  TempDir tmp;
  DesiredRepo repo;
  GitDaemon git{tmp.path()};
  Alertmanager am{tmp / "am"};
  WebhookReceiver receiver;
  DaemonUnderTest daemon{tmp.path(), repo};

  explicit World(int bulk = 0) : repo(tmp.path(), bulk) {
    EXPECT_TRUE(git.ok());
    daemon.options.url = git.Url("desired");
    daemon.options.alertmanager_urls = {am.Url()};
    daemon.options.webhook_url = receiver.Url();
    WriteFile(tmp / "notify.secret", "notify-hmac-secret\n");
    daemon.options.webhook_secret_file = tmp / "notify.secret";
  }

  void StartAndApply() {
    ASSERT_TRUE(am.ok()) << "prometheus-alertmanager is installed but did not start; logs in "
                         << tmp / "am";
    ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
    ASSERT_TRUE(daemon.WaitApplied(repo.Head())) << daemon.Stderr();
    // The check after the first apply has run, so the watches are armed.
    ASSERT_TRUE(WaitFor([&] { return daemon.Status()["drift"].value("checks", 0) >= 1; }, 30));
  }
};

TEST(DriftAlertTest, HandEditFiresInAlertmanagerWithinTwoSecondsAndRestoringResolves) {
  if (!Alertmanager::Installed()) GTEST_SKIP() << Alertmanager::kMissing;
  World w;
  w.StartAndApply();
  std::string address = DropInAddress(w.daemon);
  std::string path = w.daemon.node_root + address;
  std::string original = *fs::ReadFile(path);

  WriteFile(path, original + "# hand edit on the node\n");
  bool fired =
      WaitFor([&] { return !FindAlert(w.am, "node/snp", address, "modified").is_null(); }, 2.0);
  ASSERT_TRUE(fired) << "no alert in Alertmanager within 2 s\n" << w.am.Alerts().dump(2);
  json alert = FindAlert(w.am, "node/snp", address, "modified");
  EXPECT_EQ(alert["labels"]["severity"], "critical");
  EXPECT_EQ(alert["status"]["state"], "active");
  EXPECT_EQ(w.daemon.Status()["alerts"].size(), 1u);

  WriteFile(path, original);
  // Resolved: Alertmanager drops an alert from the active list once its
  // endsAt has passed.
  EXPECT_TRUE(
      WaitFor([&] { return FindAlert(w.am, "node/snp", address, "modified").is_null(); }, 10))
      << w.am.Alerts().dump(2);
  EXPECT_TRUE(w.daemon.Status()["alerts"].empty());
  EXPECT_EQ(w.daemon.Stop(), 0);
}

TEST(DriftAlertTest, CorrectModeRestoresTheFileAndAResolvedNotificationFollows) {
  if (!Alertmanager::Installed()) GTEST_SKIP() << Alertmanager::kMissing;
  World w;
  w.daemon.options.drift_mode = "correct";
  w.daemon.options.dedup_window = 1;
  w.StartAndApply();
  std::string address = DropInAddress(w.daemon);
  std::string path = w.daemon.node_root + address;
  std::string original = *fs::ReadFile(path);

  WriteFile(path, "# someone replaced the drop-in\n");
  ASSERT_TRUE(WaitFor([&] { return *fs::ReadFile(path) == original; }, 15)) << w.daemon.Stderr();
  bool resolved = WaitFor(
      [&] {
        for (const auto& req : w.receiver.Requests()) {
          json body = json::parse(req.body, nullptr, false);
          if (!body.is_object()) continue;
          for (const auto& a : body["alerts"]) {
            if (a.value("object", "") == address && a.value("status", "") == "resolved")
              return true;
          }
        }
        return false;
      },
      15);
  EXPECT_TRUE(resolved) << w.daemon.Stderr();
  EXPECT_TRUE(
      WaitFor([&] { return FindAlert(w.am, "node/snp", address, "modified").is_null(); }, 10));
  EXPECT_NE(w.daemon.Stderr().find("correcting drift"), std::string::npos);
  // Signed as the config says (server/webhook_auth.h format).
  ASSERT_FALSE(w.receiver.Requests().empty());
  EXPECT_NE(w.receiver.Requests()[0].headers.find("X-Cocoplane-Signature: sha256="),
            std::string::npos);
  EXPECT_EQ(w.daemon.Stop(), 0);
}

TEST(DriftAlertTest, ThousandTamperedFilesGiveOneWebhookPerTargetPerWindow) {
  if (!Alertmanager::Installed()) GTEST_SKIP() << Alertmanager::kMissing;
  World w(1000);
  w.StartAndApply();
  std::vector<std::string> files;
  for (const auto& [path, sha] : HashTree(w.daemon.kbs_dir)) {
    if (path.find("default\\x2Fbulk\\x2F") != std::string::npos)
      files.push_back(w.daemon.kbs_dir + "/" + path);
  }
  ASSERT_EQ(files.size(), 1000u);
  for (const auto& f : files) WriteFile(f, "tampered\n");
  ASSERT_TRUE(WaitFor([&] { return w.daemon.Status()["drift"]["items"].size() >= 1000; }, 30))
      << w.daemon.Status()["drift"].dump().substr(0, 500);
  // Several checks ran while the files were being edited; the window is 300 s.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::map<std::string, int> calls = WebhookCalls(w.receiver);
  EXPECT_EQ(calls["kbs-storage"], 1) << "one notification per target per dedup window";
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_GE(MetricSum(w.daemon.port(), "cocoplane_notifications_total"), 2);
  EXPECT_EQ(w.daemon.Stop(), 0);
}

TEST(DriftAlertTest, CanarySecretAppearsInNoOutputEvenWhenItsObjectDrifts) {
  if (!Alertmanager::Installed()) GTEST_SKIP() << Alertmanager::kMissing;
  World w;
  w.daemon.options.dedup_window = 1;
  w.StartAndApply();
  std::string canary_file = w.daemon.kbs_dir + "/" + kCanaryAddress;
  ASSERT_EQ(*fs::ReadFile(canary_file), kCanaryValue) << "the canary is really applied";

  // Drift on the canary's own object and on the resource policy.
  WriteFile(canary_file, "tampered\n");
  std::string policy;
  for (const auto& [path, sha] : HashTree(w.daemon.kbs_dir)) {
    if (path.find("resource-policy.rego") != std::string::npos) policy = path;
  }
  ASSERT_FALSE(policy.empty());
  WriteFile(w.daemon.kbs_dir + "/" + policy, "package policy\ndefault allow = true\n");
  ASSERT_TRUE(
      WaitFor([&] { return !FindAlert(w.am, "kbs-storage", policy, "modified").is_null(); }, 10));
  ASSERT_TRUE(WaitFor(
      [&] { return !FindAlert(w.am, "kbs-storage", kCanaryAddress, "modified").is_null(); }, 10));
  ASSERT_TRUE(WaitFor([&] { return WebhookCalls(w.receiver)["kbs-storage"] >= 1; }, 10));

  std::vector<std::pair<std::string, std::string>> outputs = {
      {"status", w.daemon.Status().dump()},
      {"metrics", HttpGet(w.daemon.port(), "/metrics").body},
      {"alertmanager", w.am.Alerts().dump()},
      {"record", *fs::ReadFile(w.daemon.state + "/record.json")}};
  for (const auto& req : w.receiver.Requests())
    outputs.emplace_back("webhook", req.headers + req.body);
  CliResult drift =
      RunCocoplane({"drift", "--config", w.daemon.config_path, "--output", "json"}, w.repo.Env());
  EXPECT_EQ(drift.exit_code, 1) << drift.err;
  EXPECT_NE(drift.out.find("resource-policy.rego"), std::string::npos);
  outputs.emplace_back("drift stdout", drift.out);
  outputs.emplace_back("drift stderr", drift.err);
  CliResult dry =
      RunCocoplane({"apply", "--config", w.daemon.config_path, "--dry-run"}, w.repo.Env());
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  outputs.emplace_back("apply stdout", dry.out);
  outputs.emplace_back("apply stderr", dry.err);
  // A plan of a change that adds a second resource read from the canary's
  // variable.
  std::string base = w.repo.Head();
  std::string head = w.repo.Commit(
      "resources/extra.yaml",
      std::string("apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n") +
          "  name: extra\nspec:\n  path: default/extra/key2.pem\n  kind: key\n  source:\n" +
          "    env: " + kCanaryVar + "\n",
      "a second key");
  for (const char* format : {"text", "json", "markdown"}) {
    CliResult plan = RunCocoplane({"plan", "--repo", w.repo.work(), "--base", base, "--head", head,
                                   "--sealing-key", w.repo.sealing_key(), "-o", format},
                                  w.repo.Env());
    EXPECT_EQ(plan.exit_code, 1) << "1: the plan has changes\n" << plan.err;
    EXPECT_NE(plan.out.find("key2.pem"), std::string::npos) << plan.out;
    outputs.emplace_back(std::string("plan ") + format, plan.out + plan.err);
  }
  EXPECT_EQ(w.daemon.Stop(), 0);
  outputs.emplace_back("daemon stdout", w.daemon.Stdout());
  outputs.emplace_back("daemon stderr", w.daemon.Stderr());
  for (const auto& [name, text] : outputs) {
    EXPECT_EQ(text.find(kCanaryValue), std::string::npos) << "the canary leaked into " << name;
  }
}

// Adds `labels: {cocoplane.io/drift: <mode>}` to the document in `path`
// whose metadata name is `name`, and commits.
std::string LabelDrift(DesiredRepo& repo, const std::string& path, const std::string& name,
                       const std::string& mode) {
  std::string doc = *fs::ReadFile(repo.work() + "/" + path);
  std::string line = "  name: " + name + "\n";
  size_t at = doc.find(line);
  EXPECT_NE(at, std::string::npos) << path;
  doc.insert(at + line.size(), "  labels:\n    cocoplane.io/drift: " + mode + "\n");
  return repo.Commit(path, doc, "drift: " + mode + " for " + name);
}

std::string PathUnder(const std::string& root, const std::string& part) {
  for (const auto& [path, sha] : HashTree(root)) {
    if (path.find(part) != std::string::npos) return path;
  }
  return "";
}

TEST(DriftAlertTest, CorrectModeLeavesObjectsWhoseDocumentOptsOut) {
  if (!Alertmanager::Installed()) GTEST_SKIP() << Alertmanager::kMissing;
  World w;
  // Everything from the TrusteeProfile (the resource policy among it):
  // report only. The snp pool's drop-in: not checked at all.
  LabelDrift(w.repo, "cluster/trustee-profile.yaml", "restricted", "detect");
  LabelDrift(w.repo, "pools/snp.yaml", "snp", "ignore");
  w.daemon.options.drift_mode = "correct";
  w.StartAndApply();
  json objects = w.daemon.Status()["record"]["current"]["objects"];
  std::string policy = PathUnder(w.daemon.kbs_dir, "resource-policy.rego");
  std::string regcred = PathUnder(w.daemon.kbs_dir, "regcred");
  std::string dropin = DropInAddress(w.daemon);
  ASSERT_FALSE(policy.empty() || regcred.empty() || dropin.empty());
  std::map<std::string, std::string> modes;
  for (const auto& o : objects) modes[o.value("address", "")] = o.value("drift", "");
  EXPECT_EQ(modes[policy], "detect");
  EXPECT_EQ(modes[dropin], "ignore");
  EXPECT_EQ(modes[regcred], "");

  std::string regcred_value = *fs::ReadFile(w.daemon.kbs_dir + "/" + regcred);
  WriteFile(w.daemon.kbs_dir + "/" + policy, "package policy\ndefault allow = true\n");
  WriteFile(w.daemon.node_root + dropin, "# replaced by hand\n");
  WriteFile(w.daemon.kbs_dir + "/" + regcred, "tampered\n");
  ASSERT_TRUE(
      WaitFor([&] { return *fs::ReadFile(w.daemon.kbs_dir + "/" + regcred) == regcred_value; }, 15))
      << "an object without an opt-out is corrected\n"
      << w.daemon.Stderr();
  ASSERT_TRUE(
      WaitFor([&] { return !FindAlert(w.am, "kbs-storage", policy, "modified").is_null(); }, 10))
      << w.am.Alerts().dump(2);
  // Give a (wrong) second correction time to happen.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(*fs::ReadFile(w.daemon.kbs_dir + "/" + policy),
            "package policy\ndefault allow = true\n")
      << "detect: reported, never corrected";
  EXPECT_EQ(*fs::ReadFile(w.daemon.node_root + dropin), "# replaced by hand\n")
      << "ignore: left alone";
  EXPECT_TRUE(FindAlert(w.am, "node/snp", dropin, "modified").is_null()) << "ignore: no alert";
  json items = w.daemon.Status()["drift"]["items"];
  ASSERT_EQ(items.size(), 1u) << items.dump(2);
  EXPECT_EQ(items[0]["address"], policy);
  EXPECT_EQ(items[0]["detect_only"], true);
  EXPECT_EQ(w.daemon.Stop(), 0);
}

TEST(DriftAlertTest, ATargetInDetectModeIsNotCorrectedWhileTheOthersAre) {
  if (!Alertmanager::Installed()) GTEST_SKIP() << Alertmanager::kMissing;
  World w;
  w.daemon.options.drift_mode = "correct";
  w.daemon.options.kbs_drift_mode = "detect";
  w.StartAndApply();
  std::string regcred = PathUnder(w.daemon.kbs_dir, "regcred");
  std::string dropin = DropInAddress(w.daemon);
  std::string original = *fs::ReadFile(w.daemon.node_root + dropin);
  WriteFile(w.daemon.kbs_dir + "/" + regcred, "tampered\n");
  WriteFile(w.daemon.node_root + dropin, "# replaced by hand\n");
  ASSERT_TRUE(WaitFor([&] { return *fs::ReadFile(w.daemon.node_root + dropin) == original; }, 15))
      << w.daemon.Stderr();
  ASSERT_TRUE(
      WaitFor([&] { return !FindAlert(w.am, "kbs-storage", regcred, "modified").is_null(); }, 10));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(*fs::ReadFile(w.daemon.kbs_dir + "/" + regcred), "tampered\n");
  EXPECT_EQ(w.daemon.Stop(), 0);
}

}  // namespace
}  // namespace cocoplane::integration
