// The commands around the daemon as a user runs them: `apply` and `drift`
// exit codes and output, `serve` reloading its config on SIGHUP, and the
// README's main job, `demo`.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>

#include "desired_repo.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::MustRun;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;
using nlohmann::json;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Fixture {
  TempDir tmp;
  DesiredRepo repo{tmp.path()};
  DaemonUnderTest daemon{tmp.path(), repo};
  Fixture() {
    daemon.options.url = "file://" + repo.work();
    daemon.WriteConfig();
  }
  CliResult Cli(const std::vector<std::string>& args) { return RunCocoplane(args, repo.Env()); }
};

TEST(ApplyCommandTest, AppliesPrintsWhereThenNothingToDoDryRunAndRefusal) {
  Fixture s;
  const std::string& config = s.daemon.config_path;
  CliResult first = s.Cli({"apply", "--config", config});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(Has(first.out, "applied " + s.repo.Head().substr(0, 12))) << first.out;
  EXPECT_TRUE(Has(first.out, "wrote   kbs-storage  " + std::string(kCanaryAddress) + "  -> " +
                                 s.daemon.kbs_dir + "/" + kCanaryAddress))
      << first.out;
  EXPECT_TRUE(Has(first.out, "wrote   node/snp  /")) << first.out;
  EXPECT_TRUE(Has(first.out, "-> " + s.daemon.node_root + "/")) << first.out;
  EXPECT_FALSE(Has(first.out + first.err, kCanaryValue));

  CliResult again = s.Cli({"apply", "--config", config});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "nothing to do")) << again.out;

  auto tree = HashTree(s.daemon.node_root);
  std::string pool = *fs::ReadFile(s.repo.work() + "/pools/snp.yaml");
  pool.replace(pool.find("defaultMemoryMiB: 2048"), 22, "defaultMemoryMiB: 3072");
  s.repo.Commit("pools/snp.yaml", pool, "3 GiB");
  CliResult dry = s.Cli({"apply", "--config", config, "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(Has(dry.out, "would apply")) << dry.out;
  EXPECT_TRUE(Has(dry.out, "write   node/snp")) << dry.out;
  EXPECT_EQ(HashTree(s.daemon.node_root), tree) << "--dry-run writes nothing";

  s.repo.Commit("workloads/oops.yaml", "kind: [unclosed\n", "broken");
  CliResult refused = s.Cli({"apply", "--config", config});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, "workloads/oops.yaml:2:1: error[CP1001]")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "refused")) << refused.err;
  EXPECT_EQ(HashTree(s.daemon.node_root), tree);
}

TEST(ApplyCommandTest, AnUnknownDriftOptOutIsASchemaErrorAtItsLine) {
  Fixture s;
  std::string pool = *fs::ReadFile(s.repo.work() + "/pools/snp.yaml");
  size_t at = pool.find("  name: snp\n");
  ASSERT_NE(at, std::string::npos);
  pool.insert(at + 12, "  labels:\n    cocoplane.io/drift: off\n");
  int line = 1 + static_cast<int>(std::count(pool.begin(), pool.begin() + at + 12, '\n')) + 1;
  s.repo.Commit("pools/snp.yaml", pool, "a typo in the opt-out");
  CliResult refused = s.Cli({"apply", "--config", s.daemon.config_path});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(Has(refused.err, "pools/snp.yaml:" + std::to_string(line) + ":")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "error[CP2008]")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "expected one of: detect, ignore")) << refused.err;
  EXPECT_TRUE(HashTree(s.daemon.node_root).empty()) << "nothing applied";
}

