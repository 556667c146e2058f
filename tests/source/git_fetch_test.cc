// GitSource against real servers on loopback: a `git daemon` (git://) and
// local repositories (file:// and plain paths), all built with the git CLI.
#include <gtest/gtest.h>

#include "base/snapshot.h"
#include "source/git_source.h"
#include "source/git_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::source {
namespace {

using ::cocoplane::testing::CommitFile;
using ::cocoplane::testing::GitDaemon;
using ::cocoplane::testing::MakeSampleRepo;
using ::cocoplane::testing::MustRun;
using ::cocoplane::testing::TempDir;

GitSourceConfig Config(const std::string& url, GitRef ref, const std::string& cache_dir) {
  GitSourceConfig config;
  config.url = url;
  config.ref = std::move(ref);
  config.cache_dir = cache_dir;
  return config;
}

std::unique_ptr<GitSource> MustOpen(GitSourceConfig config) {
  Result<std::unique_ptr<GitSource>> source = GitSource::Open(std::move(config));
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  return source.ok() ? std::move(source).value() : nullptr;
}

// A work tree "work" with the sample commit, published as bare "srv/repo.git".
struct Server {
  explicit Server(const TempDir& tmp) : work(tmp / "work"), bare(tmp / "srv/repo.git") {
    first = MakeSampleRepo(work);
    MustRun(tmp.path(), "mkdir -p srv && git clone -q --bare work srv/repo.git");
    MustRun(work, "git remote add origin " + bare);
  }
  std::string Push(const std::string& path, const std::string& bytes) {
    std::string commit = CommitFile(work, path, bytes, "change " + path);
    MustRun(work, "git push -q origin main");
    return commit;
  }
  std::string work;
  std::string bare;
  std::string first;
};

TEST(GitSourceTest, FetchesOverGitDaemonAndSnapshotsTheCommit) {
  TempDir tmp;
  Server server(tmp);
  GitDaemon daemon(tmp / "srv");
  ASSERT_TRUE(daemon.ok()) << "git daemon did not start";
  auto source = MustOpen(
      Config(daemon.Url("repo.git"), {GitRef::Kind::kBranch, "main"}, tmp / "state/mirror.git"));
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();
  ASSERT_OK(fetched.status());
  Result<Snapshot> snap = source->ReadSnapshot(fetched->commit);
  Result<Snapshot> expected = ReadCommit(server.bare, "main");

  EXPECT_EQ(fetched->commit, server.first);
  EXPECT_TRUE(fetched->changed);
  EXPECT_FALSE(fetched->history_rewritten);
  ASSERT_OK(snap.status());
  ASSERT_OK(expected.status());
  EXPECT_EQ(snap->revision, server.first);
  EXPECT_EQ(snap->origin, daemon.Url("repo.git") + "@" + server.first.substr(0, 12));
  ASSERT_EQ(snap->files.size(), expected->files.size());
  for (const auto& [path, file] : expected->files) {
    ASSERT_NE(snap->Find(path), nullptr) << path;
    EXPECT_EQ(snap->Find(path)->blob_id, file.blob_id) << path;
    EXPECT_EQ(snap->Find(path)->bytes, file.bytes) << path;
    EXPECT_EQ(snap->Find(path)->type, file.type) << path;
  }
}

TEST(GitSourceTest, DetectsForcePushOverGitDaemon) {
  TempDir tmp;
  Server server(tmp);
  GitDaemon daemon(tmp / "srv");
  ASSERT_TRUE(daemon.ok()) << "git daemon did not start";
  auto source =
      MustOpen(Config(daemon.Url("repo.git"), {GitRef::Kind::kBranch, "main"}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);
  Result<FetchResult> initial = source->Fetch();
  ASSERT_OK(initial.status());
  std::string second = server.Push("app.yaml", "replicas: 1\n");

  Result<FetchResult> fast_forward = source->Fetch(server.first);
  ASSERT_OK(fast_forward.status());
  EXPECT_EQ(fast_forward->commit, second);
  EXPECT_TRUE(fast_forward->changed);
  EXPECT_FALSE(fast_forward->history_rewritten);

  // Rewrite the last commit and force-push it over `second`.
  MustRun(server.work, "git commit -q --amend -m 'rewritten' && git push -q -f origin main");
  std::string rewritten = MustRun(server.work, "git rev-parse HEAD");
  Result<FetchResult> forced = source->Fetch(second);

  ASSERT_OK(forced.status());
  EXPECT_EQ(forced->commit, rewritten);
  EXPECT_EQ(forced->last_applied, second);
  EXPECT_TRUE(forced->changed);
  EXPECT_TRUE(forced->history_rewritten);
  // The replaced commit is still in the mirror, and known not to be an ancestor.
  EXPECT_TRUE(*source->IsDescendant(rewritten, server.first));
  EXPECT_FALSE(*source->IsDescendant(rewritten, second));
}

TEST(GitSourceTest, UnchangedRefIsNotAChange) {
  TempDir tmp;
  Server server(tmp);
  auto source = MustOpen(
      Config("file://" + server.bare, {GitRef::Kind::kBranch, "main"}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch(server.first);

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, server.first);
  EXPECT_FALSE(fetched->changed);
  EXPECT_FALSE(fetched->history_rewritten);
}

TEST(GitSourceTest, FetchesAnnotatedTagFromPlainPath) {
  TempDir tmp;
  Server server(tmp);
  MustRun(server.work, "git push -q origin v1");
  server.Push("later.txt", "after the tag\n");
  auto source = MustOpen(Config(server.bare, {GitRef::Kind::kTag, "v1"}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, server.first);
  Result<Snapshot> snap = source->ReadSnapshot(fetched->commit);
  ASSERT_OK(snap.status());
  EXPECT_EQ(snap->Find("later.txt"), nullptr);
}

TEST(GitSourceTest, FetchesPinnedCommitOnce) {
  TempDir tmp;
  Server server(tmp);
  std::string second = server.Push("app.yaml", "replicas: 2\n");
  auto source = MustOpen(
      Config("file://" + server.bare, {GitRef::Kind::kCommit, server.first}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();
  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, server.first);
  // Once mirrored, the pinned commit needs no server at all.
  MustRun(tmp.path(), "rm -rf srv");
  Result<FetchResult> again = source->Fetch(server.first);

  ASSERT_OK(again.status());
  EXPECT_EQ(again->commit, server.first);
  EXPECT_FALSE(again->changed);
  EXPECT_NE(second, server.first);
}

TEST(GitSourceTest, MissingBranchTagOrCommitIsNotFound) {
  TempDir tmp;
  Server server(tmp);
  std::string url = "file://" + server.bare;
  auto branch = MustOpen(Config(url, {GitRef::Kind::kBranch, "nope"}, tmp / "m1.git"));
  auto tag = MustOpen(Config(url, {GitRef::Kind::kTag, "v9"}, tmp / "m2.git"));
  auto commit =
      MustOpen(Config(url, {GitRef::Kind::kCommit, std::string(40, 'a')}, tmp / "m3.git"));
  ASSERT_TRUE(branch && tag && commit);

  Result<FetchResult> b = branch->Fetch();
  Result<FetchResult> t = tag->Fetch();
  Result<FetchResult> c = commit->Fetch();

  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kNotFound);
  EXPECT_NE(b.status().message().find("refs/heads/nope"), std::string::npos);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound) << c.status().ToString();
}

TEST(GitSourceTest, BranchDeletedOnServerIsNotFoundNotStale) {
  TempDir tmp;
  Server server(tmp);
  MustRun(server.work, "git push -q origin main:release");
  auto source = MustOpen(
      Config("file://" + server.bare, {GitRef::Kind::kBranch, "release"}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);
  Result<FetchResult> initial = source->Fetch();
  ASSERT_OK(initial.status());
  MustRun(server.work, "git push -q origin :release");

  Result<FetchResult> fetched = source->Fetch(server.first);

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kNotFound);
}

TEST(GitSourceTest, UnreachableServerIsUnavailable) {
  TempDir tmp;
  int port = ::cocoplane::testing::FreeLoopbackPort();
  auto source = MustOpen(Config("git://127.0.0.1:" + std::to_string(port) + "/none.git",
                                {GitRef::Kind::kBranch, "main"}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kUnavailable) << fetched.status().ToString();
}

TEST(GitSourceTest, IsDescendantOfUnknownCommitIsFalse) {
  TempDir tmp;
  Server server(tmp);
  auto source = MustOpen(Config(server.bare, {GitRef::Kind::kBranch, "main"}, tmp / "mirror.git"));
  ASSERT_NE(source, nullptr);
  Result<FetchResult> initial = source->Fetch();
  ASSERT_OK(initial.status());

  Result<bool> unknown = source->IsDescendant(server.first, std::string(40, 'b'));
  Result<bool> itself = source->IsDescendant(server.first, server.first);

  ASSERT_OK(unknown.status());
  EXPECT_FALSE(*unknown);
  ASSERT_OK(itself.status());
  EXPECT_TRUE(*itself);
}

TEST(GitSourceTest, ReopensAnExistingMirror) {
  TempDir tmp;
  Server server(tmp);
  GitSourceConfig config = Config(server.bare, {GitRef::Kind::kBranch, "main"}, tmp / "mirror.git");
  Result<FetchResult> initial = MustOpen(config)->Fetch();
  ASSERT_OK(initial.status());

  auto reopened = MustOpen(config);
  ASSERT_NE(reopened, nullptr);
  Result<Snapshot> snap = reopened->ReadSnapshot(server.first);

  ASSERT_OK(snap.status());
  EXPECT_EQ(snap->revision, server.first);
}

}  // namespace
}  // namespace cocoplane::source
