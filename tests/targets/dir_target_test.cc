#include "targets/dir_target.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "fs/atomic_file.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::targets {
namespace {

std::string FreshDir(const std::string& name) {
  std::string dir = cocoplane::testing::ProcessTempPath("target_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(NodeTargetTest, AcceptsOnlyItsPoolAndMapsToRoot) {
  std::string root = FreshDir("node");
  auto t = NewNodeTarget("snp-a", root);
  EXPECT_EQ(t->name(), "node/snp-a");
  EXPECT_EQ(t->Accepts("node:snp-a:/etc/kata/config.d/50-cocoplane.toml"),
            "/etc/kata/config.d/50-cocoplane.toml");
  EXPECT_EQ(t->Accepts("node:tdx-b:/etc/x"), std::nullopt);
  EXPECT_EQ(t->Accepts("kbs:kbs/resource-policy.rego"), std::nullopt);
  EXPECT_EQ(t->Accepts("node:snp-a:/etc/../../escape"), std::nullopt);
  ASSERT_OK(t->Put("/etc/kata/config.d/50-cocoplane.toml", "[runtime]\n", false));
  EXPECT_EQ(*fs::ReadFile(root + "/etc/kata/config.d/50-cocoplane.toml"), "[runtime]\n");
  struct stat st;
  ASSERT_EQ(::stat((root + "/etc/kata/config.d/50-cocoplane.toml").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(NodeTargetTest, ListsWhatIsPresentBesideManagedFiles) {
  std::string root = FreshDir("list");
  auto t = NewNodeTarget("snp-a", root);
  ASSERT_OK(t->Put("/etc/kata/config.d/50-cocoplane.toml", "a", false));
  ASSERT_OK(fs::WriteFileAtomic(root + "/etc/kata/config.d/99-hand-made.toml", "b", 0644));
  auto listed = t->List({"/etc/kata/config.d/50-cocoplane.toml"});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, (std::vector<std::string>{"/etc/kata/config.d/50-cocoplane.toml",
                                               "/etc/kata/config.d/99-hand-made.toml"}));
}

TEST(KbsStorageTargetTest, UsesLocalFsKeyLayoutAndSecretMode) {
  std::string root = FreshDir("kbs");
  auto t = NewKbsStorageTarget(root);
  auto address = t->Accepts("kbs:repository/default\\x2Fenckey\\x2Fkey.pem");
  ASSERT_TRUE(address.has_value());
  ASSERT_OK(t->Put(*address, "canary-value", true));
  std::string file = root + "/repository/default\\x2Fenckey\\x2Fkey.pem";
  ASSERT_TRUE(std::filesystem::exists(file)) << "LocalFs spells '/' in keys as \\x2F";
  struct stat st;
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*t->Read(*address), "canary-value");
  ASSERT_OK(t->Remove(*address));
  EXPECT_EQ(t->Read(*address).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace cocoplane::targets