TEST(ApplyCommandTest, ConfigProblemsAreExitTwoWithPositions) {
  Fixture s;
  WriteFile(s.daemon.config_path, s.daemon.ConfigText() + "\n[drift]\ninterval_seconds = 5\n");
  CliResult bad = s.Cli({"apply", "--config", s.daemon.config_path});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, s.daemon.config_path + ":")) << bad.err;
  EXPECT_TRUE(Has(bad.err, "CP7001")) << bad.err;
  WriteFile(s.daemon.config_path, "[drift]\ninterval_second = 5\n");
  bad = s.Cli({"apply", "--config", s.daemon.config_path});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "CP7002")) << bad.err;
  EXPECT_TRUE(Has(bad.err, "did you mean")) << bad.err;
  EXPECT_EQ(s.Cli({"apply", "--config", s.tmp / "missing.toml"}).exit_code, 2);
}

TEST(DriftCommandTest, NoneThenModifiedPendingInEveryFormat) {
  Fixture s;
  ASSERT_EQ(s.Cli({"apply", "--config", s.daemon.config_path}).exit_code, 0);
  CliResult none = s.Cli({"drift", "--config", s.daemon.config_path});
  EXPECT_EQ(none.exit_code, 0) << none.out << none.err;
  EXPECT_TRUE(Has(none.out, "No drift")) << none.out;

  std::string policy;
  for (const auto& [path, sha] : HashTree(s.daemon.kbs_dir)) {
    if (Has(path, "resource-policy.rego")) policy = path;
  }
  ASSERT_FALSE(policy.empty());
  WriteFile(s.daemon.kbs_dir + "/" + policy, "package policy\ndefault allow = true\n");
  s.repo.Commit("README.md", "not applied yet\n", "readme");
  std::string pool = *fs::ReadFile(s.repo.work() + "/pools/snp.yaml");
  pool.replace(pool.find("defaultMemoryMiB: 2048"), 22, "defaultMemoryMiB: 3072");
  s.repo.Commit("pools/snp.yaml", pool, "pending change");

  CliResult text = s.Cli({"drift", "--config", s.daemon.config_path});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_TRUE(Has(text.out, "modified  kbs-storage  " + policy)) << text.out;
  EXPECT_TRUE(Has(text.out, "pending  node/snp")) << text.out;
  CliResult js = s.Cli({"drift", "--config", s.daemon.config_path, "--output", "json"});
  EXPECT_EQ(js.exit_code, 1);
  json doc = json::parse(js.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << js.out;
  CliResult md = s.Cli({"drift", "--config", s.daemon.config_path, "-o", "markdown"});
  EXPECT_EQ(md.exit_code, 1);
  EXPECT_TRUE(Has(md.out, "|")) << md.out;
  EXPECT_TRUE(Has(md.out, "resource-policy.rego")) << md.out;
}

TEST(ServeReloadTest, SighupWithBrokenConfigKeepsServingAndAGoodOneMovesThePort) {
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = "file://" + repo.work();
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  ASSERT_TRUE(daemon.WaitApplied(repo.Head())) << daemon.Stderr();
  int old_port = daemon.port();

  WriteFile(daemon.config_path, daemon.ConfigText() + "\n[drift]\nintervall = 5\n");
  daemon.process()->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return Has(daemon.Stderr(), "reload refused"); }, 30))
      << daemon.Stderr();
  EXPECT_TRUE(Has(daemon.Stderr(), "CP7")) << daemon.Stderr();
  EXPECT_EQ(HttpGet(old_port, "/readyz").status, 200) << "the old config keeps running";

  daemon.options.port = cocoplane::testing::FreeLoopbackPort();
  daemon.WriteConfig();
  daemon.process()->Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return HttpGet(daemon.port(), "/healthz").status == 200; }, 30))
      << daemon.Stderr();
  EXPECT_TRUE(WaitFor([&] { return HttpGet(old_port, "/healthz").status == 0; }, 10));
  EXPECT_TRUE(daemon.WaitApplied(repo.Head()));
  EXPECT_TRUE(Has(daemon.Stderr(), "configuration reloaded"));
  // Every log line is one JSON object.
  std::istringstream lines(daemon.Stderr());
  for (std::string line; std::getline(lines, line);) {
    json l = json::parse(line, nullptr, false);
    ASSERT_TRUE(l.is_object() && l.contains("ts") && l.contains("level") && l.contains("msg"))
        << line;
  }
  EXPECT_EQ(daemon.Stop(), 0);
}

