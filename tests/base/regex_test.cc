#include "base/regex.h"

#include <gtest/gtest.h>

#include <string>

namespace cocoplane {
namespace {

TEST(RegexTest, SearchIsUnanchoredLikeRegoRegexMatch) {
  Result<Regex> re = Regex::Compile("b+c");
  ASSERT_TRUE(re.ok()) << re.status().ToString();
  EXPECT_TRUE(re->Search("abbbcd"));
  EXPECT_FALSE(re->Search("ac"));
  Result<Regex> anchored = Regex::Compile("^b+c$");
  ASSERT_TRUE(anchored.ok());
  EXPECT_FALSE(anchored->Search("abbbcd"));
  EXPECT_TRUE(anchored->Search("bbc"));
  EXPECT_EQ(anchored->pattern(), "^b+c$");
}

TEST(RegexTest, RefusesWhatGoRegexpRefusesWithTheReason) {
  // Lookaround and backreferences: ECMAScript has them, Go's regexp (OPA)
  // and Rust's regex (regorus) do not.
  Result<Regex> lookahead = Regex::Compile("^(?!SECRET)");
  ASSERT_FALSE(lookahead.ok());
  EXPECT_EQ(lookahead.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(lookahead.status().message().find("(?!"), std::string::npos)
      << lookahead.status().message();
  EXPECT_FALSE(Regex::Compile("(a)\\1").ok());
  Result<Regex> open = Regex::Compile("(curl");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("missing )"), std::string::npos)
      << open.status().message();
}

TEST(RegexTest, GoSyntaxThatEcmaScriptLacksCompiles) {
  // Named groups in Go's spelling and \z are RE2; std::regex refuses both.
  Result<Regex> re = Regex::Compile("^(?P<user>[a-z]+)@example\\.com\\z");
  ASSERT_TRUE(re.ok()) << re.status().ToString();
  EXPECT_TRUE(re->Search("alice@example.com"));
  EXPECT_FALSE(re->Search("alice@example.com\n"));
}

TEST(RegexTest, CatastrophicPatternsForABacktrackerFinishAtOnce) {
  // Each of these takes exponential time in a backtracking engine on a
  // near-miss input (std::regex hung the CPL fuzzer on such a pattern).
  // No timing is asserted here: the test finishing at all is the check, and
  // the CTest timeout is the bound.
  const std::string near_miss = std::string(10000, 'a') + "!";
  for (const char* pattern : {"^(a+)+$", "^(a|aa)*$", "^(.*)*(.*)*(.*)*x$", "(a*)*b"}) {
    Result<Regex> re = Regex::Compile(pattern);
    ASSERT_TRUE(re.ok()) << pattern << ": " << re.status().ToString();
    EXPECT_FALSE(re->Search(near_miss)) << pattern;
  }
}

TEST(RegexTest, ARepeatTooLargeToCompileIsAnErrorNotAnAllocation) {
  Result<Regex> re = Regex::Compile("((((a{1000}){1000}){1000}){1000})");
  ASSERT_FALSE(re.ok());
  EXPECT_EQ(re.status().code(), StatusCode::kInvalidArgument);
}

TEST(RegexTest, CopiesShareTheProgramAndStayValid) {
  Regex copy = [] {
    Result<Regex> re = Regex::Compile("x[0-9]");
    return *re;
  }();
  EXPECT_TRUE(copy.Search("ax7"));
}

}  // namespace
}  // namespace cocoplane
