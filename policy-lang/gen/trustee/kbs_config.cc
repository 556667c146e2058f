#include "gen/trustee/kbs_config.h"

#include <string_view>
#include <utility>

#include "base/strings.h"
#include "gen/trustee/operator_layout.h"
#include "gen/trustee/toml_text.h"
#include "gen/trustee/versions.h"

namespace cocoplane::gen::trustee {
namespace {

// Operator templates listen on all interfaces inside the pod
// (config/templates/kbs-config-*.toml).
constexpr std::string_view kDefaultSocket = "0.0.0.0:8080";
constexpr std::string_view kDefaultVaultMount = "secret";

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

toml::array ToArray(const std::vector<std::string>& items) {
  toml::array out;
  for (const auto& item : items) out.push_back(item);
  return out;
}

std::string Path(std::string_view dir, std::string_view key) {
  return std::string(dir) + "/" + std::string(key);
}

Status ValidateTls(TrusteeProfile profile, const TlsSettings& tls) {
  bool custom_fields = !tls.min_version.empty() || !tls.max_version.empty() ||
                       !tls.ciphers.empty() || !tls.groups.empty();
  if (profile == TrusteeProfile::kPermissive && (custom_fields || !tls.profile.empty())) {
    return Status::InvalidArgument(
        "TLS settings need the Restricted profile: Permissive serves plain HTTP");
  }
  const std::string_view profiles[] = {"", "old", "intermediate", "modern", "custom"};
  bool known = false;
  for (auto p : profiles) known = known || tls.profile == p;
  if (!known) {
    return Status::InvalidArgument("unknown TLS profile \"" + tls.profile +
                                   "\"; use old, intermediate, modern or custom");
  }
  if (custom_fields && tls.profile != "custom") {
    return Status::InvalidArgument("TLS versions, ciphers and groups need tls profile \"custom\"");
  }
  for (const std::string* v : {&tls.min_version, &tls.max_version}) {
    if (!v->empty() && *v != "1.2" && *v != "1.3") {
      return Status::InvalidArgument("TLS version \"" + *v + "\" must be 1.2 or 1.3");
    }
  }
  return Status::Ok();
}

Status ValidateVault(const KbsConfigInput& input) {
  if (!input.vault) return Status::Ok();
  const VaultBackend& vault = *input.vault;
  bool https = vault.url.rfind("https://", 0) == 0;
  bool http = vault.url.rfind("http://", 0) == 0;
  if ((!https && !http) || vault.url.size() <= (https ? 8u : 7u)) {
    return Status::InvalidArgument("vault url \"" + vault.url +
                                   "\" must start with https:// or http:// and name a host");
  }
  bool restricted = input.profile == TrusteeProfile::kRestricted;
  if (restricted && http) {
    return Status::InvalidArgument("the Restricted profile needs an https:// vault url");
  }
  if (restricted && vault.verify_ssl == false) {
    return Status::InvalidArgument(
        "verify_ssl = false is allowed only with the Permissive profile");
  }
  if (vault.token.value_from.empty()) {
    return Status::InvalidArgument(
        "the vault token needs a source (value_from) for the applier to read it from");
  }
  return Status::Ok();
}

// Every string lands in a TOML string or comment: it must be UTF-8 without
// control characters (a newline in value_from would end the comment line).
Status CheckText(std::string_view field, std::string_view value) {
  if (!IsValidUtf8(value)) return Status::InvalidArgument(std::string(field) + " is not UTF-8");
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument(std::string(field) + " contains a control character");
    }
  }
  return Status::Ok();
}

Status CheckAllText(const KbsConfigInput& input) {
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  for (const auto& s : input.sockets) fields.emplace_back("socket", s);
  for (const auto& c : input.tls.ciphers) fields.emplace_back("tls cipher", c);
  for (const auto& g : input.tls.groups) fields.emplace_back("tls group", g);
  if (input.vault) {
    fields.emplace_back("vault url", input.vault->url);
    fields.emplace_back("vault mount_path", input.vault->mount_path);
    fields.emplace_back("vault token value_from", input.vault->token.value_from);
    for (const auto& c : input.vault->ca_certs) fields.emplace_back("vault ca_certs", c);
  }
  for (const auto& [field, value] : fields) {
    if (Status s = CheckText(field, value); !s.ok()) return s;
  }
  return Status::Ok();
}

Status Validate(const KbsConfigInput& input) {
  if (input.token_duration_min < 1 || input.token_duration_min > 1440) {
    return Status::InvalidArgument("token duration must be 1..1440 minutes");
  }
  if (Status s = CheckAllText(input); !s.ok()) return s;
  if (Status s = ValidateTls(input.profile, input.tls); !s.ok()) return s;
  return ValidateVault(input);
}

toml::table HttpServer(const KbsConfigInput& input) {
  std::vector<std::string> sockets = input.sockets;
  if (sockets.empty()) sockets.emplace_back(kDefaultSocket);
  toml::table http{{"sockets", ToArray(sockets)}};
  if (input.profile == TrusteeProfile::kPermissive) {
    http.insert("insecure_http", true);
    return http;
  }
  http.insert("insecure_http", false);
  http.insert("private_key", Path(kHttpsKeyDir, kHttpsKeyKey));
  http.insert("certificate", Path(kHttpsCertDir, kHttpsCertKey));
  const TlsSettings& tls = input.tls;
  if (!tls.profile.empty()) http.insert("tls_profile", tls.profile);
  if (!tls.min_version.empty()) http.insert("tls_min_version", tls.min_version);
  if (!tls.max_version.empty()) http.insert("tls_max_version", tls.max_version);
  if (!tls.ciphers.empty()) http.insert("tls_ciphers", Join(tls.ciphers, ":"));
  if (!tls.groups.empty()) http.insert("tls_groups", Join(tls.groups, ":"));
  return http;
}

