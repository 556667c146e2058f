// The Daemon in-process, on a real git repository (file://), real sockets on
// 127.0.0.1 and a real node directory, with a fake compiler (every *.txt
// file becomes a node artifact; a file named BROKEN is a compile error).
// The process-level tests with the real compiler are in the other files.
#include "app/daemon.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "fs/atomic_file.h"
#include "metrics/metrics.h"
#include "server/http_client.h"
#include "server/webhook_auth.h"
#include "source/git_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::app {
namespace {

using cocoplane::testing::CommitFile;
using cocoplane::testing::MustRun;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;
using nlohmann::json;

// Each X.txt is owned by "file/X.txt"; a file DRIFT holds "<file> <mode>"
// lines, the per-object drift opt-outs the real compiler reads from labels.
std::optional<CompiledRevision> FakeCompile(const Snapshot& snap, DiagnosticSink& sink) {
  CompiledRevision out;
  for (const auto& [path, file] : snap.files) {
    if (path == "BROKEN") sink.Emit(DiagKind::kYamlSyntax, {path, 2, 3, 1}, "broken on purpose");
    if (path.size() > 4 && path.substr(path.size() - 4) == ".txt") {
      compile::AddArtifact(out.bundle, "node/" + path, compile::ArtifactKind::kKataConfig,
                           "file/" + path, "node:snp:/etc/cp/" + path, file.bytes);
    }
    if (path == "DRIFT") {
      std::istringstream lines(file.bytes);
      for (std::string name, mode; lines >> name >> mode;)
        out.drift_by_owner["file/" + name] = mode;
    }
  }
  if (sink.has_errors()) return std::nullopt;
  return out;
}

// Polls `done` every 20 ms for up to `seconds`.
template <typename F>
bool WaitFor(F done, double seconds = 10) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

struct World {
  TempDir tmp;
  std::string origin = tmp / "origin";
  std::string node = tmp / "node";
  std::ostringstream log_text;
  Logger log{&log_text, SystemClock()};
  metrics::Metrics metrics;
  std::unique_ptr<Daemon> daemon;

  World() {
    MustRun(tmp.path(), "git init -q -b main origin");
    CommitFile(origin, "a.txt", "one\n", "first");
    WriteFile(tmp / "github.secret", "s3cret-hook\n");
  }

  config::DaemonConfig Config(const std::string& drift_mode = "detect") const {
    config::DaemonConfig c;
    c.source.url = "file://" + origin;
    c.source.poll_interval_seconds = 3600;
    c.state_dir = tmp / "state";
    c.listen = "127.0.0.1:0";
    c.nodes.push_back({"snp", node, ""});
    c.webhook.github_secret_file = tmp / "github.secret";
    c.drift.interval_seconds = 3600;
    c.drift.mode = drift_mode;
    return c;
  }

