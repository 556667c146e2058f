// The synthetic-repository generator: deterministic, and every repository
// it writes is a real git history whose every commit validates, compiles
// without a single diagnostic and passes its own policy tests.
#include "bench/gen/generator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "bench/gen/render.h"
#include "compile/compiler.h"
#include "cpl/testing/load.h"
#include "cpl/testing/runner.h"
#include "crypto/digest.h"
#include "crypto/es256.h"
#include "gen/trustee/versions.h"
#include "source/git_source.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::bench {
namespace {

RepoShape Small() {
  RepoShape s;
  s.workloads = 40;
  s.resources = 25;
  s.pools = 6;
  s.rules = 9;
  s.cases = 120;
  s.commits = 3;
  s.seed = 42;
  return s;
}

std::string FreshDir(const std::string& name) {
  std::string dir = cocoplane::testing::ProcessTempPath("bench_gen_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

compile::CompileOptions Options() {
  compile::CompileOptions o;
  auto key = crypto::Es256PrivateKeyFromScalar(
      crypto::Digest(crypto::HashAlgorithm::kSha256, "bench generator test key"));
  o.sealing_key_pem = crypto::Es256PrivateKeyToPem(*key);
  return o;
}

// Compiles commit `rev`; the sink must stay empty (no warning either).
std::optional<compile::Compilation> CompileCommit(const std::string& repo, const std::string& rev,
                                                  Snapshot* out = nullptr) {
  Result<Snapshot> snap = source::ReadCommit(repo, rev);
  EXPECT_TRUE(snap.ok()) << snap.status().ToString();
  if (!snap.ok()) return std::nullopt;
  DiagnosticSink sink;
  std::optional<compile::Compilation> c = compile::Compile(*snap, Options(), sink);
  EXPECT_TRUE(sink.empty()) << rev << ":\n" << cocoplane::testing::Describe(sink);
  if (out) *out = std::move(*snap);
  return c;
}

TEST(LayoutTest, TheSameSeedGivesTheSameFiles) {
  RepoShape other = Small();
  other.seed = 43;

  RepoFiles a = RenderRepository(MakeLayout(Small()));
  RepoFiles b = RenderRepository(MakeLayout(Small()));
  RepoFiles c = RenderRepository(MakeLayout(other));

  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(LayoutTest, EveryAppHasWorkloadsAndResources) {
  Layout layout = MakeLayout(Small());

  ASSERT_EQ(layout.apps.size(), 9u);
  for (const AppSpec& app : layout.apps) {
    EXPECT_FALSE(app.workloads.empty()) << app.name;
    EXPECT_FALSE(app.resources.empty()) << app.name;
  }
  EXPECT_EQ(layout.workloads.size(), 40u);
  EXPECT_EQ(layout.resources.size(), 25u);
  EXPECT_EQ(layout.pools.size(), 6u);
}

TEST(LayoutTest, RefusesShapesThatCannotBeLaidOut) {
  RepoShape more_rules_than_workloads = Small();
  more_rules_than_workloads.rules = 41;
  RepoShape no_commit = Small();
  no_commit.commits = 0;

  EXPECT_EQ(CheckShape(more_rules_than_workloads).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckShape(no_commit).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateRepository(no_commit, FreshDir("refused")).code(),
            StatusCode::kInvalidArgument);
}

TEST(LayoutTest, AnEditChangesOneWorkload) {
  Layout before = MakeLayout(Small());
  Layout after = before;

  int w = EditForCommit(after, 1);

  for (size_t i = 0; i < before.workloads.size(); ++i) {
    bool same =
        RenderWorkload(before, static_cast<int>(i)) == RenderWorkload(after, static_cast<int>(i));
    EXPECT_EQ(same, static_cast<int>(i) != w) << before.workloads[i].name;
  }
}

TEST(GeneratorTest, EveryCommitCompilesWithoutADiagnostic) {
  std::string repo = FreshDir("history");
  ASSERT_OK(GenerateRepository(Small(), repo));

  Snapshot head, parent;
  std::optional<compile::Compilation> first = CompileCommit(repo, "HEAD~2");
  std::optional<compile::Compilation> second = CompileCommit(repo, "HEAD~1", &parent);
  std::optional<compile::Compilation> third = CompileCommit(repo, "HEAD", &head);

  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(third->bundle.bindings.size(), 40u);
  // Commit 2 changed exactly one file, a workload.
  std::vector<std::string> changed;
  for (const auto& [path, file] : head.files) {
    if (parent.Find(path)->blob_id != file.blob_id) changed.push_back(path);
  }
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].rfind("workloads/", 0), 0u) << changed[0];
}

TEST(GeneratorTest, CommitIdsFollowFromTheShape) {
  std::string a = FreshDir("ids_a"), b = FreshDir("ids_b");
  ASSERT_OK(GenerateRepository(Small(), a));
  ASSERT_OK(GenerateRepository(Small(), b));

  Result<Snapshot> head_a = source::ReadCommit(a, "HEAD");
  Result<Snapshot> head_b = source::ReadCommit(b, "HEAD");

  ASSERT_TRUE(head_a.ok() && head_b.ok());
  EXPECT_EQ(head_a->revision, head_b->revision);
}

TEST(GeneratorTest, AppendedCommitsContinueTheHistory) {
  std::string repo = FreshDir("append");
  ASSERT_OK(GenerateRepository(Small(), repo));

  Result<std::string> id = AppendEditCommit(Small(), repo, 3);

  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Snapshot head;
  ASSERT_TRUE(CompileCommit(repo, "HEAD", &head).has_value());
  EXPECT_EQ(head.revision, *id);
  EXPECT_EQ(AppendEditCommit(Small(), repo, 1).status().code(), StatusCode::kInvalidArgument);
}

TEST(GeneratorTest, TheGeneratedTestCasesAllPass) {
  std::string repo = FreshDir("cases");
  ASSERT_OK(GenerateRepository(Small(), repo));
  Snapshot head;
  std::optional<compile::Compilation> c = CompileCommit(repo, "HEAD", &head);
  ASSERT_TRUE(c.has_value());
  DiagnosticSink sink;

  std::vector<cpl::testing::Suite> suites = cpl::testing::LoadSuites(head, sink);
  auto runner = cpl::testing::Runner::Create(c->policy, *gen::trustee::FactsFor("0.21.0"));
  ASSERT_TRUE(runner.ok()) << runner.status().ToString();
  auto prepared = runner->Prepare(suites, sink);
  cpl::testing::RunReport report = runner->Run(suites, prepared);

  EXPECT_TRUE(sink.empty()) << cocoplane::testing::Describe(sink);
  EXPECT_EQ(report.total(), 120u);
  EXPECT_EQ(report.count(cpl::testing::Verdict::kPass), 120u);
}

TEST(GeneratorTest, CocoplaneValidateAcceptsTheWorkingTree) {
  std::string repo = FreshDir("validate");
  ASSERT_OK(GenerateRepository(Small(), repo));
  std::string out = cocoplane::testing::ProcessTempPath("bench_gen_validate.txt");

  int rc = std::system(
      (std::string(COCOPLANE_BINARY) + " validate " + repo + " > " + out + " 2>&1").c_str());

  std::ifstream printed(out);
  std::string text((std::istreambuf_iterator<char>(printed)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << text;
  EXPECT_EQ(text, "0 errors, 0 warnings\n");
}

}  // namespace
}  // namespace cocoplane::bench
