#include "gen/trustee/yaml_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gen/trustee/parse_util.h"

namespace cocoplane::gen::yaml {
namespace {

using cocoplane::testing::ParseYamlAll;

// Emits {k: value} and reads it back with yaml-cpp.
YAML::Node RoundTrip(const std::string& value, std::string* text = nullptr) {
  std::string out = EmitDocument(YamlNode::Map().Set("k", YamlNode::String(value)));
  if (text) *text = out;
  auto docs = ParseYamlAll(out);
  if (!docs || docs->size() != 1) return YAML::Node();
  return (*docs)[0]["k"];
}

TEST(YamlWriterTest, StringsComeBackAsTheSameStrings) {
  const std::vector<std::string> cases = {
      "plain",
      "true",
      "False",
      "yes",
      "null",
      "1",
      "1.0",
      "2048Mi",
      "",
      "a: b",
      "#comment",
      "- item",
      "key=value; x",
      "tab\there",
      "quote\"and\\",
      "caf\xC3\xA9",
      "del\x7f",
      "bell\x07",
      "crlf\r\nline\r\n",
      "\xC2\x85next-line",
      "trailing space ",
      " leading",
      "{flow}",
      "*alias",
  };
  for (const auto& value : cases) {
    std::string text;
    YAML::Node node = RoundTrip(value, &text);
    ASSERT_TRUE(node.IsScalar()) << "value: " << value << "\nyaml:\n" << text;
    EXPECT_EQ(node.as<std::string>(), value) << text;
    // Quoted ("!") or a plain scalar that is not a bool/null/number word.
    EXPECT_TRUE(node.Tag() == "!" || value == "plain") << "tag " << node.Tag() << " for " << text;
  }
}

TEST(YamlWriterTest, MultiLineTextUsesLiteralBlocksThatKeepEveryNewline) {
  const std::vector<std::string> cases = {
      "package policy\n\tdefault allow := false\n",
      "no trailing newline\nsecond",
      "two trailing\n\n",
      "\nleading empty line\n",
      "  indented first line\nsecond\n",
      "[http_server]\nsockets = [ \"0.0.0.0:8080\" ]\n\n[admin]\nx = 1\n",
      "a\n\n\nb\n",
  };
  for (const auto& value : cases) {
    std::string text;
    YAML::Node node = RoundTrip(value, &text);
    EXPECT_EQ(text.substr(0, 4), "k: |") << text;
    ASSERT_TRUE(node.IsScalar()) << text;
    EXPECT_EQ(node.as<std::string>(), value) << text;
  }
}

TEST(YamlWriterTest, MultiLineTextWithTrailingBlanksIsQuotedInstead) {
  std::string text;
  YAML::Node node = RoundTrip("line with blank \nnext\n", &text);
  EXPECT_EQ(text.substr(0, 4), "k: \"") << text;
  EXPECT_EQ(node.as<std::string>(), "line with blank \nnext\n");
}

TEST(YamlWriterTest, NestedMapsListsAndScalarKindsParseBack) {
  YamlNode doc = YamlNode::Map();
  doc.Set("apiVersion", YamlNode::String("v1"));
  doc.Set("count", YamlNode::Int(-3));
  doc.Set("flag", YamlNode::Bool(true));
  doc.Set("empty_map", YamlNode::Map());
  doc.Set("empty_list", YamlNode::List());
  doc.Set("names", YamlNode::List().Append(YamlNode::String("b")).Append(YamlNode::String("1")));
  doc.Set("items",
          YamlNode::List()
              .Append(YamlNode::Map().Set("x", YamlNode::Int(1)).Set("y", YamlNode::String("z")))
              .Append(YamlNode::List().Append(YamlNode::Bool(false))));
  doc.Set("katacontainers.io/kata-runtime", YamlNode::String("true"));
  std::string text = EmitDocument(doc);

  auto docs = ParseYamlAll(text);
  ASSERT_TRUE(docs.has_value()) << text;
  const YAML::Node& n = (*docs)[0];
  EXPECT_EQ(n["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(n["count"].as<int>(), -3);
  EXPECT_TRUE(n["flag"].as<bool>());
  EXPECT_TRUE(n["empty_map"].IsMap());
  EXPECT_EQ(n["empty_map"].size(), 0u);
  EXPECT_TRUE(n["empty_list"].IsSequence());
  EXPECT_EQ(n["names"][1].as<std::string>(), "1");
  EXPECT_EQ(n["names"][1].Tag(), "!");
  EXPECT_EQ(n["items"][0]["x"].as<int>(), 1);
  EXPECT_EQ(n["items"][0]["y"].as<std::string>(), "z");
  EXPECT_FALSE(n["items"][1][0].as<bool>());
  EXPECT_EQ(n["katacontainers.io/kata-runtime"].Tag(), "!");
}

TEST(YamlWriterTest, MapsKeepInsertionOrderAndSetReplacesInPlace) {
  YamlNode doc = YamlNode::Map();
  doc.Set("b", YamlNode::Int(1)).Set("a", YamlNode::Int(2)).Set("b", YamlNode::Int(3));
  EXPECT_EQ(EmitDocument(doc), "b: 3\na: 2\n");
}

TEST(YamlWriterTest, StreamPrefixesEveryDocument) {
  std::string text = EmitStream(
      {YamlNode::Map().Set("a", YamlNode::Int(1)), YamlNode::Map().Set("b", YamlNode::Int(2))});
  EXPECT_EQ(text, "---\na: 1\n---\nb: 2\n");
  auto docs = ParseYamlAll(text);
  ASSERT_TRUE(docs.has_value());
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[1]["b"].as<int>(), 2);
}

}  // namespace
}  // namespace cocoplane::gen::yaml