  void Start(const config::DaemonConfig& c) {
    DaemonDeps deps;
    deps.compiler = [](const config::DaemonConfig&) -> Result<CompileFn> {
      return CompileFn(FakeCompile);
    };
    deps.random = [] { return 0.5; };
    deps.log = &log;
    deps.metrics = &metrics;
    deps.min_reconcile_interval = std::chrono::milliseconds(0);
    auto d = Daemon::Create(c, deps);
    ASSERT_OK(d.status());
    daemon = std::move(*d);
    EXPECT_FALSE(daemon->Readiness().ok()) << "not ready before the first reconcile";
    ASSERT_OK(daemon->Start());
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(daemon->port()) + path;
  }
  json Status() const { return json::parse(cocoplane::testing::Get(Url("/api/v1/status")).body); }
  std::string Head() const { return MustRun(origin, "git rev-parse HEAD"); }
  std::string NodeFile(const std::string& name) const {
    Result<std::string> bytes = fs::ReadFile(node + "/etc/cp/" + name);
    return bytes.ok() ? *bytes : "<missing>";
  }
};

TEST(DaemonTest, FirstReconcileAppliesThenAWebhookAppliesTheNextCommit) {
  World w;
  w.Start(w.Config());
  ASSERT_TRUE(WaitFor([&] { return cocoplane::testing::Get(w.Url("/readyz")).status == 200; }));
  EXPECT_EQ(w.NodeFile("a.txt"), "one\n");
  json status = w.Status();
  EXPECT_EQ(status["applied_revision"], w.Head());
  EXPECT_EQ(status["ready"], true);
  ASSERT_EQ(status["targets"].size(), 1u);
  EXPECT_EQ(status["targets"][0]["name"], "node/snp");
  EXPECT_EQ(status["targets"][0]["objects"], 1);

  CommitFile(w.origin, "a.txt", "two\n", "second");
  std::string body = R"({"ref":"refs/heads/main"})";
  auto reply = cocoplane::testing::Send(
      {"POST",
       w.Url("/hooks/github"),
       {"X-GitHub-Event: push",
        "X-Hub-Signature-256: " + server::SignHmacSha256("s3cret-hook", body)},
       body});
  EXPECT_EQ(reply.status, 202);
  ASSERT_TRUE(WaitFor([&] { return w.Status()["applied_revision"] == w.Head(); }));
  EXPECT_EQ(w.NodeFile("a.txt"), "two\n");
  // The record (and so the status) changes inside the apply; the metrics
  // when the reconcile returns.
  std::string metrics;
  EXPECT_TRUE(WaitFor([&] {
    metrics = cocoplane::testing::Get(w.Url("/metrics")).body;
    return metrics.find("cocoplane_reconcile_total{result=\"success\"} 2") != std::string::npos;
  })) << metrics;
  EXPECT_NE(metrics.find("cocoplane_applied_revision_info{revision=\"" + w.Head() + "\"} 1"),
            std::string::npos);
  w.daemon->Stop();
  EXPECT_NE(w.log_text.str().find("\"msg\":\"reconcile applied\""), std::string::npos);
  EXPECT_EQ(w.log_text.str().find("s3cret-hook"), std::string::npos);
}

TEST(DaemonTest, BrokenRevisionStaysUnappliedReadyAndShowsItsDiagnostics) {
  World w;
  w.Start(w.Config());
  ASSERT_TRUE(WaitFor([&] { return w.Status()["applied_revision"] == w.Head(); }));
  std::string good = w.Head();
  CommitFile(w.origin, "a.txt", "two\n", "second");
  CommitFile(w.origin, "BROKEN", "x\n", "broken");
  cocoplane::testing::Send({"POST",
                            w.Url("/hooks/github"),
                            {"X-Hub-Signature-256: " + server::SignHmacSha256("s3cret-hook", "{}")},
                            "{}"});
  ASSERT_TRUE(WaitFor([&] { return w.Status()["last"]["result"] == "not_compiled"; }));
  json status = w.Status();
  EXPECT_EQ(status["applied_revision"], good);
  EXPECT_EQ(status["ready"], true) << "a refused revision keeps the last good state";
  EXPECT_EQ(status["last"]["diagnostics"][0]["id"], "CP1001");
  EXPECT_EQ(status["last"]["diagnostics"][0]["file"], "BROKEN");
  EXPECT_EQ(status["last"]["diagnostics"][0]["line"], 2);
  EXPECT_EQ(w.NodeFile("a.txt"), "one\n");
}

TEST(DaemonTest, HandEditIsSeenWithinASecondAndCorrectModeRestoresIt) {
  World w;
  w.Start(w.Config("correct"));
  ASSERT_TRUE(WaitFor([&] { return w.Status()["applied_revision"] == w.Head(); }));
  ASSERT_TRUE(WaitFor([&] { return !w.Status()["drift"]["checked_at"].is_null(); }));
  WriteFile(w.node + "/etc/cp/a.txt", "tampered\n");
  // Correction is immediate for the first drift of an episode, so either the
  // drift shows or it has already been corrected; the file ends up restored.
  ASSERT_TRUE(WaitFor([&] { return w.NodeFile("a.txt") == "one\n"; }, 5));
  ASSERT_TRUE(WaitFor([&] { return w.Status()["drift"]["items"].empty(); }, 5));
  EXPECT_EQ(w.Status()["drift"]["self_heal_attempts"], 1);
  EXPECT_NE(w.log_text.str().find("correcting drift"), std::string::npos);
}

TEST(DaemonTest, DetectModeReportsModifiedAndMissingInStatusAndMetrics) {
  World w;
  CommitFile(w.origin, "b.txt", "bee\n", "b");
  w.Start(w.Config());
  ASSERT_TRUE(WaitFor([&] { return w.Status()["applied_revision"] == w.Head(); }));
  WriteFile(w.node + "/etc/cp/a.txt", "tampered\n");
  std::remove((w.node + "/etc/cp/b.txt").c_str());
  ASSERT_TRUE(WaitFor([&] { return w.Status()["drift"]["items"].size() == 2; }, 5));
  json items = w.Status()["drift"]["items"];
  EXPECT_EQ(items[0]["kind"], "modified");
  EXPECT_EQ(items[0]["address"], "/etc/cp/a.txt");
  EXPECT_EQ(items[1]["kind"], "missing");
  EXPECT_EQ(w.NodeFile("a.txt"), "tampered\n") << "detect mode never writes";
  std::string metrics = cocoplane::testing::Get(w.Url("/metrics")).body;
  EXPECT_NE(metrics.find("cocoplane_drift_items{kind=\"modified\",target=\"node/snp\"} 1"),
            std::string::npos)
      << metrics;
}

TEST(DaemonTest, CorrectModeLeavesObjectsThatOptOutAndGitChangesStillReachThem) {
  World w;
  CommitFile(w.origin, "b.txt", "bee\n", "b");
  CommitFile(w.origin, "c.txt", "sea\n", "c");
  // b.txt: report only; c.txt: not checked at all.
  CommitFile(w.origin, "DRIFT", "b.txt detect\nc.txt ignore\n", "opt-outs");
  w.Start(w.Config("correct"));
  ASSERT_TRUE(WaitFor([&] { return w.Status()["applied_revision"] == w.Head(); }));
  json record = w.Status()["record"]["current"]["objects"];
  ASSERT_EQ(record.size(), 3u);
  EXPECT_FALSE(record[0].contains("drift")) << record.dump();
  EXPECT_EQ(record[1]["drift"], "detect");
  EXPECT_EQ(record[2]["drift"], "ignore");

  // The opted-out objects first, so every correction run sees them edited.
  WriteFile(w.node + "/etc/cp/b.txt", "tampered b\n");
  WriteFile(w.node + "/etc/cp/c.txt", "tampered c\n");
  WriteFile(w.node + "/etc/cp/a.txt", "tampered a\n");
  ASSERT_TRUE(WaitFor([&] { return w.NodeFile("a.txt") == "one\n"; }, 5)) << w.log_text.str();
  // After the correction: b is still reported (detect only), c never is.
  ASSERT_TRUE(WaitFor([&] { return w.Status()["drift"]["items"].size() == 1; }, 5))
      << w.Status()["drift"].dump();
  json item = w.Status()["drift"]["items"][0];
  EXPECT_EQ(item["address"], "/etc/cp/b.txt");
  EXPECT_EQ(item["kind"], "modified");
  EXPECT_EQ(item["detect_only"], true);
  EXPECT_EQ(w.NodeFile("b.txt"), "tampered b\n") << "an object opted out is never corrected";
  EXPECT_EQ(w.NodeFile("c.txt"), "tampered c\n");
  EXPECT_NE(w.log_text.str().find("left as edited"), std::string::npos);
  // No loop of corrections for the drift that stays: longer than the
  // first backoff step (2 s), no new attempt.
  int attempts = w.Status()["drift"]["self_heal_attempts"].get<int>();
  EXPECT_GE(attempts, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(w.Status()["drift"]["self_heal_attempts"], attempts);

  // Git still reaches opted-out objects: a new desired value is written.
  CommitFile(w.origin, "b.txt", "bee two\n", "b changes in git");
  CommitFile(w.origin, "c.txt", "sea two\n", "c changes in git");
  w.daemon->ReconcileNow();
  EXPECT_EQ(w.NodeFile("b.txt"), "bee two\n");
  EXPECT_EQ(w.NodeFile("c.txt"), "sea two\n");
}

TEST(DaemonTest, ATargetsOwnDetectModeOverridesCorrectAndCorrectionRunsLeaveIt) {
  World w;
  config::DaemonConfig c = w.Config("correct");
  c.nodes[0].drift_mode = "detect";
  w.Start(c);
  ASSERT_TRUE(WaitFor([&] { return w.Status()["applied_revision"] == w.Head(); }));
  WriteFile(w.node + "/etc/cp/a.txt", "tampered\n");
  ASSERT_TRUE(WaitFor([&] { return w.Status()["drift"]["items"].size() == 1; }, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(w.NodeFile("a.txt"), "tampered\n") << "node/snp is in detect mode";
  EXPECT_EQ(w.Status()["drift"]["self_heal_attempts"], 0);
  EXPECT_EQ(w.log_text.str().find("correcting drift"), std::string::npos);
}

}  // namespace
}  // namespace cocoplane::app
