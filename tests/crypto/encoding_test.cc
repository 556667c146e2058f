#include "crypto/encoding.h"

#include <gtest/gtest.h>

namespace cocoplane::crypto {
namespace {

TEST(Base64Test, MatchesRfc4648Vectors) {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(Base64Encode(plain[i], Base64Alphabet::kStandard, true), coded[i]);
    EXPECT_EQ(Base64Decode(coded[i], Base64Alphabet::kStandard), plain[i]);
  }
  EXPECT_EQ(Base64Encode("fo", Base64Alphabet::kUrl, false), "Zm8");
}

TEST(Base64Test, AlphabetsDifferAndRejectEachOther) {
  std::string bytes("\xfb\xff", 2);
  EXPECT_EQ(Base64Encode(bytes, Base64Alphabet::kStandard, true), "+/8=");
  EXPECT_EQ(Base64Encode(bytes, Base64Alphabet::kUrl, false), "-_8");
  EXPECT_FALSE(Base64Decode("-_8", Base64Alphabet::kStandard).has_value());
  EXPECT_FALSE(Base64Decode("+/8=", Base64Alphabet::kUrl).has_value());
  EXPECT_FALSE(Base64Decode("Zm9=v", Base64Alphabet::kStandard).has_value());
  EXPECT_FALSE(Base64Decode("Zh==", Base64Alphabet::kStandard).has_value());
}

// IsBase64 answers exactly when Base64Decode would decode.
TEST(Base64Test, IsBase64AgreesWithDecode) {
  const char* texts[] = {"",      "Zg==",  "Zm8=",   "Zm9v", "Zm8",     "Zg",
                         "Z",     "Zg=",   "Zm9=v",  "Zh==", "+/8=",    "-_8",
                         "Zg===", "Zm 9v", "Zm9v\n", "====", "Zm9vYmFy"};
  for (const char* text : texts) {
    for (Base64Alphabet alphabet : {Base64Alphabet::kStandard, Base64Alphabet::kUrl}) {
      EXPECT_EQ(IsBase64(text, alphabet), Base64Decode(text, alphabet).has_value())
          << '"' << text << '"';
    }
  }
  EXPECT_TRUE(IsBase64("Zm9vYmFy", Base64Alphabet::kStandard));
  EXPECT_FALSE(IsBase64("Zm 9v", Base64Alphabet::kStandard));
  EXPECT_FALSE(IsBase64("+/8=", Base64Alphabet::kUrl));
}

TEST(HexTest, RoundTrips) {
  EXPECT_EQ(HexEncode(std::string("\x00\xab\xff", 3)), "00abff");
  EXPECT_EQ(HexDecode("00ABff"), std::string("\x00\xab\xff", 3));
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_FALSE(HexDecode("zz").has_value());
}

}  // namespace
}  // namespace cocoplane::crypto
