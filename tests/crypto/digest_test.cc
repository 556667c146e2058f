#include "crypto/digest.h"
#include "crypto/encoding.h"

#include <gtest/gtest.h>

namespace cocoplane::crypto {
namespace {

TEST(DigestTest, KnownAnswers) {
  EXPECT_EQ(HexDigest(HashAlgorithm::kSha256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexDigest(HashAlgorithm::kSha384, "abc"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(Digest(HashAlgorithm::kSha512, "").size(), 64u);
}

TEST(DigestTest, ParsesOnlyInitdataSpellings) {
  EXPECT_EQ(ParseHashAlgorithm("sha384"), HashAlgorithm::kSha384);
  EXPECT_FALSE(ParseHashAlgorithm("sha-256").has_value());
  EXPECT_FALSE(ParseHashAlgorithm("SHA256").has_value());
}

TEST(GzipTest, RoundTripsWithFixedHeader) {
  std::string text = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n";
  std::string gz = Gzip(text);
  ASSERT_GE(gz.size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_EQ(gz.substr(4, 4), std::string(4, '\0')) << "mtime must be 0";
  EXPECT_EQ(static_cast<unsigned char>(gz[9]), 3) << "OS byte must be Unix";
  EXPECT_EQ(Gzip(text), gz) << "same input, same bytes";
  EXPECT_EQ(Gunzip(gz), text);
  EXPECT_FALSE(Gunzip("not gzip").has_value());
  EXPECT_FALSE(Gunzip(gz.substr(0, gz.size() - 4)).has_value());
}

}  // namespace
}  // namespace cocoplane::crypto

namespace cocoplane::crypto {
namespace {

TEST(HmacTest, Rfc4231TestCase2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace cocoplane::crypto
