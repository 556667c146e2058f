#include "gen/trustee/manifests.h"

#include <gtest/gtest.h>

#include "gen/trustee/parse_util.h"
#include "gen/trustee/rvps.h"
#include "testing/matchers.h"

namespace cocoplane::gen::trustee {
namespace {

using cocoplane::testing::ParseToml;
using cocoplane::testing::ParseYamlAll;

constexpr const char* kResourcePolicy =
    "package policy\nimport rego.v1\n\ndefault allow := false\nallow if {\n\tdata.plugin == "
    "\"resource\"\n}\n";
constexpr const char* kCpuPolicy = "package policy\ndefault hardware := 97\n";

TrusteeManifestsInput KbsConfigInputFor(TrusteeProfile profile) {
  KbsConfigInput config;
  config.trustee_version = "0.21.0";
  config.profile = profile;
  TrusteeManifestsInput input;
  input.trustee_version = "0.21.0";
  input.kind = ManifestKind::kKbsConfig;
  input.profile = profile;
  input.kbs_config_toml = GenerateKbsConfig(config).value().text;
  input.resource_policy_rego = kResourcePolicy;
  input.cpu_attestation_policy_rego = kCpuPolicy;
  input.auth_public_key = {"generated:ed25519-public-key", ""};
  input.https_private_key = {"secret:cert-manager/kbs-tls#tls.key", ""};
  input.https_certificate = {"secret:cert-manager/kbs-tls#tls.crt", ""};
  input.token_private_key = {"file:/etc/cocoplane/token.key", ""};
  input.token_certificate = {"file:/etc/cocoplane/token.crt", ""};
  return input;
}

std::vector<YAML::Node> Docs(const TrusteeManifests& manifests) {
  auto docs = ParseYamlAll(manifests.yaml);
  EXPECT_TRUE(docs.has_value()) << manifests.yaml;
  EXPECT_EQ(docs.value_or(std::vector<YAML::Node>{}).size(), manifests.objects.size());
  return docs.value_or(std::vector<YAML::Node>{});
}

const YAML::Node* Find(const std::vector<YAML::Node>& docs, const std::string& kind,
                       const std::string& name) {
  for (const auto& doc : docs) {
    if (doc["kind"].as<std::string>() == kind &&
        doc["metadata"]["name"].as<std::string>() == name) {
      return &doc;
    }
  }
  return nullptr;
}

std::vector<std::string> Keys(const YAML::Node& map) {
  std::vector<std::string> out;
  for (const auto& entry : map) out.push_back(entry.first.as<std::string>());
  return out;
}

TEST(ManifestsTest, KbsConfigRestrictedEmitsEveryMountedObjectInApplyOrder) {
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kRestricted);
  Result<TrusteeManifests> out = GenerateTrusteeManifests(input);
  ASSERT_OK(out.status());

  std::vector<std::pair<std::string, std::string>> objects;
  for (const auto& o : out->objects) objects.emplace_back(o.kind, o.name);
  EXPECT_EQ(objects, (std::vector<std::pair<std::string, std::string>>{
                         {"ConfigMap", "cocoplane-attestation-policy-cpu"},
                         {"ConfigMap", "cocoplane-kbs-config"},
                         {"ConfigMap", "cocoplane-resource-policy"},
                         {"ConfigMap", "cocoplane-rvps-reference-values"},
                         {"Secret", "cocoplane-attestation-cert"},
                         {"Secret", "cocoplane-attestation-key"},
                         {"Secret", "cocoplane-auth-secret"},
                         {"Secret", "cocoplane-https-cert"},
                         {"Secret", "cocoplane-https-key"},
                         {"KbsConfig", "cocoplane"},
                     }));

