// The YAML loader: values, positions, multi-document files and every limit.
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
using cocoplane::testing::HasDiagnostic;
using ::testing::ElementsAre;

TEST(YamlLoaderTest, BuildsValuesWithPositionsOfValuesAndKeys) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("w.yaml",
                                              "kind: Workload\n"
                                              "spec:\n"
                                              "  memoryMiB: 4096\n"
                                              "  secrets:\n"
                                              "    - enckey\n",
                                              sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  ASSERT_EQ(docs.size(), 1u);
  const SourceDocument& doc = docs[0];
  EXPECT_EQ(doc.value["spec"]["memoryMiB"], 4096);
  EXPECT_EQ(doc.value["spec"]["secrets"][0], "enckey");
  Location value = doc.ValueLocation("/spec/memoryMiB");
  EXPECT_EQ(value.ToString(), "w.yaml:3:14");
  EXPECT_EQ(value.length, 4u);
  EXPECT_EQ(doc.KeyLocation("/spec/memoryMiB").ToString(), "w.yaml:3:3");
  EXPECT_EQ(doc.ValueLocation("/spec/secrets/0").ToString(), "w.yaml:5:7");
  // A block mapping starts at its first key; its own key is on the line above.
  EXPECT_EQ(doc.ValueLocation("/spec").ToString(), "w.yaml:3:3");
  EXPECT_EQ(doc.KeyLocation("/spec").ToString(), "w.yaml:2:1");
}

TEST(YamlLoaderTest, TypesPlainScalarsByTheYaml12CoreSchema) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("t.yaml",
                                              "yes_stays_text: yes\n"
                                              "on_stays_text: on\n"
                                              "decimal: 010\n"
                                              "hex: 0x1F\n"
                                              "octal: 0o17\n"
                                              "negative: -42\n"
                                              "float: 1.5\n"
                                              "quoted: \"1\"\n"
                                              "tagged: !!str 7\n"
                                              "tilde: ~\n"
                                              "empty:\n"
                                              "bool: True\n"
                                              "version: 0.21.0\n"
                                              "inf: .inf\n"
                                              "huge: 123456789012345678901234567890\n",
                                              sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  const nlohmann::json& v = docs.at(0).value;
  EXPECT_EQ(v["yes_stays_text"], "yes");
  EXPECT_EQ(v["on_stays_text"], "on");
  EXPECT_EQ(v["decimal"], 10);
  EXPECT_EQ(v["hex"], 31);
  EXPECT_EQ(v["octal"], 15);
  EXPECT_EQ(v["negative"], -42);
  EXPECT_EQ(v["float"], 1.5);
  EXPECT_EQ(v["quoted"], "1");
  EXPECT_EQ(v["tagged"], "7");
  EXPECT_TRUE(v["tilde"].is_null());
  EXPECT_TRUE(v["empty"].is_null());
  EXPECT_EQ(v["bool"], true);
  EXPECT_EQ(v["version"], "0.21.0");
  EXPECT_EQ(v["inf"], ".inf");
  EXPECT_EQ(v["huge"], "123456789012345678901234567890");
}

TEST(YamlLoaderTest, ReadsEveryDocumentOfAFileAndSkipsNullOnes) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs =
      LoadYaml("multi.yaml", "a: 1\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n", sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].index, 0);
  EXPECT_EQ(docs[1].value["b"], 2);
  EXPECT_EQ(docs[2].index, 3);
  EXPECT_EQ(docs[2].ValueLocation("/c").ToString(), "multi.yaml:7:4");
}

TEST(YamlLoaderTest, ReportsSyntaxErrorsWithPosition) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n", sink);
  EXPECT_TRUE(docs.empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1001 bad.yaml:3:2"));
}

TEST(YamlLoaderTest, SaysWhatItWasReadingWhenThatStartedElsewhere) {
  DiagnosticSink sink;
  LoadYaml("bad.yaml", "a:\n  b: 1\n c: 2\n", sink);
  ASSERT_THAT(Brief(sink), ElementsAre("CP1001 bad.yaml:3:2"));
  EXPECT_EQ(sink.diagnostics()[0].message,
            "did not find expected key (while parsing a block mapping that starts on line 1)");
}

