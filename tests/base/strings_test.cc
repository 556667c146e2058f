#include "base/strings.h"

#include <gtest/gtest.h>

namespace cocoplane {
namespace {

TEST(Utf8Test, AcceptsValidAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x94\x92"));
  size_t at = 99;
  EXPECT_FALSE(IsValidUtf8("ab\xff", &at));
  EXPECT_EQ(at, 2u);
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
}

TEST(LineTest, FindsLinesAndColumns) {
  unsigned line = 0, col = 0;
  LineColumnAt("ab\ncde\nf", 5, &line, &col);
  EXPECT_EQ(line, 2u);
  EXPECT_EQ(col, 3u);
  EXPECT_EQ(LineAt("ab\r\ncde\nf", 1), "ab");
  EXPECT_EQ(LineAt("ab\ncde\nf", 3), "f");
  EXPECT_EQ(LineAt("ab", 5), "");
}

TEST(JsonQuoteTest, EscapesControlCharacters) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
}

TEST(ClosestMatchTest, SuggestsOnlyPlausibleTypos) {
  std::vector<std::string> names = {"payments", "inference", "ingress"};
  EXPECT_EQ(ClosestMatch("payment", names), "payments");
  EXPECT_EQ(ClosestMatch("ingres", names), "ingress");
  EXPECT_EQ(ClosestMatch("zzz", names), "");
}

}  // namespace
}  // namespace cocoplane
