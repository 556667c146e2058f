// Which files are read, and the checks on their bytes and links.
#include "model/file_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/limits.h"
#include "model_testing.h"

namespace cocoplane::model {
namespace {

using cocoplane::testing::Brief;
using cocoplane::testing::SnapshotOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

SnapshotFile Link(std::string target) {
  SnapshotFile file;
  file.type = SnapshotFile::Type::kSymlink;
  file.size = target.size();
  file.bytes = std::move(target);
  return file;
}

TEST(FileChecksTest, RolesFollowTheExtensionAndSkipTopLevelTests) {
  EXPECT_EQ(RoleOf("workloads/a.yaml"), FileRole::kYaml);
  EXPECT_EQ(RoleOf("a.yml"), FileRole::kYaml);
  EXPECT_EQ(RoleOf("rv/x.json"), FileRole::kJson);
  EXPECT_EQ(RoleOf("initdata/x.toml"), FileRole::kToml);
  EXPECT_EQ(RoleOf("policies/a.cpl"), FileRole::kIgnored);
  EXPECT_EQ(RoleOf("cluster/ca.pem"), FileRole::kIgnored);
  EXPECT_EQ(RoleOf("README.md"), FileRole::kIgnored);
  EXPECT_EQ(RoleOf("tests/suite.yaml"), FileRole::kIgnored);
  EXPECT_EQ(RoleOf("workloads/tests/a.yaml"), FileRole::kYaml);
}

TEST(FileChecksTest, ResolvesLinkTargetsLexically) {
  EXPECT_EQ(ResolveLinkTarget("a/b/link.yaml", "../c.yaml"), "a/c.yaml");
  EXPECT_EQ(ResolveLinkTarget("link.yaml", "./x/./y.yaml"), "x/y.yaml");
  EXPECT_EQ(ResolveLinkTarget("a/link", "../../outside"), std::nullopt);
  EXPECT_EQ(ResolveLinkTarget("link", "/etc/passwd"), std::nullopt);
  EXPECT_EQ(ResolveLinkTarget("link", ""), std::nullopt);
}

TEST(FileChecksTest, ReportsBlankBinaryAndNonUtf8Text) {
  DiagnosticSink sink;
  EXPECT_FALSE(CheckText("blank.yaml", " \n\t\n", sink));
  EXPECT_FALSE(CheckText("bin.yaml", std::string("a: 1\nb: \0\n", 10), sink));
  EXPECT_FALSE(CheckText("latin1.yaml", "a: 1\nname: caf\xe9\n", sink));
  EXPECT_TRUE(CheckText("ok.yaml", "name: caf\xc3\xa9\n", sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1005 blank.yaml:0:0", "CP1006 bin.yaml:2:4",
                                       "CP1007 latin1.yaml:2:10"));
}

TEST(FileChecksTest, ReadTextFollowsLinksInsideTheRepository) {
  Snapshot snapshot = SnapshotOf({{"real/a.yaml", "a: 1\n"}});
  snapshot.files["link.yaml"] = Link("real/a.yaml");
  snapshot.files["chain.yaml"] = Link("link.yaml");
  DiagnosticSink sink;
  EXPECT_EQ(ReadText(snapshot, "chain.yaml", sink), "a: 1\n");
  EXPECT_THAT(Brief(sink), IsEmpty());
}

TEST(FileChecksTest, ReadTextReportsBrokenLinksLoopsAndOversizeFiles) {
  Snapshot snapshot;
  snapshot.files["dangling.yaml"] = Link("gone.yaml");
  snapshot.files["loop.yaml"] = Link("loop.yaml");
  SnapshotFile big;
  big.type = SnapshotFile::Type::kOversize;
  big.size = 50u << 20;
  snapshot.files["big.yaml"] = big;
  DiagnosticSink sink;
  EXPECT_FALSE(ReadText(snapshot, "dangling.yaml", sink));
  EXPECT_FALSE(ReadText(snapshot, "loop.yaml", sink));
  EXPECT_FALSE(ReadText(snapshot, "big.yaml", sink));
  EXPECT_FALSE(ReadText(snapshot, "not-there.yaml", sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1004 big.yaml:0:0", "CP1014 dangling.yaml:0:0",
                                       "CP1014 loop.yaml:0:0"));
}

TEST(FileChecksTest, EveryLinkLeavingTheRepositoryIsReportedOnce) {
  Snapshot snapshot;
  snapshot.files["keys/host.pem"] = Link("/etc/ssl/private/host.pem");
  snapshot.files["a/up.yaml"] = Link("../../up.yaml");
  snapshot.files["a/in.yaml"] = Link("../b.yaml");
  DiagnosticSink sink;
  CheckSymlinks(snapshot, sink);
  EXPECT_FALSE(ReadText(snapshot, "a/up.yaml", sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1008 a/up.yaml:0:0", "CP1008 keys/host.pem:0:0"));
}

}  // namespace
}  // namespace cocoplane::model