toml::table AttestationToken(const KbsConfigInput& input, const TrusteeVersionFacts& facts) {
  bool permissive = input.profile == TrusteeProfile::kPermissive;
  toml::table token{{facts.insecure_jwk_key, permissive}};
  // With insecure_header_jwk = false the header JWK needs an x5c chain that
  // ends in one of these certificates (KBS docs/config.md).
  if (!permissive) {
    token.insert("trusted_certs_paths", toml::array{Path(kTokenCertDir, kTokenCertKey)});
  }
  return token;
}

toml::table AttestationService(const KbsConfigInput& input) {
  toml::table broker{{"duration_min", input.token_duration_min}};
  if (input.profile == TrusteeProfile::kRestricted) {
    // cert_path puts the chain into the token header (x5c) so that the
    // verifier above can check it against trusted_certs_paths.
    broker.insert("signer", toml::table{{"key_path", Path(kTokenKeyDir, kTokenKeyKey)},
                                        {"cert_path", Path(kTokenCertDir, kTokenCertKey)}});
  }
  // Reference values come from the LocalJson file the operator mounts
  // (kbsRvpsRefValuesConfigMapName), so RVPS overrides the storage type.
  toml::table rvps{{"type", "BuiltIn"}, {"storage_type", "LocalJson"}};
  return toml::table{{"type", "coco_as_builtin"},
                     {"attestation_token_broker", std::move(broker)},
                     {"rvps_config", std::move(rvps)}};
}

toml::table StorageBackend(const TrusteeVersionFacts& facts) {
  // reference_value_file is "<dir>/reference_value"; LocalJson wants <dir>.
  // The key is file_dir_path (ShimConfig in deps/key-value-storage
  // local_json/mod.rs). The operator's template writes dir_path, which serde
  // ignores; it works there only because the default is the same directory.
  std::string_view rv_file = facts.reference_value_file;
  std::string local_json_dir = Path(kStorageDir, rv_file.substr(0, rv_file.rfind('/')));
  toml::table backends{{"local_fs", toml::table{{"dir_path", std::string(kStorageDir)}}},
                       {"local_json", toml::table{{facts.local_json_dir_key, local_json_dir}}}};
  return toml::table{{"storage_type", "LocalFs"}, {"backends", std::move(backends)}};
}

toml::table ResourcePlugin(const KbsConfigInput& input, const TrusteeVersionFacts& facts,
                           std::vector<SecretPlaceholder>* placeholders) {
  toml::table plugin{{"name", "resource"}};
  if (!input.vault) {
    plugin.insert(facts.backend_selector_key, "kvstorage");
    return plugin;
  }
  const VaultBackend& vault = *input.vault;
  SecretPlaceholder token = MakePlaceholder("vault-token", "plugins[0].token", vault.token);
  plugin.insert(facts.backend_selector_key, "Vault");
  plugin.insert("vault_url", vault.url);
  plugin.insert("token", token.placeholder);
  plugin.insert("mount_path",
                vault.mount_path.empty() ? std::string(kDefaultVaultMount) : vault.mount_path);
  // Upstream defaults verify_ssl to false (vault_kv.rs default_verify_ssl),
  // so it is always written out.
  plugin.insert("verify_ssl", vault.verify_ssl.value_or(true));
  if (!vault.ca_certs.empty()) plugin.insert("ca_certs", ToArray(vault.ca_certs));
  placeholders->push_back(std::move(token));
  return plugin;
}

std::string Header(const TrusteeVersionFacts& facts, TrusteeProfile profile,
                   const std::vector<SecretPlaceholder>& placeholders) {
  std::string out = "# kbs-config.toml generated by cocoplane for Trustee " +
                    std::string(facts.line) + ", profile " +
                    std::string(TrusteeProfileName(profile)) + ". Do not edit.\n";
  for (const auto& p : placeholders) {
    out += "# " + p.field + " is a placeholder, filled at apply time from " + p.value_from + "\n";
  }
  return out + "\n";
}

}  // namespace

std::string_view TrusteeProfileName(TrusteeProfile profile) {
  switch (profile) {
    case TrusteeProfile::kPermissive:
      return "Permissive";
    case TrusteeProfile::kRestricted:
      return "Restricted";
  }
  return "Restricted";
}

Status ValidateTlsSettings(TrusteeProfile profile, const TlsSettings& tls) {
  return ValidateTls(profile, tls);
}

Status UnsupportedTrusteeVersion(std::string_view version) {
  std::vector<std::string> lines = SupportedLines();
  return Status::InvalidArgument(
      "Trustee version \"" + std::string(version) +
      "\" is not supported; supported release lines: " + Join(lines, ", "));
}

Result<KbsConfigFile> GenerateKbsConfig(const KbsConfigInput& input) {
  const TrusteeVersionFacts* facts = FactsFor(input.trustee_version);
  if (facts == nullptr) return UnsupportedTrusteeVersion(input.trustee_version);
  if (Status s = Validate(input); !s.ok()) return s;

  KbsConfigFile out;
  toml::array plugins;
  plugins.push_back(ResourcePlugin(input, *facts, &out.placeholders));
  toml::table root{
      {"http_server", HttpServer(input)},
      {"admin", toml::table{{facts->admin_mode_key, facts->admin_deny_all}}},
      {"attestation_token", AttestationToken(input, *facts)},
      {"attestation_service", AttestationService(input)},
      {"storage_backend", StorageBackend(*facts)},
      {"plugins", std::move(plugins)},
  };
  out.text = TomlToText(Header(*facts, input.profile, out.placeholders), root);
  return out;
}

}  // namespace cocoplane::gen::trustee
