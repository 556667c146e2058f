// The daemon's small pieces, each on its own: self-heal backoff, ref and
// listen parsing, the JSON logger, target paths, the demo's repository,
// key and placeholder resolver.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/components.h"
#include "app/demo.h"
#include "app/demo_repo.h"
#include "app/log.h"
#include "app/self_heal.h"
#include "crypto/es256.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::app {
namespace {

using cocoplane::testing::MustRun;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;

TEST(SelfHealBackoffTest, DelaysGrowByThreeFromTwoSecondsUpToTheCap) {
  EXPECT_EQ(SelfHealBackoff::DelayFor(0), 0);
  EXPECT_EQ(SelfHealBackoff::DelayFor(1), 2);
  EXPECT_EQ(SelfHealBackoff::DelayFor(2), 6);
  EXPECT_EQ(SelfHealBackoff::DelayFor(3), 18);
  EXPECT_EQ(SelfHealBackoff::DelayFor(5), 162);
  EXPECT_EQ(SelfHealBackoff::DelayFor(6), 300);
  EXPECT_EQ(SelfHealBackoff::DelayFor(100), 300);
}

TEST(SelfHealBackoffTest, FirstCorrectionIsImmediateThenPacedThenResetAfterCooldown) {
  SelfHealBackoff b;
  EXPECT_EQ(b.NextAt(1000), 1000);
  b.Attempted(1000);
  EXPECT_EQ(b.NextAt(1000.5), 1002);
  b.Attempted(1002);
  EXPECT_EQ(b.NextAt(1003), 1008);
  b.Attempted(1008);
  // No correction needed for the cooldown: the next episode starts afresh.
  EXPECT_EQ(b.NextAt(1008 + 330), 1338);
  b.Attempted(1338);
  EXPECT_EQ(b.attempts(), 1);
}

TEST(ParseRefTest, CommitTagAndBranch) {
  std::string hex = "0123456789ABCDEF0123456789abcdef01234567";
  Result<source::GitRef> commit = ParseRef(hex);
  ASSERT_OK(commit.status());
  EXPECT_EQ(commit->kind, source::GitRef::Kind::kCommit);
  EXPECT_EQ(commit->name, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(ParseRef("refs/tags/v1.2")->kind, source::GitRef::Kind::kTag);
  EXPECT_EQ(ParseRef("refs/tags/v1.2")->name, "v1.2");
  EXPECT_EQ(ParseRef("tags/v1")->name, "v1");
  EXPECT_EQ(ParseRef("tags/v1")->kind, source::GitRef::Kind::kTag);
  EXPECT_EQ(ParseRef("refs/heads/release/1")->kind, source::GitRef::Kind::kBranch);
  EXPECT_EQ(ParseRef("refs/heads/release/1")->name, "release/1");
  EXPECT_EQ(ParseRef("main")->kind, source::GitRef::Kind::kBranch);
  // 39 hex digits is a branch name, not a commit.
  EXPECT_EQ(ParseRef(hex.substr(1))->kind, source::GitRef::Kind::kBranch);
  EXPECT_FALSE(ParseRef("").ok());
  EXPECT_FALSE(ParseRef("refs/tags/").ok());
}

TEST(ParseListenTest, Ipv4Ipv6AndErrors) {
  EXPECT_EQ(ParseListen("127.0.0.1:9400")->address, "127.0.0.1");
  EXPECT_EQ(ParseListen("127.0.0.1:9400")->port, 9400);
  EXPECT_EQ(ParseListen("[::1]:0")->address, "::1");
  EXPECT_EQ(ParseListen("[::1]:0")->port, 0);
  EXPECT_FALSE(ParseListen("9400").ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:").ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:70000").ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:http").ok());
}

TEST(LoggerTest, OneJsonObjectPerLineWithTsLevelMsgFields) {
  std::ostringstream out;
  Logger log(&out, [] { return 1764201600.25; });
  log.Info("reconcile applied", {{"revision", std::string("abc")},
                                 {"written", std::int64_t{3}},
                                 {"seconds", 0.5},
                                 {"forced", true}});
  log.Error("bad \"quote\"\n", {});
  std::istringstream lines(out.str());
  std::string first, second, none;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, none));
  EXPECT_EQ(first.rfind("{\"ts\":\"2025-11-27T00:00:00.250Z\",\"level\":\"info\",", 0), 0u)
      << first;
  auto a = nlohmann::json::parse(first);
  EXPECT_EQ(a["msg"], "reconcile applied");
  EXPECT_EQ(a["fields"]["revision"], "abc");
  EXPECT_EQ(a["fields"]["written"], 3);
  EXPECT_EQ(a["fields"]["seconds"], 0.5);
  EXPECT_EQ(a["fields"]["forced"], true);
  auto b = nlohmann::json::parse(second);
  EXPECT_EQ(b["level"], "error");
  EXPECT_EQ(b["msg"], "bad \"quote\"\n");
}

TEST(LoggerTest, LinesFromManyThreadsNeverInterleave) {
  std::ostringstream out;
  Logger log(&out, SystemClock());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 200; ++i) log.Info("line", {{"thread", std::int64_t{t}}});
    });
  }
  for (auto& t : threads) t.join();
  std::istringstream lines(out.str());
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_NO_THROW(nlohmann::json::parse(line)) << line;
  }
  EXPECT_EQ(count, 800);
}