  std::vector<YAML::Node> docs = Docs(*out);
  for (const auto& doc : docs) {
    EXPECT_EQ(doc["metadata"]["namespace"].as<std::string>(), "trustee-operator-system");
    EXPECT_EQ(doc["metadata"]["labels"]["app.kubernetes.io/managed-by"].as<std::string>(),
              "cocoplane");
  }
  const YAML::Node* kbs = Find(docs, "KbsConfig", "cocoplane");
  ASSERT_NE(kbs, nullptr);
  EXPECT_EQ((*kbs)["apiVersion"].as<std::string>(), "confidentialcontainers.org/v1alpha1");
  const YAML::Node spec = (*kbs)["spec"];
  EXPECT_EQ(spec["kbsConfigMapName"].as<std::string>(), "cocoplane-kbs-config");
  EXPECT_EQ(spec["kbsAuthSecretName"].as<std::string>(), "cocoplane-auth-secret");
  EXPECT_EQ(spec["kbsDeploymentType"].as<std::string>(), "AllInOneDeployment");
  EXPECT_EQ(spec["kbsResourcePolicyConfigMapName"].as<std::string>(), "cocoplane-resource-policy");
  EXPECT_EQ(spec["kbsAttestationPolicyConfigMapName"].as<std::string>(),
            "cocoplane-attestation-policy-cpu");
  EXPECT_FALSE(spec["kbsGpuAttestationPolicyConfigMapName"]);
  EXPECT_EQ(spec["kbsRvpsRefValuesConfigMapName"].as<std::string>(),
            "cocoplane-rvps-reference-values");
  EXPECT_EQ(spec["kbsHttpsKeySecretName"].as<std::string>(), "cocoplane-https-key");
  EXPECT_EQ(spec["kbsHttpsCertSecretName"].as<std::string>(), "cocoplane-https-cert");
  EXPECT_EQ(spec["kbsAttestationKeySecretName"].as<std::string>(), "cocoplane-attestation-key");
  EXPECT_EQ(spec["kbsAttestationCertSecretName"].as<std::string>(), "cocoplane-attestation-cert");
}

TEST(ManifestsTest, ConfigMapsHoldTheExactKeysAndBytesTheOperatorMounts) {
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kRestricted);
  input.reference_values_json = R"({"svn":"eyJ9"})";
  std::vector<YAML::Node> docs = Docs(GenerateTrusteeManifests(input).value());

  const YAML::Node* config = Find(docs, "ConfigMap", "cocoplane-kbs-config");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(Keys((*config)["data"]), std::vector<std::string>{"kbs-config.toml"});
  std::string toml_text = (*config)["data"]["kbs-config.toml"].as<std::string>();
  EXPECT_EQ(toml_text, input.kbs_config_toml);
  EXPECT_TRUE(ParseToml(toml_text).has_value());

  const YAML::Node* policy = Find(docs, "ConfigMap", "cocoplane-resource-policy");
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(Keys((*policy)["data"]), std::vector<std::string>{"resource-policy.rego"});
  EXPECT_EQ((*policy)["data"]["resource-policy.rego"].as<std::string>(), kResourcePolicy);

  const YAML::Node* cpu = Find(docs, "ConfigMap", "cocoplane-attestation-policy-cpu");
  ASSERT_NE(cpu, nullptr);
  EXPECT_EQ((*cpu)["data"]["default_cpu.rego"].as<std::string>(), kCpuPolicy);

  const YAML::Node* rv = Find(docs, "ConfigMap", "cocoplane-rvps-reference-values");
  ASSERT_NE(rv, nullptr);
  EXPECT_EQ(Keys((*rv)["data"]), std::vector<std::string>{"reference_value"});
  EXPECT_EQ((*rv)["data"]["reference_value"].as<std::string>(), R"({"svn":"eyJ9"})");
}

TEST(ManifestsTest, ReferenceValuesDefaultToAnEmptyObject) {
  std::vector<YAML::Node> docs =
      Docs(GenerateTrusteeManifests(KbsConfigInputFor(TrusteeProfile::kPermissive)).value());
  const YAML::Node* rv = Find(docs, "ConfigMap", "cocoplane-rvps-reference-values");
  ASSERT_NE(rv, nullptr);
  EXPECT_EQ((*rv)["data"]["reference_value"].as<std::string>(), "{}");
}

