#include "gen/trustee/kbs_config.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "gen/trustee/parse_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::trustee {
namespace {

using cocoplane::testing::ParseToml;

KbsConfigInput Input(TrusteeProfile profile) {
  KbsConfigInput input;
  input.trustee_version = "0.21.0";
  input.profile = profile;
  return input;
}

toml::table Parse(const KbsConfigFile& file) {
  std::string error;
  auto table = ParseToml(file.text, &error);
  EXPECT_TRUE(table.has_value()) << error << "\n" << file.text;
  return table.value_or(toml::table{});
}

toml::table Generate(const KbsConfigInput& input) {
  Result<KbsConfigFile> file = GenerateKbsConfig(input);
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  return file.ok() ? Parse(*file) : toml::table{};
}

// "a.b[0].c" -> printed value, for every leaf.
void Flatten(const toml::node& node, const std::string& path,
             std::map<std::string, std::string>* out) {
  if (const auto* table = node.as_table()) {
    for (const auto& [key, child] : *table) {
      Flatten(child, path.empty() ? std::string(key.str()) : path + "." + std::string(key.str()),
              out);
    }
  } else if (const auto* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) {
      Flatten((*array)[i], path + "[" + std::to_string(i) + "]", out);
    }
  } else {
    std::ostringstream os;
    node.visit([&os](const auto& value) { os << value; });
    (*out)[path] = os.str();
  }
}

TEST(KbsConfigTest, PermissiveMatchesTheOperatorTemplate) {
  toml::table t = Generate(Input(TrusteeProfile::kPermissive));

  EXPECT_EQ(t["http_server"]["insecure_http"].value<bool>(), true);
  EXPECT_EQ(t["http_server"]["sockets"][0].value<std::string>(), "0.0.0.0:8080");
  EXPECT_FALSE(t["http_server"]["private_key"]);
  EXPECT_EQ(t["admin"]["authorization_mode"].value<std::string>(), "DenyAll");
  EXPECT_EQ(t["attestation_token"]["insecure_header_jwk"].value<bool>(), true);
  EXPECT_FALSE(t["attestation_token"]["trusted_certs_paths"]);
  EXPECT_EQ(t["attestation_service"]["type"].value<std::string>(), "coco_as_builtin");
  EXPECT_EQ(t["attestation_service"]["attestation_token_broker"]["duration_min"].value<int>(), 5);
  EXPECT_FALSE(t["attestation_service"]["attestation_token_broker"]["signer"]);
  EXPECT_EQ(t["attestation_service"]["rvps_config"]["type"].value<std::string>(), "BuiltIn");
  EXPECT_EQ(t["attestation_service"]["rvps_config"]["storage_type"].value<std::string>(),
            "LocalJson");
  EXPECT_EQ(t["storage_backend"]["storage_type"].value<std::string>(), "LocalFs");
  EXPECT_EQ(t["storage_backend"]["backends"]["local_fs"]["dir_path"].value<std::string>(),
            "/opt/confidential-containers/storage");
  EXPECT_EQ(t["storage_backend"]["backends"]["local_json"]["file_dir_path"].value<std::string>(),
            "/opt/confidential-containers/storage/local_json");
  ASSERT_EQ(t["plugins"].as_array()->size(), 1u);
  EXPECT_EQ(t["plugins"][0]["name"].value<std::string>(), "resource");
  EXPECT_EQ(t["plugins"][0]["storage_backend_type"].value<std::string>(), "kvstorage");
}

TEST(KbsConfigTest, RestrictedUsesTheOperatorsMountedTlsAndTokenMaterial) {
  toml::table t = Generate(Input(TrusteeProfile::kRestricted));

  EXPECT_EQ(t["http_server"]["insecure_http"].value<bool>(), false);
  EXPECT_EQ(t["http_server"]["private_key"].value<std::string>(), "/etc/https-key/privateKey");
  EXPECT_EQ(t["http_server"]["certificate"].value<std::string>(), "/etc/https-cert/certificate");
  EXPECT_EQ(t["attestation_token"]["insecure_header_jwk"].value<bool>(), false);
  ASSERT_EQ(t["attestation_token"]["trusted_certs_paths"].as_array()->size(), 1u);
  EXPECT_EQ(t["attestation_token"]["trusted_certs_paths"][0].value<std::string>(),
            "/etc/attestation-cert/token.crt");
  auto signer = t["attestation_service"]["attestation_token_broker"]["signer"];
  EXPECT_EQ(signer["key_path"].value<std::string>(), "/etc/attestation-key/token.key");
  EXPECT_EQ(signer["cert_path"].value<std::string>(), "/etc/attestation-cert/token.crt");
  EXPECT_EQ(t["admin"]["authorization_mode"].value<std::string>(), "DenyAll");
}

