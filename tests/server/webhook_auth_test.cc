// The webhook credential checks, as pure functions.
#include "server/webhook_auth.h"

#include <gtest/gtest.h>

namespace cocoplane::server {
namespace {

// GitHub's own example ("Validating webhook deliveries"); the digest was
// re-derived with `printf 'Hello, World!' | openssl dgst -sha256 -hmac ...`.
constexpr std::string_view kGithubSecret = "It's a Secret to Everybody";
constexpr std::string_view kGithubBody = "Hello, World!";
constexpr std::string_view kGithubSignature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(WebhookAuth, SignsLikeGithub) {
  EXPECT_EQ(SignHmacSha256(kGithubSecret, kGithubBody), kGithubSignature);
}

TEST(WebhookAuth, VerifiesGithubsExampleDelivery) {
  EXPECT_TRUE(VerifyHmacSha256(kGithubSignature, kGithubSecret, kGithubBody));
}

TEST(WebhookAuth, AcceptsUpperCaseHexDigits) {
  std::string upper(kGithubSignature);
  for (size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(VerifyHmacSha256(upper, kGithubSecret, kGithubBody));
}

TEST(WebhookAuth, RejectsAnyOtherSignature) {
  // Another body, another secret, the sha1 scheme, truncated, not hex, empty.
  EXPECT_FALSE(VerifyHmacSha256(kGithubSignature, kGithubSecret, "Hello, World?"));
  EXPECT_FALSE(VerifyHmacSha256(kGithubSignature, "another secret", kGithubBody));
  EXPECT_FALSE(
      VerifyHmacSha256("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                       kGithubSecret, kGithubBody));
  EXPECT_FALSE(VerifyHmacSha256(kGithubSignature.substr(0, 70), kGithubSecret, kGithubBody));
  EXPECT_FALSE(
      VerifyHmacSha256("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                       kGithubSecret, kGithubBody));
  EXPECT_FALSE(VerifyHmacSha256(std::string(kGithubSignature) + "00", kGithubSecret, kGithubBody));
  EXPECT_FALSE(VerifyHmacSha256("", kGithubSecret, kGithubBody));
}

TEST(WebhookAuth, AnEmptySecretNeverVerifies) {
  // Even the correct HMAC under the empty key: an unset secret is "off".
  EXPECT_FALSE(VerifyHmacSha256(SignHmacSha256("", "x"), "", "x"));
}

TEST(WebhookAuth, TokensMustMatchExactly) {
  EXPECT_TRUE(VerifyToken("gitlab-token-1", "gitlab-token-1"));
  EXPECT_FALSE(VerifyToken("gitlab-token-2", "gitlab-token-1"));
  EXPECT_FALSE(VerifyToken("gitlab-token", "gitlab-token-1"));
  EXPECT_FALSE(VerifyToken("gitlab-token-1 ", "gitlab-token-1"));
  EXPECT_FALSE(VerifyToken("", "gitlab-token-1"));
  EXPECT_FALSE(VerifyToken("", ""));
}

}  // namespace
}  // namespace cocoplane::server
