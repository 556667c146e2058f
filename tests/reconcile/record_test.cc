#include "reconcile/record.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fs/atomic_file.h"
#include "reconcile/value_resolver.h"
#include "testing/matchers.h"
#include "testing/temp_path.h"

namespace cocoplane::reconcile {
namespace {

std::string TempPath(const std::string& name) {
  std::string p = cocoplane::testing::ProcessTempPath("record_" + name);
  std::filesystem::remove_all(p);
  return p;
}

TEST(RecordTest, MissingFileIsEmptyRecord) {
  auto r = LoadRecord(TempPath("missing"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->current.revision, "");
  EXPECT_TRUE(r->history.empty());
}

TEST(RecordTest, RoundTripsAndKeepsFiveEntries) {
  std::string path = TempPath("roundtrip");
  Record r;
  for (int i = 0; i < 7; ++i) {
    r.Commit({"rev" + std::to_string(i),
              "2026-11-27T00:00:0" + std::to_string(i) + "Z",
              {{"node/a", "/etc/x", "ab", "pools/a/x", "ef", false, ""}}});
  }
  r.pending.push_back(
      {"kbs-storage", "repository/a\\x2Fb\\x2Fc", "cd", "resources/a", "01", true, "detect"});
  ASSERT_OK(SaveRecord(path, r));
  auto back = LoadRecord(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->current.revision, "rev6");
  ASSERT_EQ(back->history.size(), 5u);
  EXPECT_EQ(back->history.front().revision, "rev6");
  EXPECT_EQ(back->history.back().revision, "rev2");
  EXPECT_TRUE(back->Owns("kbs-storage", "repository/a\\x2Fb\\x2Fc"));
  EXPECT_TRUE(back->Owns("node/a", "/etc/x"));
  EXPECT_FALSE(back->Owns("node/a", "/etc/y"));
  // The per-object drift opt-out survives the round trip; unset stays unset.
  ASSERT_EQ(back->pending.size(), 1u);
  EXPECT_EQ(back->pending[0].drift, "detect");
  EXPECT_EQ(back->current.objects[0].drift, "");
}

TEST(RecordTest, CorruptRecordIsAnErrorNotAReset) {
  std::string path = TempPath("corrupt");
  ASSERT_OK(fs::WriteFileAtomic(path, "{not json", 0600));
  auto r = LoadRecord(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
}

TEST(ValueResolverTest, ResolvesFileEnvAndInline) {
  std::string file = TempPath("value");
  ASSERT_OK(fs::WriteFileAtomic(file, "from-file", 0600));
  LocalValueResolver resolver([](const char* name) -> const char* {
    return std::string(name) == "CP_TEST_VALUE" ? "from-env" : nullptr;
  });
  auto f = resolver.Resolve(R"({"resource":"a/b/c","source":{"file":")" + file + R"("}})");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->bytes, "from-file");
  EXPECT_TRUE(f->secret);
  auto e = resolver.Resolve(R"({"resource":"a/b/c","source":{"env":"CP_TEST_VALUE"}})");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->bytes, "from-env");
  auto i = resolver.Resolve(R"({"resource":"a/b/c","source":{"inline_base64":"cHVi"}})");
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->bytes, "pub");
  EXPECT_FALSE(i->secret);
  auto missing = resolver.Resolve(R"({"resource":"a/b/c","source":{"env":"NOPE"}})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("NOPE"), std::string::npos);
  auto vault = resolver.Resolve(R"({"resource":"a/b/c","source":{"vault":"kv/a"}})");
  EXPECT_EQ(vault.status().code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace cocoplane::reconcile