TEST(DemoTest, MainJobCommitsAppliesPrintsAndServesStatusUntilCtrlC) {
  TempDir tmp;
  std::string state = tmp / "state";
  int port = cocoplane::testing::FreeLoopbackPort();
  std::string listen = "127.0.0.1:" + std::to_string(port);
  std::string examples = std::string(COCOPLANE_SOURCE_DIR) + "/examples/repo";
  auto demo =
      StartCocoplane({"demo", examples, "--state", state, "--listen", listen}, {}, tmp.path());
  ASSERT_TRUE(WaitFor([&] { return Has(demo->Stdout(), "status: http://"); }, 120))
      << demo->Stdout() << demo->Stderr();
  std::string out = demo->Stdout();
  EXPECT_TRUE(Has(out, "generated sealed-secret signing key")) << out;
  EXPECT_TRUE(Has(out, "committed " + examples)) << out;
  EXPECT_TRUE(Has(out, "applied ")) << out;
  EXPECT_TRUE(Has(out, "-> " + state + "/nodes/snp/")) << out;
  EXPECT_TRUE(Has(out, "-> " + state + "/kbs/")) << out;
  EXPECT_TRUE(Has(out, "DEMO PLACEHOLDERS")) << out;
  EXPECT_TRUE(Has(out, "default/enckey/key.pem")) << out;
  std::string head = MustRun(state + "/repo.git", "git rev-parse main");
  json status = StatusOf(port);
  EXPECT_EQ(status["applied_revision"], head);
  EXPECT_EQ(HttpGet(port, "/readyz").status, 200);
  // One node target per NodePool of examples/repo.
  std::set<std::string> targets;
  for (const auto& t : status["targets"]) targets.insert(t["name"].get<std::string>());
  EXPECT_EQ(targets,
            (std::set<std::string>{"kbs-storage", "node/snp", "node/snp-gpu", "node/tdx-gpu"}));
  // As the README says: edit a file under the node directory, see drift.
  std::string dropin;
  for (const auto& [path, sha] : HashTree(state + "/nodes/snp")) {
    if (Has(path, "config.d")) dropin = "/" + path;
  }
  ASSERT_FALSE(dropin.empty());
  WriteFile(state + "/nodes/snp" + dropin, "# edited by hand\n");
  EXPECT_TRUE(WaitFor(
      [&] {
        json items = StatusOf(port)["drift"]["items"];
        return items.size() == 1 && items[0]["address"] == dropin &&
               items[0]["kind"] == "modified" && items[0]["target"] == "node/snp";
      },
      5))
      << StatusOf(port)["drift"].dump(2);
  demo->Signal(SIGINT);
  EXPECT_TRUE(WaitFor([&] { return !demo->Running(); }, 60));
  EXPECT_EQ(demo->Terminate(1), 0) << demo->Stderr();

  // Again, unchanged: no new commit, nothing to apply.
  auto again =
      StartCocoplane({"demo", examples, "--state", state, "--listen", listen}, {}, tmp.path());
  ASSERT_TRUE(WaitFor([&] { return Has(again->Stdout(), "status: http://"); }, 120))
      << again->Stderr();
  EXPECT_TRUE(Has(again->Stdout(), "unchanged: " + examples)) << again->Stdout();
  EXPECT_TRUE(Has(again->Stdout(), "nothing to do")) << again->Stdout();
  EXPECT_EQ(MustRun(state + "/repo.git", "git rev-parse main"), head);
  again->Signal(SIGTERM);
  EXPECT_TRUE(WaitFor([&] { return !again->Running(); }, 60));
}

}  // namespace
}  // namespace cocoplane::integration