TEST(TargetSetTest, PathsOfNodeAndKbsAddresses) {
  config::DaemonConfig c;
  c.nodes.push_back({"snp", "/srv/nodes/snp/", ""});
  c.nodes.push_back({"host", "/", ""});
  c.kbs_storage_dir = "/srv/kbs";
  TargetSet t = TargetsFrom(c);
  ASSERT_EQ(t.all.size(), 3u);
  EXPECT_EQ(t.all[0]->name(), "node/snp");
  EXPECT_EQ(t.all[2]->name(), "kbs-storage");
  EXPECT_EQ(t.PathOf("node/snp", "/etc/kata/a.toml"), "/srv/nodes/snp/etc/kata/a.toml");
  EXPECT_EQ(t.PathOf("node/host", "/etc/kata/a.toml"), "/etc/kata/a.toml");
  EXPECT_EQ(t.PathOf("kbs-storage", "repository/x"), "/srv/kbs/repository/x");
  EXPECT_EQ(t.PathOf("nope", "x"), "");
  EXPECT_EQ(TargetSet::KindOf("node/snp"), "node");
  EXPECT_EQ(TargetSet::KindOf("kbs-storage"), "kbs-storage");
}

TEST(ReadSecretFileTest, FirstLineWithoutLineEndingAndNeverTheValueInErrors) {
  TempDir tmp;
  WriteFile(tmp / "s", "hunter2\r\nsecond line\n");
  EXPECT_EQ(*ReadSecretFile(tmp / "s"), "hunter2");
  WriteFile(tmp / "empty", "\n");
  Result<std::string> empty = ReadSecretFile(tmp / "empty");
  EXPECT_FALSE(empty.ok());
  EXPECT_FALSE(ReadSecretFile(tmp / "missing").ok());
}

TEST(DemoRepositoryTest, CommitsOnceThenOnlyWhenTheDirectoryChanges) {
  TempDir tmp;
  WriteFile(tmp / "dir/a.yaml", "a: 1\n");
  WriteFile(tmp / "dir/sub/b.yaml", "b: 2\n");
  WriteFile(tmp / "dir/run.sh", "#!/bin/sh\n");
  chmod((tmp / "dir/run.sh").c_str(), 0755);
  WriteFile(tmp / "dir/.git/HEAD", "not part of the tree\n");
  std::string repo = tmp / "repo.git";

  Result<DemoCommit> first = SyncDemoRepository(tmp / "dir", repo, 1764201600);
  ASSERT_OK(first.status());
  EXPECT_TRUE(first->committed);
  // The git CLI, an independent reader, sees exactly the directory's files.
  EXPECT_EQ(MustRun(repo, "git rev-parse main"), first->commit);
  EXPECT_EQ(MustRun(repo, "git ls-tree -r --format='%(objectmode) %(path)' main"),
            "100644 a.yaml\n100755 run.sh\n100644 sub/b.yaml");
  EXPECT_EQ(MustRun(repo, "git show main:sub/b.yaml"), "b: 2");

  Result<DemoCommit> again = SyncDemoRepository(tmp / "dir", repo, 1764201700);
  ASSERT_OK(again.status());
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(again->commit, first->commit);

  WriteFile(tmp / "dir/a.yaml", "a: 2\n");
  Result<DemoCommit> changed = SyncDemoRepository(tmp / "dir", repo, 1764201800);
  ASSERT_OK(changed.status());
  EXPECT_TRUE(changed->committed);
  EXPECT_EQ(MustRun(repo, "git rev-parse main^"), first->commit);
  EXPECT_EQ(MustRun(repo, "git show main:a.yaml"), "a: 2");
}

TEST(DemoSealingKeyTest, GeneratesAnOwnerOnlyP256KeyOnceAndKeepsIt) {
  TempDir tmp;
  std::string path = tmp / "key.pem";
  Result<bool> made = EnsureSealingKey(path);
  ASSERT_OK(made.status());
  EXPECT_TRUE(*made);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string pem = *fs::ReadFile(path);
  EXPECT_OK(crypto::ParseEs256PrivateKeyPem(pem).status());
  // OpenSSL itself reads it as a P-256 key.
  EXPECT_NE(MustRun(tmp.path(), "openssl pkey -in key.pem -noout -text").find("prime256v1"),
            std::string::npos);
  EXPECT_FALSE(*EnsureSealingKey(path));
  EXPECT_EQ(*fs::ReadFile(path), pem);
}

TEST(DemoValueResolverTest, RealSourcesResolveMissingOnesBecomeLabelledPlaceholders) {
  TempDir tmp;
  WriteFile(tmp / "value", "real bytes");
  auto used = std::make_shared<DemoValueResolver::Used>();
  DemoValueResolver r(used);
  auto file =
      r.Resolve(R"({"resource":"default/a/b","source":{"file":")" + (tmp / "value") + "\"}}");
  ASSERT_OK(file.status());
  EXPECT_EQ(file->bytes, "real bytes");
  auto vault = r.Resolve(R"({"resource":"default/enckey/key.pem","source":{"vault":"secret/x"}})");
  ASSERT_OK(vault.status());
  EXPECT_EQ(vault->bytes, DemoValueResolver::Placeholder("default/enckey/key.pem"));
  EXPECT_NE(vault->bytes.find("DEMO PLACEHOLDER"), std::string::npos);
  auto env =
      r.Resolve(R"({"resource":"default/c/d","source":{"env":"COCOPLANE_SURELY_UNSET_VAR"}})");
  ASSERT_OK(env.status());
  EXPECT_EQ(used->resources, (std::set<std::string>{"default/c/d", "default/enckey/key.pem"}));
  EXPECT_FALSE(r.Resolve("not json").ok());
}

}  // namespace
}  // namespace cocoplane::app