TEST(YamlLoaderTest, ReportsAnAliasToNoAnchorAndKeepsTheDocumentsBefore) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("a.yaml", "a: &x 1\n---\nb: *x\n", sink);
  ASSERT_THAT(Brief(sink), ElementsAre("CP1001 a.yaml:3:4"));
  EXPECT_EQ(sink.diagnostics()[0].message, "alias *x names no anchor of this document");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].value["a"], 1);
}

TEST(YamlLoaderTest, AnAnchorDefinedAgainNamesTheNewerNode) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs =
      LoadYaml("a.yaml", "a: &x 1\nb: &y 2\nc: &x 3\nd: &z 4\ne: *x\nf: *z\n", sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  EXPECT_EQ(docs.at(0).value["e"], 3);
  EXPECT_EQ(docs.at(0).value["f"], 4);
}

// libyaml reports a character it refuses to read by byte offset, not by
// line and column; the diagnostic still points at its line and byte column,
// in a piece of a file too.
TEST(YamlLoaderTest, AnUnreadableCharacterIsReportedAtItsLineAndColumn) {
  DiagnosticSink sink;
  LoadYaml("c.yaml", "\xC3\xA9: 1\nb: x\x01y\n", sink);
  ASSERT_THAT(Brief(sink), ElementsAre("CP1001 c.yaml:2:5"));
  EXPECT_EQ(sink.diagnostics()[0].message, "control characters are not allowed");

  DiagnosticSink piece_sink;
  bool clean = true;
  LoadYamlPiece("p.yaml", YamlPiece{"---\nb: x\x01y\n", 7}, piece_sink, &clean);
  EXPECT_FALSE(clean);
  EXPECT_THAT(Brief(piece_sink), ElementsAre("CP1001 p.yaml:9:5"));
}

TEST(YamlLoaderTest, ColumnsCountBytesAfterMultiByteCharacters) {
  // libyaml counts characters; Location counts bytes ("\xC3\xA9" is one
  // character, two bytes), and so does a byte order mark.
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("u.yaml", "x: {\xC3\xA9: 1, k: 2}\n", sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  EXPECT_EQ(docs.at(0).KeyLocation("/x/k").ToString(), "u.yaml:1:12");
  EXPECT_EQ(docs.at(0).ValueLocation("/x/k").ToString(), "u.yaml:1:15");
  std::vector<SourceDocument> bom = LoadYaml("b.yaml",
                                             "\xEF\xBB\xBF"
                                             "a: 1\nb: 2\n",
                                             sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  EXPECT_EQ(bom.at(0).ValueLocation("/a").ToString(), "b.yaml:1:7");
  EXPECT_EQ(bom.at(0).ValueLocation("/b").ToString(), "b.yaml:2:4");
}

TEST(YamlLoaderTest, LinesEndAtLineFeedsOnly) {
  // libyaml takes a lone CR for a line break; Location, the renderer and
  // an editor count LF-terminated lines (found by tests/fuzz/yaml_fuzz.cc).
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("r.yaml", "a: 1\r\nb: \"x\ry\"\nc: 3\n", sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  EXPECT_EQ(docs.at(0).ValueLocation("/b").ToString(), "r.yaml:2:4");
  EXPECT_EQ(docs.at(0).ValueLocation("/c").ToString(), "r.yaml:3:4");
  LoadYaml("bad.yaml", "a: 1\rb: [\n", sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP1001 bad.yaml:2:1"));
}

TEST(YamlLoaderTest, AnErrorAtTheEndOfAFileWithoutAFinalLineFeedIsOnItsLastLine) {
  DiagnosticSink sink;
  LoadYaml("bad.yaml", "a:\n  b: 1\n  c", sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP1001 bad.yaml:3:4"));
}

TEST(YamlLoaderTest, QuotedAndBlockScalarsAndTheBareTagStayText) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs =
      LoadYaml("q.yaml", "a: '1'\nb: |\n  2\nc: ! 3\nd: \"null\"\ne: !!int 5\n", sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  const nlohmann::json& v = docs.at(0).value;
  EXPECT_EQ(v["a"], "1");
  EXPECT_EQ(v["b"], "2\n");
  EXPECT_EQ(v["c"], "3");
  EXPECT_EQ(v["d"], "null");
  EXPECT_EQ(v["e"], 5);
}

TEST(YamlLoaderTest, KeepsTheDocumentsBeforeABrokenOne) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("m.yaml", "a: 1\n---\nb: [\n", sink);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].value["a"], 1);
  EXPECT_TRUE(HasDiagnostic(sink, "CP1001", "m.yaml"));
}

TEST(YamlLoaderTest, ReportsDuplicateKeysAndKeepsTheFirstValue) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("d.yaml", "a: 1\nb: 2\na: 3\n", sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP1012 d.yaml:3:1"));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].value["a"], 1);
}

TEST(YamlLoaderTest, RejectsKeysThatAreNotScalars) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs =
      LoadYaml("k.yaml", "? [a, b]\n: value\nok: 1\n~: null key\n", sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP1013 k.yaml:1:3", "CP1013 k.yaml:4:1"));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].value, nlohmann::json({{"ok", 1}}));
}

TEST(YamlLoaderTest, RejectsUnknownTagsButKeepsTheText) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("t.yaml", "a: !secret hunter2\n", sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP1013 t.yaml:1:4"));
  EXPECT_EQ(docs.at(0).value["a"], "hunter2");
}

TEST(YamlLoaderTest, ExpandsAliasesAndPointsInsideThemAtTheAlias) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs =
      LoadYaml("a.yaml", "base: &labels\n  app: web\ncopy: *labels\n", sink);
  ASSERT_TRUE(sink.empty()) << testing::Describe(sink);
  const SourceDocument& doc = docs.at(0);
  EXPECT_EQ(doc.value["copy"]["app"], "web");
  EXPECT_EQ(doc.ValueLocation("/copy").ToString(), "a.yaml:3:7");
  EXPECT_EQ(doc.ValueLocation("/copy/app").ToString(), "a.yaml:3:7");
}

TEST(YamlLoaderTest, RejectsAnAliasBombWithoutExpandingIt) {
  // The classic "billion laughs": each level multiplies by nine, so full
  // expansion would be 9^9 = 387 million strings.
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ", *" : "*") + prev;
    text += "]\n";
  }
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("bomb.yaml", text, sink);
  EXPECT_TRUE(docs.empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1010 bomb.yaml:6:8"));
}

