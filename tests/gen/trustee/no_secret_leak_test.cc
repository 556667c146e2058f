// A canary secret passed through every input that can carry one must not
// appear in any generated artifact; only its SHA-256 may.
#include <gtest/gtest.h>

#include "crypto/digest.h"
#include "gen/trustee/kbs_config.h"
#include "gen/trustee/manifests.h"
#include "gen/trustee/rvps.h"
#include "testing/matchers.h"

namespace cocoplane::gen::trustee {
namespace {

constexpr const char* kCanary = "hvs.CANARY-7f3a9c-do-not-leak";

SecretSource Canary(std::string from) { return SecretSource{std::move(from), kCanary}; }

TEST(NoSecretLeakTest, CanaryAppearsInNoOutput) {
  std::vector<std::string> outputs;

  KbsConfigInput config;
  config.trustee_version = "0.21.0";
  config.vault = VaultBackend{"https://vault:8200", "kv", {}, {}, Canary("env:VAULT_TOKEN")};
  Result<KbsConfigFile> file = GenerateKbsConfig(config);
  ASSERT_OK(file.status());
  outputs.push_back(file->text);
  for (const auto& p : file->placeholders) {
    outputs.insert(outputs.end(), {p.placeholder, p.field, p.value_from, p.value_sha256});
  }

  TrusteeManifestsInput kbs;
  kbs.trustee_version = "0.21.0";
  kbs.kind = ManifestKind::kKbsConfig;
  kbs.kbs_config_toml = file->text;
  kbs.kbs_config_placeholders = file->placeholders;
  kbs.resource_policy_rego = "package policy\n";
  kbs.cpu_attestation_policy_rego = "package policy\n";
  kbs.reference_values_json = LocalJsonReferenceValues("0.21.0", {}).value();
  kbs.auth_public_key = Canary("generated");
  kbs.https_private_key = Canary("env:HTTPS_KEY");
  kbs.https_certificate = Canary("env:HTTPS_CERT");
  kbs.token_private_key = Canary("env:TOKEN_KEY");
  kbs.token_certificate = Canary("env:TOKEN_CERT");
  kbs.resource_secrets = {{"db", {{"password", Canary("env:DB_PASSWORD")}}}};
  Result<TrusteeManifests> manifests = GenerateTrusteeManifests(kbs);
  ASSERT_OK(manifests.status());
  outputs.push_back(manifests->yaml);

  TrusteeManifestsInput trustee = kbs;
  trustee.kind = ManifestKind::kTrusteeConfig;
  trustee.kbs_config_toml.clear();
  trustee.kbs_config_placeholders.clear();
  trustee.resource_policy_rego.clear();
  trustee.cpu_attestation_policy_rego.clear();
  trustee.reference_values_json.clear();
  trustee.resource_secrets.clear();
  Result<TrusteeManifests> trustee_manifests = GenerateTrusteeManifests(trustee);
  ASSERT_OK(trustee_manifests.status());
  outputs.push_back(trustee_manifests->yaml);

  for (const auto& output : outputs) {
    EXPECT_EQ(output.find(kCanary), std::string::npos) << output;
    EXPECT_EQ(output.find("CANARY"), std::string::npos) << output;
  }
  // The digest is how a plan notices that an inline value changed.
  std::string digest = crypto::Sha256Hex(kCanary);
  EXPECT_EQ(file->placeholders.at(0).value_sha256, digest);
  EXPECT_NE(manifests->yaml.find("cocoplane.io/value-sha256: \"password=" + digest + "\""),
            std::string::npos)
      << manifests->yaml;
}

}  // namespace
}  // namespace cocoplane::gen::trustee
