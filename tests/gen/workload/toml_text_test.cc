#include "gen/workload/toml_text.h"

#include <gtest/gtest.h>

#include "gen/workload/kbs_uri.h"
#include "gen/workload/workload_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

using testing::ParseToml;

// Parses `k = <literal>` with toml++ and returns the value of k.
std::optional<std::string> ParseValue(const std::string& literal) {
  auto table = ParseToml("k = " + literal + "\n");
  if (!table) return std::nullopt;
  return (*table)["k"].value<std::string>();
}

const std::string kTrickyTexts[] = {
    "",
    "plain",
    "with \"quotes\" and \\backslashes\\",
    "tab\tinside",
    "line one\nline two\n",
    "\nstarts with a newline",
    "ends without newline",
    "non-ASCII: grüße, 日本語, emoji \xF0\x9F\x94\x92",
    "contains ''' triple quotes",
    "contains \"\"\" triple double quotes",
    "ends with a quote'",
    "ends with two quotes''",
    "windows\r\nline ends\r\n",
    "bare \r carriage return",
    std::string("nul \0 byte", 10),
    "bell \x07 and escape \x1b and DEL \x7f",
    "backslash at end of line \\\nnext",
};

TEST(TomlTextTest, BasicStringsRoundTripThroughTomlpp) {
  for (const auto& text : kTrickyTexts) {
    std::string literal = TomlBasicString(text);
    EXPECT_EQ(literal.find('\n'), std::string::npos) << "single line: " << literal;
    EXPECT_EQ(ParseValue(literal), text) << literal;
  }
  EXPECT_EQ(TomlBasicString("a\"b\\c\n"), R"("a\"b\\c\n")");
  EXPECT_EQ(TomlBasicString(std::string("\x01\x7f", 2)), R"("\u0001\u007F")");
}

TEST(TomlTextTest, MultilineStringsRoundTripThroughTomlpp) {
  for (const auto& text : kTrickyTexts) {
    std::string literal = TomlMultilineString(text);
    EXPECT_EQ(ParseValue(literal), text) << literal;
  }
}

TEST(TomlTextTest, PrefersLiteralStringsAndFallsBackWhenTheyCannotHoldTheText) {
  EXPECT_EQ(TomlMultilineString("package agent_policy\n"), "'''\npackage agent_policy\n'''");
  EXPECT_EQ(TomlMultilineString("x = \"\\d\"\n"), "'''\nx = \"\\d\"\n'''") << "no escaping inside";
  EXPECT_EQ(TomlMultilineString("grüße\n"), "'''\ngrüße\n'''");

  EXPECT_EQ(TomlMultilineString("a '''b'''\n"), "\"\"\"\na '''b'''\n\"\"\"");
  EXPECT_EQ(TomlMultilineString("say \"hi\"\r\n"), "\"\"\"\nsay \\\"hi\\\"\\r\n\"\"\"");
  EXPECT_EQ(TomlMultilineString("x'"), "\"\"\"\nx'\"\"\"");
}

TEST(TomlTextTest, RejectsTextThatIsNotUtf8) {
  EXPECT_OK(CheckTomlText("policy", "grüße"));
  Status st = CheckTomlText("policy", "bad \xff byte");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("policy"), std::string::npos);
  EXPECT_NE(st.message().find("byte 4"), std::string::npos);
}

TEST(KbsUriTest, FormatsAndParsesThreeSegmentUris) {
  KbsResourceUri uri{"default", "security-policy", "test"};
  ASSERT_OK(ValidateKbsResourceUri(uri));
  EXPECT_EQ(FormatKbsResourceUri(uri), "kbs:///default/security-policy/test");
  auto parsed = ParseKbsResourceUri("kbs:///my_repo/key.type/v1.2-rc");
  ASSERT_OK(parsed.status());
  EXPECT_EQ(parsed->repository, "my_repo");
  EXPECT_EQ(parsed->type, "key.type");
  EXPECT_EQ(parsed->tag, "v1.2-rc");
}

TEST(KbsUriTest, RejectsWhatTrusteeOrOldGuestsRefuse) {
  for (const char* bad : {"kbs:///a/b", "kbs:///a/b/c/d", "kbs://host/a/b/c", "https:///a/b/c",
                          "kbs:///a//c", "kbs:///.hidden/b/c", "kbs:///a/b/c d", "kbs:///a/b/"}) {
    EXPECT_FALSE(ParseKbsResourceUri(bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateKbsResourceUri({"a", "b/c", "d"}).ok());
  EXPECT_FALSE(ValidateKbsResourceUri({"a", "", "d"}).ok());
}

}  // namespace
}  // namespace cocoplane::gen::workload
