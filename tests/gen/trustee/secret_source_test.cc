#include "gen/trustee/secret_source.h"

#include <gtest/gtest.h>

#include "crypto/digest.h"
#include "gen/trustee/parse_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::trustee {
namespace {

using cocoplane::testing::ParseToml;

TEST(SecretSourceTest, PlaceholderCarriesSourceAndDigestButNotTheValue) {
  SecretSource source{"env:VAULT_TOKEN", "hvs.inline"};
  SecretPlaceholder p = MakePlaceholder("vault-token", "plugins[0].token", source);
  EXPECT_EQ(p.placeholder, "${cocoplane.secret:vault-token}");
  EXPECT_EQ(p.field, "plugins[0].token");
  EXPECT_EQ(p.value_from, "env:VAULT_TOKEN");
  EXPECT_EQ(p.value_sha256, crypto::Sha256Hex("hvs.inline"));
  EXPECT_EQ(p.placeholder.find("hvs.inline"), std::string::npos);
}

TEST(SecretSourceTest, NoInlineValueMeansNoDigest) {
  EXPECT_EQ(InlineValueDigest(SecretSource{"env:X", ""}), "");
}

TEST(SecretSourceTest, FillEscapesTheValueSoTheFileStillParses) {
  SecretPlaceholder p = MakePlaceholder("vault-token", "plugins[0].token", {"env:T", ""});
  std::string toml = "[[plugins]]\nname = \"resource\"\ntoken = \"" + p.placeholder + "\"\n";
  const std::string value = "s.\"quoted\"\\back\x7f\ttab\nnl";

  Result<std::string> filled = FillTomlPlaceholder(toml, p, value);
  ASSERT_OK(filled.status());
  auto table = ParseToml(*filled);
  ASSERT_TRUE(table.has_value()) << *filled;
  EXPECT_EQ((*table)["plugins"][0]["token"].value<std::string>(), value);
  EXPECT_EQ((*table)["plugins"][0]["name"].value<std::string>(), "resource");
}

TEST(SecretSourceTest, FillFailsWhenThePlaceholderIsMissingOrRepeated) {
  SecretPlaceholder p = MakePlaceholder("vault-token", "plugins[0].token", {"env:T", ""});
  EXPECT_EQ(FillTomlPlaceholder("token = \"other\"\n", p, "v").status().code(),
            StatusCode::kNotFound);
  std::string twice = "a = \"" + p.placeholder + "\"\nb = \"" + p.placeholder + "\"\n";
  EXPECT_EQ(FillTomlPlaceholder(twice, p, "v").status().code(), StatusCode::kNotFound);
}

TEST(SecretSourceTest, FillRejectsNonUtf8Values) {
  SecretPlaceholder p = MakePlaceholder("t", "token", {"env:T", ""});
  std::string toml = "token = \"" + p.placeholder + "\"\n";
  EXPECT_EQ(FillTomlPlaceholder(toml, p, "\xff").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cocoplane::gen::trustee