TEST(ManifestsTest, GpuPolicyConfigMapOnlyWhenAGpuPolicyIsGiven) {
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kRestricted);
  input.gpu_attestation_policy_rego = "package policy\ndefault hardware := 97\n";
  std::vector<YAML::Node> docs = Docs(GenerateTrusteeManifests(input).value());

  const YAML::Node* gpu = Find(docs, "ConfigMap", "cocoplane-attestation-policy-gpu");
  ASSERT_NE(gpu, nullptr);
  EXPECT_EQ(Keys((*gpu)["data"]), std::vector<std::string>{"default_gpu.rego"});
  EXPECT_EQ((*Find(docs, "KbsConfig", "cocoplane"))["spec"]["kbsGpuAttestationPolicyConfigMapName"]
                .as<std::string>(),
            "cocoplane-attestation-policy-gpu");
}

TEST(ManifestsTest, SecretsHaveEmptyValuesAndSayWhereValuesComeFrom) {
  std::vector<YAML::Node> docs =
      Docs(GenerateTrusteeManifests(KbsConfigInputFor(TrusteeProfile::kRestricted)).value());

  const YAML::Node* key = Find(docs, "Secret", "cocoplane-https-key");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(Keys((*key)["stringData"]), std::vector<std::string>{"privateKey"});
  EXPECT_EQ((*key)["stringData"]["privateKey"].as<std::string>(), "");
  EXPECT_EQ((*key)["metadata"]["annotations"]["cocoplane.io/value-from"].as<std::string>(),
            "secret:cert-manager/kbs-tls#tls.key");
  EXPECT_FALSE((*key)["type"]);
  const YAML::Node* token = Find(docs, "Secret", "cocoplane-attestation-cert");
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(Keys((*token)["stringData"]), std::vector<std::string>{"token.crt"});
  const YAML::Node* auth = Find(docs, "Secret", "cocoplane-auth-secret");
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(Keys((*auth)["stringData"]), std::vector<std::string>{"publicKey"});
}

TEST(ManifestsTest, PermissiveKbsConfigMountsNoTlsMaterial) {
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kPermissive);
  input.https_private_key = {};
  input.https_certificate = {};
  input.token_private_key = {};
  input.token_certificate = {};
  std::vector<YAML::Node> docs = Docs(GenerateTrusteeManifests(input).value());

  EXPECT_EQ(Find(docs, "Secret", "cocoplane-https-key"), nullptr);
  const YAML::Node spec = (*Find(docs, "KbsConfig", "cocoplane"))["spec"];
  EXPECT_FALSE(spec["kbsHttpsKeySecretName"]);
  EXPECT_FALSE(spec["kbsAttestationCertSecretName"]);
  EXPECT_TRUE(spec["kbsAuthSecretName"]);
}

TEST(ManifestsTest, ResourceSecretsBecomeKbsSecretResources) {
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kRestricted);
  input.resource_secrets = {
      {"registry-auth", {{"auth.json", {"vault:kv/registry", ""}}}},
      {"db", {{"password", {"env:DB_PASSWORD", ""}}, {"user", {"env:DB_USER", ""}}}},
  };
  std::vector<YAML::Node> docs = Docs(GenerateTrusteeManifests(input).value());

  const YAML::Node list = (*Find(docs, "KbsConfig", "cocoplane"))["spec"]["kbsSecretResources"];
  ASSERT_TRUE(list.IsSequence());
  EXPECT_EQ(list[0].as<std::string>(), "db");
  EXPECT_EQ(list[1].as<std::string>(), "registry-auth");
  const YAML::Node* db = Find(docs, "Secret", "db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(Keys((*db)["stringData"]), (std::vector<std::string>{"password", "user"}));
  EXPECT_EQ((*db)["metadata"]["annotations"]["cocoplane.io/value-from"].as<std::string>(),
            "password=env:DB_PASSWORD; user=env:DB_USER");
}

