#include "gen/trustee/rvps.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "testing/matchers.h"

namespace cocoplane::gen::trustee {
namespace {

using crypto::Base64Alphabet;
using crypto::Base64Decode;

constexpr const char* kVersion = "0.21.0";

ReferenceValueInput Value(std::string name, std::vector<ReferenceScalar> values,
                          std::string expiration = "2027-01-01T00:00:00Z") {
  ReferenceValueInput v;
  v.name = std::move(name);
  v.values = std::move(values);
  v.expiration = std::move(expiration);
  return v;
}

// The operator's e2e test, tests/e2e/sample-attester/05-rvps-reference-values.yaml
// (reference/trustee.md §4).
constexpr const char* kOperatorSvn =
    "eyJuYW1lIjoic3ZuIiwiZXhwaXJhdGlvbiI6IjIwMjctMDEtMDFUMDA6MDA6MDBaIiwidmFsdWUiOjF9";

TEST(RvpsTest, ReproducesTheOperatorE2eVectorExactly) {
  ReferenceValueInput svn = Value("svn", {int64_t{1}});
  svn.single_value = true;

  Result<std::string> file =
      LocalJsonReferenceValues(kVersion, {svn}, LocalJsonOptions{.emit_version = false});

  ASSERT_OK(file.status());
  EXPECT_EQ(*file, std::string("{\"svn\":\"") + kOperatorSvn + "\"}");
  // Independent check: the vector decodes to the JSON the operator wrote.
  EXPECT_EQ(Base64Decode(kOperatorSvn, Base64Alphabet::kUrl),
            R"({"name":"svn","expiration":"2027-01-01T00:00:00Z","value":1})");
}

TEST(RvpsTest, StoredValueUsesUpstreamFieldOrderWithVersionFirst) {
  Result<std::string> stored = StoredReferenceValue(kVersion, Value("svn", {std::string("1")}));
  ASSERT_OK(stored.status());
  EXPECT_EQ(
      *stored,
      R"({"version":"0.1.0","name":"svn","expiration":"2027-01-01T00:00:00Z","value":["1"]})");
}

TEST(RvpsTest, LocalJsonValuesAreUrlSafePaddedBase64OfParseableJson) {
  // "????" makes the encoding contain '_' and end in "==" (checked with
  // Python's base64.urlsafe_b64encode).
  std::vector<ReferenceValueInput> values = {
      Value("odd", {std::string("????")}, "2030-06-30T12:00:00Z"),
      Value("mr_td", {std::string("abc"), std::string("def")}),
      Value("debug", {false}),
  };
  Result<std::string> file = LocalJsonReferenceValues(kVersion, values);
  ASSERT_OK(file.status());

  nlohmann::json map = nlohmann::json::parse(*file);
  ASSERT_EQ(map.size(), 3u);
  EXPECT_EQ(map["odd"].get<std::string>(),
            "eyJ2ZXJzaW9uIjoiMC4xLjAiLCJuYW1lIjoib2RkIiwiZXhwaXJhdGlvbiI6IjIwMzAtMDYtMzBUMTI6MDA6"
            "MDBaIiwidmFsdWUiOlsiPz8_PyJdfQ==");
  for (const auto& [name, encoded] : map.items()) {
    std::string text = encoded.get<std::string>();
    EXPECT_EQ(text.size() % 4, 0u) << "padded: " << text;
    auto decoded = Base64Decode(text, Base64Alphabet::kUrl);
    ASSERT_TRUE(decoded.has_value()) << text;
    nlohmann::json rv = nlohmann::json::parse(*decoded);
    EXPECT_EQ(rv["version"], "0.1.0");
    EXPECT_EQ(rv["name"], name);
    EXPECT_TRUE(rv["value"].is_array());
  }
  nlohmann::json mr_td =
      nlohmann::json::parse(*Base64Decode(map["mr_td"].get<std::string>(), Base64Alphabet::kUrl));
  EXPECT_EQ(mr_td["value"], nlohmann::json::array({"abc", "def"}));
  EXPECT_EQ(mr_td["expiration"], "2027-01-01T00:00:00Z");
}

TEST(RvpsTest, LocalJsonNamesAreSortedAndEmptyInputIsAnEmptyObject) {
  Result<std::string> file =
      LocalJsonReferenceValues(kVersion, {Value("b", {int64_t{2}}), Value("a", {int64_t{1}})});
  ASSERT_OK(file.status());
  EXPECT_LT(file->find("\"a\""), file->find("\"b\""));
  EXPECT_EQ(LocalJsonReferenceValues(kVersion, {}).value(), "{}");
}

TEST(RvpsTest, RegistrationMessageCarriesAStandardBase64SamplePayload) {
  std::vector<ReferenceValueInput> values = {
      Value("svn", {std::string("1")}),
      Value("mr_td", {std::string("abc")}),
      Value("count", {int64_t{7}, true}),
  };
  Result<std::string> message = RegistrationMessage(kVersion, values);
  ASSERT_OK(message.status());

  nlohmann::json json = nlohmann::json::parse(*message);
  EXPECT_EQ(message->rfind(R"({"version":"0.1.0","type":"sample","payload":")", 0), 0u);
  auto payload = Base64Decode(json["payload"].get<std::string>(), Base64Alphabet::kStandard);
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(*payload, R"({"count":[7,true],"mr_td":["abc"],"svn":["1"]})");
}

TEST(RvpsTest, InvalidInputsAreRejected) {
  EXPECT_EQ(RegistrationMessage("0.18.0", {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(RegistrationMessage(kVersion, {Value("", {})}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RegistrationMessage(kVersion, {Value("a", {}), Value("a", {})}).status().code(),
            StatusCode::kInvalidArgument);
  ReferenceValueInput two = Value("a", {int64_t{1}, int64_t{2}});
  two.single_value = true;
  EXPECT_EQ(RegistrationMessage(kVersion, {two}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(RegistrationMessage(kVersion, {Value("a", {std::string("\xff")})}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      LocalJsonReferenceValues(kVersion, {Value("a", {}, "2027-01-01 00:00:00")}).status().code(),
      StatusCode::kInvalidArgument);
}

TEST(RvpsTest, ExpirationMustBeARealUtcTimeInRvpsFormat) {
  EXPECT_TRUE(IsValidExpiration("2027-01-01T00:00:00Z"));
  EXPECT_TRUE(IsValidExpiration("2028-02-29T23:59:59Z"));
  EXPECT_FALSE(IsValidExpiration("2027-02-29T00:00:00Z"));
  EXPECT_FALSE(IsValidExpiration("1900-02-29T00:00:00Z"));
  EXPECT_TRUE(IsValidExpiration("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(IsValidExpiration("2027-13-01T00:00:00Z"));
  EXPECT_FALSE(IsValidExpiration("2027-01-01T24:00:00Z"));
  EXPECT_FALSE(IsValidExpiration("2027-01-01T00:00:00"));
  EXPECT_FALSE(IsValidExpiration("2027-01-01T00:00:00+00:00"));
  EXPECT_FALSE(IsValidExpiration("2027-1-01T00:00:00Z"));
}

}  // namespace
}  // namespace cocoplane::gen::trustee
