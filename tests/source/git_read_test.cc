// ReadCommit against the git CLI: a repository built by `git`, read by
// libgit2 from the object database, must give the Snapshot that
// ReadDirectory gives for a `git` checkout of the same commit.
#include <gtest/gtest.h>

#include <map>

#include "base/snapshot.h"
#include "source/dir_source.h"
#include "source/git_source.h"
#include "source/git_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::source {
namespace {

using ::cocoplane::testing::CommitFile;
using ::cocoplane::testing::MakeSampleRepo;
using ::cocoplane::testing::MustRun;
using ::cocoplane::testing::TempDir;

// Same paths, types, sizes, bytes and blob ids; origin and revision aside.
std::string Paths(const Snapshot& snap) {
  std::string out;
  for (const auto& [path, file] : snap.files) out += path + "\n";
  return out;
}

void ExpectSameFiles(const Snapshot& actual, const Snapshot& expected) {
  ASSERT_EQ(Paths(actual), Paths(expected));
  for (const auto& [path, want] : expected.files) {
    const SnapshotFile* got = actual.Find(path);
    ASSERT_NE(got, nullptr) << path;
    EXPECT_EQ(got->type, want.type) << path;
    EXPECT_EQ(got->size, want.size) << path;
    EXPECT_EQ(got->bytes, want.bytes) << path;
    EXPECT_EQ(got->blob_id, want.blob_id) << path;
  }
}

// Removes the symbolic links from `snap`, returning them.
std::map<std::string, SnapshotFile> TakeLinks(Snapshot* snap) {
  std::map<std::string, SnapshotFile> links;
  for (auto it = snap->files.begin(); it != snap->files.end();) {
    if (it->second.type == SnapshotFile::Type::kSymlink) {
      links.insert(snap->files.extract(it++));
    } else {
      ++it;
    }
  }
  return links;
}

TEST(ReadCommitTest, MatchesDirectorySnapshotOfCheckout) {
  TempDir tmp;
  std::string commit = MakeSampleRepo(tmp / "repo");
  MustRun(tmp.path(), "git clone -q repo checkout");

  Result<Snapshot> from_git = ReadCommit(tmp / "repo", "main");
  Result<Snapshot> from_dir = ReadDirectory(tmp / "checkout");

  ASSERT_OK(from_git.status());
  ASSERT_OK(from_dir.status());
  // Links are compared with the checkout itself: ReadDirectory derives paths
  // with fs::relative(), which resolves links, so today it files "link"
  // under its target's path (reported to the lead; fix: lexically_relative).
  std::map<std::string, SnapshotFile> links = TakeLinks(&*from_git);
  TakeLinks(&*from_dir);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links["link"].bytes, MustRun(tmp / "checkout", "readlink link"));
  EXPECT_EQ(links["link"].blob_id, MustRun(tmp / "repo", "git rev-parse HEAD:link"));
  ExpectSameFiles(*from_git, *from_dir);
  EXPECT_EQ(from_git->revision, commit);
  EXPECT_EQ(from_git->origin, tmp / "repo" + "@" + commit.substr(0, 12));
}

TEST(ReadCommitTest, RecordsLinksExecutablesNestedAndOversizeFiles) {
  TempDir tmp;
  MakeSampleRepo(tmp / "repo");

  Result<Snapshot> snap = ReadCommit(tmp / "repo", "main");

  ASSERT_OK(snap.status());
  const SnapshotFile* link = snap->Find("link");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->type, SnapshotFile::Type::kSymlink);
  EXPECT_EQ(link->bytes, "config/a/b/deep.yaml");
  const SnapshotFile* deep = snap->Find("config/a/b/deep.yaml");
  ASSERT_NE(deep, nullptr);
  EXPECT_EQ(deep->bytes, "kind: Deep\nvalue: 1\n");
  // The blob id is git's own, as `git rev-parse` prints it.
  EXPECT_EQ(deep->blob_id, MustRun(tmp / "repo", "git rev-parse HEAD:config/a/b/deep.yaml"));
  const SnapshotFile* script = snap->Find("bin/run.sh");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->type, SnapshotFile::Type::kRegular);
  const SnapshotFile* big = snap->Find("big.bin");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->type, SnapshotFile::Type::kOversize);
  EXPECT_EQ(big->size, kMaxSnapshotFileBytes + 1);
  EXPECT_TRUE(big->bytes.empty());
}

TEST(ReadCommitTest, PeelsAnnotatedTagAndAcceptsShortIdInBareRepository) {
  TempDir tmp;
  std::string v1 = MakeSampleRepo(tmp / "repo");
  std::string v2 = CommitFile(tmp / "repo", "README.md", "# changed\n", "second");
  MustRun(tmp.path(), "git clone -q --bare repo bare.git");

  Result<Snapshot> tagged = ReadCommit(tmp / "bare.git", "v1");
  Result<Snapshot> by_short_id = ReadCommit(tmp / "bare.git", v2.substr(0, 10));

  ASSERT_OK(tagged.status());
  EXPECT_EQ(tagged->revision, v1);
  EXPECT_EQ(tagged->Find("README.md")->bytes, "# sample\n");
  ASSERT_OK(by_short_id.status());
  EXPECT_EQ(by_short_id->revision, v2);
  EXPECT_EQ(by_short_id->Find("README.md")->bytes, "# changed\n");
}

TEST(ReadCommitTest, SkipsSubmodules) {
  TempDir tmp;
  std::string commit = MakeSampleRepo(tmp / "repo");
  // A gitlink entry, as `git submodule add` would record it.
  MustRun(tmp / "repo", "git update-index --add --cacheinfo 160000," + commit +
                            ",vendor/sub && git commit -q -m 'add submodule'");

  Result<Snapshot> snap = ReadCommit(tmp / "repo", "HEAD");

  ASSERT_OK(snap.status());
  EXPECT_EQ(snap->Find("vendor/sub"), nullptr);
  EXPECT_NE(snap->Find("README.md"), nullptr);
}

TEST(ReadCommitTest, MissingRevisionIsNotFound) {
  TempDir tmp;
  MakeSampleRepo(tmp / "repo");

  Result<Snapshot> snap = ReadCommit(tmp / "repo", "no-such-branch");

  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), StatusCode::kNotFound);
  EXPECT_NE(snap.status().message().find("no-such-branch"), std::string::npos)
      << snap.status().message();
}

TEST(ReadCommitTest, RevisionThatIsNotACommitIsRejected) {
  TempDir tmp;
  MakeSampleRepo(tmp / "repo");

  Result<Snapshot> snap = ReadCommit(tmp / "repo", "HEAD:README.md");

  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), StatusCode::kInvalidArgument) << snap.status().ToString();
}

TEST(ReadCommitTest, MissingRepositoryIsAnError) {
  TempDir tmp;

  Result<Snapshot> snap = ReadCommit(tmp / "nothing-here", "main");

  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), StatusCode::kNotFound) << snap.status().ToString();
}

TEST(LibGit2FeaturesTest, ReportsWhatDebianBuilds) {
  GitFeatures features = LibGit2Features();

  // Recorded in the test log: the README's transport table depends on it.
  std::printf("libgit2 features: threads=%d https=%d ssh=%d\n", features.threads, features.https,
              features.ssh);
  EXPECT_TRUE(features.threads);
}

}  // namespace
}  // namespace cocoplane::source