TEST(KbsConfigTest, ProfilesDifferOnlyInTransportAndTokenTrust) {
  std::map<std::string, std::string> permissive, restricted;
  Flatten(Generate(Input(TrusteeProfile::kPermissive)), "", &permissive);
  Flatten(Generate(Input(TrusteeProfile::kRestricted)), "", &restricted);

  std::set<std::string> differing;
  for (const auto& [key, value] : restricted) {
    auto it = permissive.find(key);
    if (it == permissive.end() || it->second != value) differing.insert(key);
  }
  for (const auto& [key, value] : permissive) {
    if (restricted.count(key) == 0) differing.insert(key);
  }
  EXPECT_EQ(differing, (std::set<std::string>{
                           "attestation_service.attestation_token_broker.signer.cert_path",
                           "attestation_service.attestation_token_broker.signer.key_path",
                           "attestation_token.insecure_header_jwk",
                           "attestation_token.trusted_certs_paths[0]",
                           "http_server.certificate",
                           "http_server.insecure_http",
                           "http_server.private_key",
                       }));
}

TEST(KbsConfigTest, RestrictedWritesTlsProfileAndCustomSettings) {
  KbsConfigInput input = Input(TrusteeProfile::kRestricted);
  input.tls = {"custom",
               "1.2",
               "1.3",
               {"TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
               {"X25519", "secp256r1"}};
  input.sockets = {"0.0.0.0:8443", "[::]:8443"};
  toml::table t = Generate(input);

  EXPECT_EQ(t["http_server"]["tls_profile"].value<std::string>(), "custom");
  EXPECT_EQ(t["http_server"]["tls_min_version"].value<std::string>(), "1.2");
  EXPECT_EQ(t["http_server"]["tls_max_version"].value<std::string>(), "1.3");
  EXPECT_EQ(t["http_server"]["tls_ciphers"].value<std::string>(),
            "TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES256-GCM-SHA384");
  EXPECT_EQ(t["http_server"]["tls_groups"].value<std::string>(), "X25519:secp256r1");
  EXPECT_EQ(t["http_server"]["sockets"][1].value<std::string>(), "[::]:8443");
}

TEST(KbsConfigTest, TlsSettingsMustFitTheProfile) {
  KbsConfigInput permissive = Input(TrusteeProfile::kPermissive);
  permissive.tls.profile = "modern";
  EXPECT_EQ(GenerateKbsConfig(permissive).status().code(), StatusCode::kInvalidArgument);

  KbsConfigInput unknown = Input(TrusteeProfile::kRestricted);
  unknown.tls.profile = "paranoid";
  EXPECT_EQ(GenerateKbsConfig(unknown).status().code(), StatusCode::kInvalidArgument);

  KbsConfigInput not_custom = Input(TrusteeProfile::kRestricted);
  not_custom.tls = {"modern", "1.3", "", {}, {}};
  EXPECT_EQ(GenerateKbsConfig(not_custom).status().code(), StatusCode::kInvalidArgument);

  KbsConfigInput bad_version = Input(TrusteeProfile::kRestricted);
  bad_version.tls = {"custom", "1.1", "", {}, {}};
  EXPECT_EQ(GenerateKbsConfig(bad_version).status().code(), StatusCode::kInvalidArgument);
}

TEST(KbsConfigTest, UnsupportedTrusteeVersionNamesTheSupportedLines) {
  KbsConfigInput input = Input(TrusteeProfile::kRestricted);
  input.trustee_version = "0.18.0";
  Status status = GenerateKbsConfig(input).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("0.18.0"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("0.21"), std::string::npos) << status.message();
}

TEST(KbsConfigTest, AcceptsEveryVersionSpellingOfTheLine) {
  for (const char* version : {"0.21", "v0.21.0", "0.21.3"}) {
    KbsConfigInput input = Input(TrusteeProfile::kRestricted);
    input.trustee_version = version;
    Result<KbsConfigFile> file = GenerateKbsConfig(input);
    EXPECT_OK(file.status());
  }
}

KbsConfigInput VaultInput(TrusteeProfile profile, std::optional<bool> verify_ssl) {
  KbsConfigInput input = Input(profile);
  input.vault = VaultBackend{"https://vault.example:8200",
                             "kv",
                             verify_ssl,
                             {"/etc/kbs/vault-ca.pem"},
                             SecretSource{"env:VAULT_TOKEN", ""}};
  return input;
}

TEST(KbsConfigTest, VaultBackendWritesItsKeysAndAPlaceholderForTheToken) {
  Result<KbsConfigFile> file = GenerateKbsConfig(VaultInput(TrusteeProfile::kRestricted, {}));
  ASSERT_OK(file.status());
  toml::table t = Parse(*file);
  auto plugin = t["plugins"][0];

  EXPECT_EQ(plugin["storage_backend_type"].value<std::string>(), "Vault");
  EXPECT_EQ(plugin["vault_url"].value<std::string>(), "https://vault.example:8200");
  EXPECT_EQ(plugin["mount_path"].value<std::string>(), "kv");
  EXPECT_EQ(plugin["verify_ssl"].value<bool>(), true);
  EXPECT_EQ(plugin["ca_certs"][0].value<std::string>(), "/etc/kbs/vault-ca.pem");
  ASSERT_EQ(file->placeholders.size(), 1u);
  const SecretPlaceholder& p = file->placeholders[0];
  EXPECT_EQ(plugin["token"].value<std::string>(), p.placeholder);
  EXPECT_EQ(p.field, "plugins[0].token");
  EXPECT_EQ(p.value_from, "env:VAULT_TOKEN");
  EXPECT_NE(file->text.find("filled at apply time from env:VAULT_TOKEN"), std::string::npos);
}

TEST(KbsConfigTest, VaultMountDefaultsToSecretAndIsWrittenOut) {
  KbsConfigInput input = VaultInput(TrusteeProfile::kRestricted, {});
  input.vault->mount_path.clear();
  EXPECT_EQ(Generate(input)["plugins"][0]["mount_path"].value<std::string>(), "secret");
}

TEST(KbsConfigTest, VaultVerifySslIsTrueUnlessPermissiveAsksForFalse) {
  EXPECT_EQ(Generate(VaultInput(TrusteeProfile::kPermissive, {}))["plugins"][0]["verify_ssl"]
                .value<bool>(),
            true);
  EXPECT_EQ(Generate(VaultInput(TrusteeProfile::kPermissive, true))["plugins"][0]["verify_ssl"]
                .value<bool>(),
            true);
  EXPECT_EQ(Generate(VaultInput(TrusteeProfile::kPermissive, false))["plugins"][0]["verify_ssl"]
                .value<bool>(),
            false);
  EXPECT_EQ(Generate(VaultInput(TrusteeProfile::kRestricted, true))["plugins"][0]["verify_ssl"]
                .value<bool>(),
            true);
  // Restricted never turns verification off, and never silently either.
  Status status = GenerateKbsConfig(VaultInput(TrusteeProfile::kRestricted, false)).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("verify_ssl"), std::string::npos);
}

