#include "gen/workload/image_policy.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

using nlohmann::json;

const PolicyRequirement kReject{.type = RequirementType::kReject};
const PolicyRequirement kAccept{.type = RequirementType::kInsecureAcceptAnything};

PolicyRequirement Cosign(std::string key_path) {
  return {.type = RequirementType::kSigstoreSigned, .key_path = std::move(key_path)};
}

constexpr char kCosignPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
    "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
    "-----END PUBLIC KEY-----\n";

TEST(ImagePolicyTest, RejectAllStillWritesTransports) {
  auto text = RenderImagePolicyJson({.default_requirements = {kReject}});
  ASSERT_OK(text.status());
  EXPECT_EQ(*text,
            "{\n"
            "  \"default\": [\n"
            "    {\n"
            "      \"type\": \"reject\"\n"
            "    }\n"
            "  ],\n"
            "  \"transports\": {}\n"
            "}\n");
}

// The Kata CI policy of reference §7 (k8s-guest-pull-image-signature.bats).
TEST(ImagePolicyTest, ReproducesTheKataCiPolicy) {
  ImagePolicy policy{
      .default_requirements = {kReject},
      .docker_scopes = {
          {"ghcr.io/confidential-containers/test-container-image-rs",
           {Cosign("kbs:///default/cosign-public-key/test")}},
          {"quay.io/prometheus", {kAccept}},
      }};
  auto text = RenderImagePolicyJson(policy);
  ASSERT_OK(text.status());
  json expected = json::parse(R"({"default":[{"type":"reject"}],
   "transports":{"docker":{
     "ghcr.io/confidential-containers/test-container-image-rs":[{"type":"sigstoreSigned","keyPath":"kbs:///default/cosign-public-key/test"}],
     "quay.io/prometheus":[{"type":"insecureAcceptAnything"}]}}})");
  EXPECT_EQ(json::parse(*text), expected);
  EXPECT_EQ(*RenderImagePolicyJson(policy), *text) << "deterministic";
}

TEST(ImagePolicyTest, SigstoreKeyDataIsPemTextAndIdentityIsCosignCompatible) {
  PolicyRequirement req{.type = RequirementType::kSigstoreSigned,
                        .key_data = kCosignPem,
                        .signed_identity = SignedIdentity{
                            .type = SignedIdentityType::kExactRepository,
                            .docker_repository = "ghcr.io/org/app"}};
  auto text = RenderImagePolicyJson({.default_requirements = {req}});
  ASSERT_OK(text.status());
  json doc = json::parse(*text);
  EXPECT_EQ(doc["default"][0]["keyData"], kCosignPem) << "PEM, not base64";
  EXPECT_EQ(doc["default"][0]["signedIdentity"],
            json({{"type", "exactRepository"}, {"dockerRepository", "ghcr.io/org/app"}}));
  EXPECT_FALSE(doc["default"][0].contains("keyPath"));
}

TEST(ImagePolicyTest, SigstoreRejectsIdentitiesCosignCannotSatisfy) {
  for (SignedIdentityType type :
       {SignedIdentityType::kMatchExact, SignedIdentityType::kMatchRepoDigestOrExact,
        SignedIdentityType::kExactReference, SignedIdentityType::kRemapIdentity}) {
    PolicyRequirement req = Cosign("kbs:///default/cosign-key/1");
    req.signed_identity = SignedIdentity{.type = type,
                                         .docker_reference = "r",
                                         .docker_repository = "r",
                                         .prefix = "p",
                                         .signed_prefix = "q"};
    Status st = RenderImagePolicyJson({.default_requirements = {kReject},
                                       .docker_scopes = {{"ghcr.io/org", {req}}}})
                    .status();
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(st.message().find("ghcr.io/org"), std::string::npos) << st.message();
  }
  PolicyRequirement ok = Cosign("kbs:///default/cosign-key/1");
  ok.signed_identity = SignedIdentity{.type = SignedIdentityType::kMatchRepository};
  auto accepted = RenderImagePolicyJson({.default_requirements = {ok}});
  EXPECT_OK(accepted.status());
}

TEST(ImagePolicyTest, SignedByUsesGpgKeysAndAnyIdentity) {
  PolicyRequirement req{.type = RequirementType::kSignedBy,
                        .key_path = "kbs:///default/gpg-keys/prod",
                        .signed_identity = SignedIdentity{.type = SignedIdentityType::kRemapIdentity,
                                                          .prefix = "docker.io",
                                                          .signed_prefix = "quay.io"}};
  auto text = RenderImagePolicyJson({.default_requirements = {req}});
  ASSERT_OK(text.status());
  json expected = json::parse(R"({"type":"signedBy","keyType":"GPGKeys",
      "keyPath":"kbs:///default/gpg-keys/prod",
      "signedIdentity":{"type":"remapIdentity","prefix":"docker.io","signedPrefix":"quay.io"}})");
  EXPECT_EQ(json::parse(*text)["default"][0], expected);

  PolicyRequirement keyring{.type = RequirementType::kSignedBy, .key_data = "bm9uc2Vuc2U="};
  auto with_keyring = RenderImagePolicyJson({.default_requirements = {keyring}});
  EXPECT_OK(with_keyring.status());
  keyring.key_data = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  EXPECT_FALSE(RenderImagePolicyJson({.default_requirements = {keyring}}).ok());
}

TEST(ImagePolicyTest, RejectsMalformedRequirements) {
  auto fails = [](ImagePolicy policy) { return !RenderImagePolicyJson(policy).ok(); };
  EXPECT_TRUE(fails({.default_requirements = {}})) << "empty default";
  EXPECT_TRUE(fails({.default_requirements = {kReject}, .docker_scopes = {{"quay.io", {}}}}));
  EXPECT_TRUE(fails({.default_requirements = {Cosign("")}})) << "no key";
  PolicyRequirement both = Cosign("kbs:///a/b/c");
  both.key_data = kCosignPem;
  EXPECT_TRUE(fails({.default_requirements = {both}})) << "two keys";
  PolicyRequirement base64_key{.type = RequirementType::kSigstoreSigned, .key_data = "TUZrd0V3WUhL"};
  EXPECT_TRUE(fails({.default_requirements = {base64_key}})) << "base64 keyData";
  PolicyRequirement reject_with_key = kReject;
  reject_with_key.key_path = "kbs:///a/b/c";
  EXPECT_TRUE(fails({.default_requirements = {reject_with_key}}));
  PolicyRequirement missing_repo = Cosign("kbs:///a/b/c");
  missing_repo.signed_identity = SignedIdentity{.type = SignedIdentityType::kExactRepository};
  EXPECT_TRUE(fails({.default_requirements = {missing_repo}}));
  EXPECT_TRUE(fails({.default_requirements = {kReject}, .docker_scopes = {{"bad\xff", {kAccept}}}}));
}

}  // namespace
}  // namespace cocoplane::gen::workload