TEST(YamlLoaderTest, StopsAtTheDepthLimitOnDeepFlowNesting) {
  std::string text(10000, '[');
  text += std::string(10000, ']') + "\n";
  DiagnosticSink sink;
  EXPECT_TRUE(LoadYaml("deep.yaml", text, sink).empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1009 deep.yaml:1:" + std::to_string(kMaxDepth + 1)));
}

TEST(YamlLoaderTest, StopsAtTheDepthLimitOnDeepBlockNesting) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "- ";
  text += "x\n";
  DiagnosticSink sink;
  EXPECT_TRUE(LoadYaml("deep.yaml", text, sink).empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1009 deep.yaml:1:" + std::to_string(2 * kMaxDepth + 1)));
}

TEST(YamlLoaderTest, StopsAtTheNodeLimitWithoutAliases) {
  std::string text = "[";
  for (size_t i = 0; i <= kMaxNodes; ++i) text += "1,";
  text += "1]\n";
  DiagnosticSink sink;
  EXPECT_TRUE(LoadYaml("wide.yaml", text, sink).empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1010 wide.yaml:1:" + std::to_string(2 * kMaxNodes)));
}

TEST(YamlLoaderTest, RejectsOverlongStrings) {
  DiagnosticSink sink;
  std::string text = "name: " + std::string(kMaxStringBytes + 1, 'a') + "\n";
  EXPECT_TRUE(LoadYaml("long.yaml", text, sink).empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1015 long.yaml:1:7"));
}

TEST(YamlLoaderTest, AFileWithOnlyCommentsIsEmpty) {
  DiagnosticSink sink;
  EXPECT_TRUE(LoadYaml("c.yaml", "# nothing here\n", sink).empty());
  EXPECT_THAT(Brief(sink), ElementsAre("CP1005 c.yaml:0:0"));
}

}  // namespace
}  // namespace cocoplane::model