TEST(KbsConfigTest, VaultInputErrors) {
  KbsConfigInput http = VaultInput(TrusteeProfile::kRestricted, {});
  http.vault->url = "http://vault:8200";
  EXPECT_EQ(GenerateKbsConfig(http).status().code(), StatusCode::kInvalidArgument);

  KbsConfigInput lab = VaultInput(TrusteeProfile::kPermissive, {});
  lab.vault->url = "http://vault:8200";
  Result<KbsConfigFile> lab_file = GenerateKbsConfig(lab);
  EXPECT_OK(lab_file.status());

  KbsConfigInput no_scheme = VaultInput(TrusteeProfile::kPermissive, {});
  no_scheme.vault->url = "vault:8200";
  EXPECT_EQ(GenerateKbsConfig(no_scheme).status().code(), StatusCode::kInvalidArgument);

  KbsConfigInput no_source = VaultInput(TrusteeProfile::kRestricted, {});
  no_source.vault->token.value_from.clear();
  EXPECT_EQ(GenerateKbsConfig(no_source).status().code(), StatusCode::kInvalidArgument);

  KbsConfigInput newline = VaultInput(TrusteeProfile::kRestricted, {});
  newline.vault->token.value_from = "env:A\n[admin]";
  EXPECT_EQ(GenerateKbsConfig(newline).status().code(), StatusCode::kInvalidArgument);
}

TEST(KbsConfigTest, TokenDurationIsWrittenAndBounded) {
  KbsConfigInput input = Input(TrusteeProfile::kRestricted);
  input.token_duration_min = 30;
  EXPECT_EQ(Generate(input)["attestation_service"]["attestation_token_broker"]["duration_min"]
                .value<int>(),
            30);
  input.token_duration_min = 0;
  EXPECT_EQ(GenerateKbsConfig(input).status().code(), StatusCode::kInvalidArgument);
}

TEST(KbsConfigTest, OutputIsDeterministicAndStartsWithAHeaderComment) {
  KbsConfigInput input = VaultInput(TrusteeProfile::kRestricted, {});
  Result<KbsConfigFile> a = GenerateKbsConfig(input);
  Result<KbsConfigFile> b = GenerateKbsConfig(input);
  ASSERT_OK(a.status());
  ASSERT_OK(b.status());
  EXPECT_EQ(a->text, b->text);
  EXPECT_EQ(a->text.rfind("# kbs-config.toml generated by cocoplane for Trustee 0.21", 0), 0u);
  EXPECT_EQ(a->text.back(), '\n');
}

}  // namespace
}  // namespace cocoplane::gen::trustee