TEST(ManifestsTest, ResourceSecretNamesAndKeysAreChecked) {
  TrusteeManifestsInput bad_key = KbsConfigInputFor(TrusteeProfile::kRestricted);
  bad_key.resource_secrets = {{"db", {{".hidden", {"env:X", ""}}}}};
  EXPECT_EQ(GenerateTrusteeManifests(bad_key).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput clash = KbsConfigInputFor(TrusteeProfile::kRestricted);
  clash.resource_secrets = {{"cocoplane-https-key", {{"k", {"env:X", ""}}}}};
  EXPECT_EQ(GenerateTrusteeManifests(clash).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput upper = KbsConfigInputFor(TrusteeProfile::kRestricted);
  upper.resource_secrets = {{"DB", {{"k", {"env:X", ""}}}}};
  EXPECT_EQ(GenerateTrusteeManifests(upper).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput no_source = KbsConfigInputFor(TrusteeProfile::kRestricted);
  no_source.resource_secrets = {{"db", {{"k", {"", ""}}}}};
  EXPECT_EQ(GenerateTrusteeManifests(no_source).status().code(), StatusCode::kInvalidArgument);
}

TEST(ManifestsTest, KbsConfigNeedsItsTextsAndSources) {
  TrusteeManifestsInput no_policy = KbsConfigInputFor(TrusteeProfile::kRestricted);
  no_policy.resource_policy_rego.clear();
  EXPECT_EQ(GenerateTrusteeManifests(no_policy).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput no_tls = KbsConfigInputFor(TrusteeProfile::kRestricted);
  no_tls.token_private_key = {};
  EXPECT_EQ(GenerateTrusteeManifests(no_tls).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput bad_utf8 = KbsConfigInputFor(TrusteeProfile::kRestricted);
  bad_utf8.cpu_attestation_policy_rego = "package policy\n\xff\n";
  EXPECT_EQ(GenerateTrusteeManifests(bad_utf8).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput bad_name = KbsConfigInputFor(TrusteeProfile::kRestricted);
  bad_name.name = "Cocoplane";
  EXPECT_EQ(GenerateTrusteeManifests(bad_name).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput bad_service = KbsConfigInputFor(TrusteeProfile::kRestricted);
  bad_service.service_type = "ExternalName";
  EXPECT_EQ(GenerateTrusteeManifests(bad_service).status().code(), StatusCode::kInvalidArgument);

  TrusteeManifestsInput old = KbsConfigInputFor(TrusteeProfile::kRestricted);
  old.trustee_version = "0.15.0";
  EXPECT_EQ(GenerateTrusteeManifests(old).status().code(), StatusCode::kInvalidArgument);
}

TEST(ManifestsTest, VaultPlaceholdersAreFlaggedOnTheKbsConfigConfigMap) {
  KbsConfigInput config;
  config.trustee_version = "0.21.0";
  config.vault = VaultBackend{"https://vault:8200", "kv", {}, {}, {"env:VAULT_TOKEN", ""}};
  KbsConfigFile file = GenerateKbsConfig(config).value();
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kRestricted);
  input.kbs_config_toml = file.text;
  input.kbs_config_placeholders = file.placeholders;
  std::vector<YAML::Node> docs = Docs(GenerateTrusteeManifests(input).value());

  const YAML::Node notes =
      (*Find(docs, "ConfigMap", "cocoplane-kbs-config"))["metadata"]["annotations"];
  EXPECT_EQ(notes["cocoplane.io/placeholders"].as<std::string>(),
            "${cocoplane.secret:vault-token}");
  EXPECT_EQ(notes["cocoplane.io/value-from"].as<std::string>(), "plugins[0].token=env:VAULT_TOKEN");

  input.kbs_config_toml = KbsConfigInputFor(TrusteeProfile::kRestricted).kbs_config_toml;
  EXPECT_EQ(GenerateTrusteeManifests(input).status().code(), StatusCode::kInvalidArgument);
}

TrusteeManifestsInput TrusteeConfigInputFor(TrusteeProfile profile) {
  TrusteeManifestsInput input;
  input.trustee_version = "0.21.0";
  input.kind = ManifestKind::kTrusteeConfig;
  input.profile = profile;
  input.name = "trustee";
  input.service_type = "ClusterIP";
  if (profile == TrusteeProfile::kRestricted) {
    input.https_private_key = {"secret:cert-manager/kbs-tls#tls.key", ""};
    input.https_certificate = {"secret:cert-manager/kbs-tls#tls.crt", ""};
    input.token_private_key = {"file:/etc/cocoplane/token.key", ""};
    input.token_certificate = {"file:/etc/cocoplane/token.crt", ""};
    input.tls = {"intermediate", "", "", {}, {}};
  }
  return input;
}

TEST(ManifestsTest, TrusteeConfigRestrictedReferencesTwoTlsSecrets) {
  Result<TrusteeManifests> out =
      GenerateTrusteeManifests(TrusteeConfigInputFor(TrusteeProfile::kRestricted));
  ASSERT_OK(out.status());
  std::vector<YAML::Node> docs = Docs(*out);
  ASSERT_EQ(docs.size(), 3u);

  const YAML::Node* cr = Find(docs, "TrusteeConfig", "trustee");
  ASSERT_NE(cr, nullptr);
  const YAML::Node spec = (*cr)["spec"];
  EXPECT_EQ(spec["profileType"].as<std::string>(), "Restricted");
  EXPECT_EQ(spec["kbsServiceType"].as<std::string>(), "ClusterIP");
  EXPECT_EQ(spec["httpsSpec"]["tlsSecretName"].as<std::string>(), "trustee-https-tls");
  EXPECT_EQ(spec["attestationTokenVerificationSpec"]["tlsSecretName"].as<std::string>(),
            "trustee-token-tls");
  EXPECT_EQ(spec["tlsConfig"]["profile"].as<std::string>(), "intermediate");

  const YAML::Node* https = Find(docs, "Secret", "trustee-https-tls");
  ASSERT_NE(https, nullptr);
  EXPECT_EQ((*https)["type"].as<std::string>(), "kubernetes.io/tls");
  EXPECT_EQ(Keys((*https)["stringData"]), (std::vector<std::string>{"tls.crt", "tls.key"}));
  EXPECT_EQ((*https)["metadata"]["annotations"]["cocoplane.io/value-from"].as<std::string>(),
            "tls.crt=secret:cert-manager/kbs-tls#tls.crt; "
            "tls.key=secret:cert-manager/kbs-tls#tls.key");
}

TEST(ManifestsTest, TrusteeConfigPermissiveIsTheResourceAlone) {
  Result<TrusteeManifests> out =
      GenerateTrusteeManifests(TrusteeConfigInputFor(TrusteeProfile::kPermissive));
  ASSERT_OK(out.status());
  std::vector<YAML::Node> docs = Docs(*out);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["spec"]["profileType"].as<std::string>(), "Permissive");
  EXPECT_FALSE(docs[0]["spec"]["httpsSpec"]);
}

TEST(ManifestsTest, TrusteeConfigRefusesContentItWouldOverwrite) {
  TrusteeManifestsInput input = TrusteeConfigInputFor(TrusteeProfile::kRestricted);
  input.resource_policy_rego = kResourcePolicy;
  EXPECT_EQ(GenerateTrusteeManifests(input).status().code(), StatusCode::kFailedPrecondition);

  TrusteeManifestsInput tls = TrusteeConfigInputFor(TrusteeProfile::kPermissive);
  tls.tls.profile = "modern";
  EXPECT_EQ(GenerateTrusteeManifests(tls).status().code(), StatusCode::kInvalidArgument);
}

TEST(ManifestsTest, OutputIsDeterministic) {
  TrusteeManifestsInput input = KbsConfigInputFor(TrusteeProfile::kRestricted);
  input.namespace_name = "kbs";
  EXPECT_EQ(GenerateTrusteeManifests(input).value().yaml,
            GenerateTrusteeManifests(input).value().yaml);
  EXPECT_NE(GenerateTrusteeManifests(input).value().yaml.find("namespace: kbs\n"),
            std::string::npos);
}

}  // namespace
}  // namespace cocoplane::gen::trustee
