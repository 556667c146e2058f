#include "gen/workload/binding.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

using crypto::HashAlgorithm;

TEST(BindingTest, FieldWidthsPerTee) {
  EXPECT_EQ(BindingSize(Tee::kSnp), 32u);
  EXPECT_EQ(BindingSize(Tee::kTdx), 48u);
  EXPECT_EQ(BindingSize(Tee::kAzSnpVtpm), 32u);
  EXPECT_EQ(BindingSize(Tee::kAzTdxVtpm), 32u);
  EXPECT_EQ(BindingSize(Tee::kTpm), 32u);
  EXPECT_EQ(BindingSize(Tee::kSe), 256u);
  EXPECT_EQ(BindingSize(Tee::kCca), 64u);
}

TEST(BindingTest, PadsShortDigestsAndTruncatesLongOnes) {
  std::string sha384 = crypto::Digest(HashAlgorithm::kSha384, "x");
  auto snp = BindInitdataDigest(Tee::kSnp, HashAlgorithm::kSha384, sha384);
  ASSERT_OK(snp.status());
  EXPECT_EQ(snp->bytes, sha384.substr(0, 32));

  auto tdx = BindInitdataDigest(Tee::kTdx, HashAlgorithm::kSha384, sha384);
  ASSERT_OK(tdx.status());
  EXPECT_EQ(tdx->bytes, sha384) << "exact fit";

  std::string sha512 = crypto::Digest(HashAlgorithm::kSha512, "x");
  auto se = BindInitdataDigest(Tee::kSe, HashAlgorithm::kSha512, sha512);
  ASSERT_OK(se.status());
  EXPECT_EQ(se->bytes, sha512 + std::string(192, '\0'));
  auto cca = BindInitdataDigest(Tee::kCca, HashAlgorithm::kSha512, sha512);
  ASSERT_OK(cca.status());
  EXPECT_EQ(cca->bytes, sha512);
  EXPECT_EQ(cca->hex, crypto::HexEncode(sha512));
  EXPECT_EQ(cca->base64, crypto::Base64Encode(sha512, crypto::Base64Alphabet::kStandard, true));
}

TEST(BindingTest, VtpmTeesNeedSha256) {
  std::string sha256 = crypto::Digest(HashAlgorithm::kSha256, "x");
  std::string sha384 = crypto::Digest(HashAlgorithm::kSha384, "x");
  for (Tee tee : {Tee::kAzSnpVtpm, Tee::kAzTdxVtpm, Tee::kTpm}) {
    auto ok = BindInitdataDigest(tee, HashAlgorithm::kSha256, sha256);
    ASSERT_OK(ok.status());
    EXPECT_EQ(ok->bytes, sha256);
    Status st = BindInitdataDigest(tee, HashAlgorithm::kSha384, sha384).status();
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << TeeName(tee);
    EXPECT_NE(st.message().find("sha256"), std::string::npos);
  }
}

TEST(BindingTest, RejectsDigestsOfTheWrongLength) {
  EXPECT_FALSE(BindInitdataDigest(Tee::kSnp, HashAlgorithm::kSha384, std::string(32, 'a')).ok());
  EXPECT_FALSE(BindInitdataDigest(Tee::kSnp, HashAlgorithm::kSha256, "").ok());
}

TEST(BindingTest, TeeNamesRoundTrip) {
  for (Tee tee : {Tee::kSnp, Tee::kTdx, Tee::kAzSnpVtpm, Tee::kAzTdxVtpm, Tee::kTpm, Tee::kSe,
                  Tee::kCca}) {
    EXPECT_EQ(ParseTee(TeeName(tee)), tee);
  }
  EXPECT_EQ(TeeName(Tee::kAzSnpVtpm), "az-snp-vtpm");
  EXPECT_FALSE(ParseTee("sev").has_value());
}

}  // namespace
}  // namespace cocoplane::gen::workload
