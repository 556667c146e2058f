#include "fs/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::fs {
namespace {

std::string FreshDir(const std::string& name) {
  std::string dir = cocoplane::testing::ProcessTempPath("atomic_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(AtomicFileTest, WritesWithExactModeAndCreatesParents) {
  std::string dir = FreshDir("mode");
  ::umask(077);
  ASSERT_OK(WriteFileAtomic(dir + "/a/b/c.toml", "x = 1\n", 0644));
  struct stat st;
  ASSERT_EQ(::stat((dir + "/a/b/c.toml").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  auto bytes = ReadFile(dir + "/a/b/c.toml");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, "x = 1\n");
  ASSERT_OK(WriteFileAtomic(dir + "/secret", "s", 0600));
  ASSERT_EQ(::stat((dir + "/secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AtomicFileTest, ReplacesAndLeavesNoTemporaries) {
  std::string dir = FreshDir("replace");
  ASSERT_OK(WriteFileAtomic(dir + "/f", "old", 0644));
  ASSERT_OK(WriteFileAtomic(dir + "/f", "new", 0644));
  EXPECT_EQ(*ReadFile(dir + "/f"), "new");
  int entries = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

// Sync::kNone skips the fsyncs only: the mode, the parents, the replacement
// and the clean directory are those of a durable write.
TEST(AtomicFileTest, UnsyncedWriteKeepsModeReplacesAndLeavesNoTemporaries) {
  std::string dir = FreshDir("unsynced");
  ::umask(077);
  ASSERT_OK(WriteFileAtomic(dir + "/a/f", "old", 0644, Sync::kNone));
  ASSERT_OK(WriteFileAtomic(dir + "/a/f", "new", 0644, Sync::kNone));
  struct stat st;
  ASSERT_EQ(::stat((dir + "/a/f").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(*ReadFile(dir + "/a/f"), "new");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir + "/a"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(AtomicFileTest, ReadMissingIsNotFoundAndRemoveIsIdempotent) {
  std::string dir = FreshDir("missing");
  auto r = ReadFile(dir + "/nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  ASSERT_OK(WriteFileAtomic(dir + "/f", "x", 0644));
  ASSERT_OK(RemoveFile(dir + "/f"));
  ASSERT_OK(RemoveFile(dir + "/f"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/f"));
}

}  // namespace
}  // namespace cocoplane::fs
