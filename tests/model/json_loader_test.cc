// The JSON loader: nlohmann checks syntax; positions and limits are ours.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "model/limits.h"
#include "model/loaders.h"
#include "model_testing.h"
#include "testing/matchers.h"

namespace cocoplane::model {
namespace {

using cocoplane::testing::Brief;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(JsonLoaderTest, BuildsValuesWithPositionsOfValuesAndKeys) {
  DiagnosticSink sink;
  std::optional<SourceDocument> doc =
      LoadJson("r.json",
               "{\n"
               "  \"kind\": \"KbsResource\",\n"
               "  \"spec\": {\"path\": \"a/b/c\", \"n\": [1, 2.5, true, null]}\n"
               "}\n",
               sink);
  ASSERT_TRUE(doc) << testing::Describe(sink);
  EXPECT_THAT(Brief(sink), IsEmpty());
  EXPECT_EQ(doc->value["spec"]["n"], nlohmann::json::parse("[1, 2.5, true, null]"));
  EXPECT_EQ(doc->ValueLocation("/kind").ToString(), "r.json:2:11");
  EXPECT_EQ(doc->ValueLocation("/kind").length, 13u);
  EXPECT_EQ(doc->KeyLocation("/spec/path").ToString(), "r.json:3:12");
  EXPECT_EQ(doc->ValueLocation("/spec/path").ToString(), "r.json:3:20");
  EXPECT_EQ(doc->ValueLocation("/spec/n/3").ToString(), "r.json:3:49");
}

TEST(JsonLoaderTest, DecodesEscapes) {
  DiagnosticSink sink;
  std::optional<SourceDocument> doc =
      LoadJson("e.json", R"({"a\"b": "caf\u00e9 \ud83d\ude00", "c": "x"})", sink);
  ASSERT_TRUE(doc) << testing::Describe(sink);
  EXPECT_EQ(doc->value["a\"b"], "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(doc->ValueLocation("/c").ToString(), "e.json:1:41");
}

TEST(JsonLoaderTest, ReportsSyntaxErrorsAtTheOffendingByte) {
  DiagnosticSink sink;
  EXPECT_FALSE(LoadJson("bad.json", "{\n  \"a\": 1,\n}\n", sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1003 bad.json:3:1"));
  EXPECT_NE(sink.diagnostics()[0].message.find("unexpected '}'"), std::string::npos)
      << sink.diagnostics()[0].message;
}

TEST(JsonLoaderTest, ReportsTruncatedInput) {
  DiagnosticSink sink;
  EXPECT_FALSE(LoadJson("cut.json", "{\"a\": [1, 2", sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1003 cut.json:1:12"));
}

TEST(JsonLoaderTest, ReportsDuplicateKeysAndKeepsTheFirstValue) {
  DiagnosticSink sink;
  std::optional<SourceDocument> doc = LoadJson("d.json", "{\"a\": 1,\n \"a\": 2}", sink);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->value["a"], 1);
  EXPECT_THAT(Brief(sink), ElementsAre("CP1012 d.json:2:2"));
}

TEST(JsonLoaderTest, StopsAtTheDepthLimitOn10000Levels) {
  std::string text = std::string(10000, '[') + std::string(10000, ']');
  DiagnosticSink sink;
  EXPECT_FALSE(LoadJson("deep.json", text, sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1009 deep.json:1:" + std::to_string(kMaxDepth + 1)));
}

TEST(JsonLoaderTest, StopsAtTheNodeLimit) {
  std::string text = "[";
  for (size_t i = 0; i <= kMaxNodes; ++i) text += "0,";
  text += "0]";
  DiagnosticSink sink;
  EXPECT_FALSE(LoadJson("wide.json", text, sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1010 wide.json:1:" + std::to_string(2 * kMaxNodes)));
}

TEST(JsonLoaderTest, RejectsOverlongStrings) {
  DiagnosticSink sink;
  std::string text = "{\"a\": \"" + std::string(kMaxStringBytes + 1, 'x') + "\"}";
  EXPECT_FALSE(LoadJson("long.json", text, sink));
  EXPECT_THAT(Brief(sink), ElementsAre("CP1015 long.json:1:7"));
}

}  // namespace
}  // namespace cocoplane::model
