// `cocoplane serve` end to end with the real compiler: a commit pushed to a
// repository served by `git daemon`, a signed GitHub webhook, and the node
// and kbs-storage directories holding the new artifacts; a broken commit
// that changes nothing.
#include <gtest/gtest.h>

#include "desired_repo.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::GitDaemon;
using cocoplane::testing::TempDir;

// The Kata drop-in of pool snp, as the node target holds it.
std::string DropIn(const DaemonUnderTest& d) {
  for (const auto& [path, sha] : HashTree(d.node_root)) {
    if (path.find("config.d") != std::string::npos) return d.node_root + "/" + path;
  }
  return "";
}

TEST(ApplyFlowTest, PushedCommitAndSignedWebhookLandInBothTargets) {
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  GitDaemon git(tmp.path());
  ASSERT_TRUE(git.ok());
  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = git.Url("desired");
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  ASSERT_TRUE(daemon.WaitApplied(repo.Head())) << daemon.Stderr();
  EXPECT_EQ(HttpGet(daemon.port(), "/readyz").status, 200);
  ASSERT_FALSE(DropIn(daemon).empty()) << "the node target holds the Kata drop-in";
  EXPECT_TRUE(std::filesystem::exists(daemon.kbs_dir + "/" + kCanaryAddress));
  EXPECT_EQ(*fs::ReadFile(daemon.kbs_dir + "/" + kCanaryAddress), kCanaryValue);

  // A change to the pool's Kata settings and a new resource value file.
  std::string pool = *fs::ReadFile(repo.work() + "/pools/snp.yaml");
  size_t at = pool.find("defaultMemoryMiB: 2048");
  ASSERT_NE(at, std::string::npos);
  pool.replace(at, 22, "defaultMemoryMiB: 4096");
  std::string before = *fs::ReadFile(DropIn(daemon));
  repo.Commit("pools/snp.yaml", pool, "snp: 4 GiB guests");
  // And a new KBS resource, read from a file at apply time.
  cocoplane::testing::WriteFile(tmp.path() + "/values/extra", "extra value\n");
  std::string head =
      repo.Commit("resources/extra.yaml",
                  "apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: extra\n"
                  "spec:\n  path: default/extra/value\n  kind: other\n  source:\n    file: " +
                      tmp.path() + "/values/extra\n",
                  "a new resource");
  EXPECT_EQ(daemon.PushWebhook(), 202);
  ASSERT_TRUE(daemon.WaitApplied(head)) << daemon.Stderr();
  std::string after = *fs::ReadFile(DropIn(daemon));
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("4096"), std::string::npos) << after;
  Result<std::string> extra =
      fs::ReadFile(daemon.kbs_dir + "/repository/default\\x2Fextra\\x2Fvalue");
  ASSERT_TRUE(extra.ok()) << "the kbs-storage target holds the new resource";
  EXPECT_EQ(*extra, "extra value\n");
  nlohmann::json status = daemon.Status();
  EXPECT_EQ(status["last"]["result"], "applied");
  EXPECT_EQ(status["ready"], true);
  EXPECT_EQ(daemon.Stop(), 0) << daemon.Stderr();
}

TEST(ApplyFlowTest, SyntaxErrorIsNotAppliedAndTheNextGoodCommitIs) {
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  GitDaemon git(tmp.path());
  ASSERT_TRUE(git.ok());
  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = git.Url("desired");
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  std::string good = repo.Head();
  ASSERT_TRUE(daemon.WaitApplied(good)) << daemon.Stderr();
  auto node_before = HashTree(daemon.node_root);
  auto kbs_before = HashTree(daemon.kbs_dir);
  ASSERT_FALSE(node_before.empty());

  // Line 3 opens a flow mapping that never closes.
  std::string bad = repo.Commit(
      "pools/broken.yaml",
      "apiVersion: cocoplane.io/v1alpha1\nkind: NodePool\nmetadata: {name: x\n", "broken YAML");
  EXPECT_EQ(daemon.PushWebhook(), 202);
  ASSERT_TRUE(WaitFor([&] { return daemon.Last("revision") == bad; }, 90));
  nlohmann::json status = daemon.Status();
  EXPECT_EQ(status["last"]["result"], "not_compiled");
  EXPECT_EQ(status["applied_revision"], good);
  EXPECT_EQ(status["desired_revision"], bad);
  // The error, among the warnings the rest of the repository may carry.
  nlohmann::json error;
  for (const auto& d : status["last"]["diagnostics"]) {
    if (d["severity"] == "error") error = d;
  }
  ASSERT_TRUE(error.is_object()) << status["last"].dump(2);
  EXPECT_EQ(error["id"], "CP1001") << error.dump();
  EXPECT_EQ(error["file"], "pools/broken.yaml");
  EXPECT_GE(error["line"].get<int>(), 3);
  EXPECT_GE(error["column"].get<int>(), 1);
  EXPECT_EQ(HttpGet(daemon.port(), "/readyz").status, 200) << "the last good state is still served";
  EXPECT_EQ(HashTree(daemon.node_root), node_before) << "no byte changed on the node";
  EXPECT_EQ(HashTree(daemon.kbs_dir), kbs_before) << "no byte changed in the KBS storage";

  std::string next = repo.Remove("pools/broken.yaml", "drop broken.yaml");
  EXPECT_EQ(daemon.PushWebhook(), 202);
  ASSERT_TRUE(daemon.WaitApplied(next)) << daemon.Stderr();
  EXPECT_EQ(daemon.Status()["last"]["result"], "applied");
  EXPECT_EQ(daemon.Stop(), 0);
}

}  // namespace
}  // namespace cocoplane::integration
