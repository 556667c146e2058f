// kbs-config.toml for a Trustee KBS run by the trustee-operator.
//
// GenerateKbsConfig() turns a TrusteeProfile description into the KBS
// configuration file, with every version-dependent key taken from
// FactsFor(trustee_version) (versions.h). The two profiles follow the
// operator's templates (reference/trustee.md §5, §6):
//   Permissive  insecure_http = true, insecure_header_jwk = true
//   Restricted  HTTPS with the operator's mounted key and certificate,
//               insecure_header_jwk = false, the AS token signed with the
//               mounted key and verified against the mounted certificate
// Both: admin DenyAll (operator-managed; §8.2), built-in AS, built-in RVPS
// reading the LocalJson reference_value file, LocalFs storage under
// /opt/confidential-containers/storage, one `resource` plugin.
//
// Secrets: the Vault token never appears in the text. The file carries a
// placeholder string and KbsConfigFile::placeholders says where the applier
// gets the value (secret_source.h). Upstream reads the token only from the
// config file: VaultKvBackendConfig { token: String } is required and the
// KBS loads its config from the file alone, without environment overrides
// (trustee kbs/src/plugins/implementations/resource/vault_kv.rs,
// kbs/src/config.rs, kbs/docs/vault_kv.md). So the filled-in file is itself
// secret-bearing; see manifests.h for how the ConfigMap is marked.
//
// Pure and thread-safe. Output is deterministic: sorted keys, no timestamps.
#ifndef COCOPLANE_GEN_TRUSTEE_KBS_CONFIG_H_
#define COCOPLANE_GEN_TRUSTEE_KBS_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "gen/trustee/secret_source.h"

namespace cocoplane::gen::trustee {

enum class TrusteeProfile {
  // Lab use: plain HTTP, token key taken from the token header.
  kPermissive,
  // Production: HTTPS, token chain verified against a trusted certificate.
  kRestricted,
};

// "Permissive" / "Restricted", as TrusteeConfig.spec.profileType spells it.
std::string_view TrusteeProfileName(TrusteeProfile profile);

// [http_server] TLS settings (KBS docs/config.md "TLS Configuration").
// Restricted only. All empty = KBS defaults (profile "intermediate").
struct TlsSettings {
  // "" | "old" | "intermediate" | "modern" | "custom".
  std::string profile;
  // Only with profile "custom": "1.2" | "1.3" or "".
  std::string min_version;
  std::string max_version;
  // Only with profile "custom": OpenSSL names, joined with ':' in the file.
  std::vector<std::string> ciphers;
  std::vector<std::string> groups;
};

// HashiCorp Vault / OpenBao KV v1 resource backend (reference §5).
struct VaultBackend {
  // http:// or https://; Restricted requires https://.
  std::string url;
  // KV v1 mount; "" means the KBS default "secret" (written out explicitly).
  std::string mount_path;
  // Unset = true. false is accepted only with the Permissive profile, and
  // is then written as false: it is never turned off silently, and never
  // silently on when the input asked for off in a lab.
  std::optional<bool> verify_ssl;
  // PEM CA bundle paths inside the KBS container.
  std::vector<std::string> ca_certs;
  // Where the applier reads the token; value_from is required.
  SecretSource token;
};

struct KbsConfigInput {
  // Pinned Trustee release, e.g. "0.21.0"; must be a supported line.
  std::string trustee_version;
  TrusteeProfile profile = TrusteeProfile::kRestricted;
  // [http_server] sockets; empty = {"0.0.0.0:8080"} (the operator's choice).
  std::vector<std::string> sockets;
  // Restricted only; must be all empty with Permissive.
  TlsSettings tls;
  // Attestation token lifetime in minutes, 1..1440.
  int token_duration_min = 5;
  // Unset = resources in the KBS's own storage ("kvstorage").
  std::optional<VaultBackend> vault;
};

struct KbsConfigFile {
  // The complete kbs-config.toml, ending in "\n".
  std::string text;
  // Strings in `text` the applier must replace (FillTomlPlaceholder) before
  // the file reaches the KBS. Empty unless a Vault backend is configured.
  std::vector<SecretPlaceholder> placeholders;
};

// Renders kbs-config.toml. Errors (kInvalidArgument): unsupported Trustee
// version (the message lists SupportedLines()), TLS settings with
// Permissive, unknown TLS profile or version, custom TLS fields without
// profile "custom", Vault without a token source, a bad Vault URL,
// verify_ssl = false or an http:// Vault URL with Restricted, a token
// duration out of range.
Result<KbsConfigFile> GenerateKbsConfig(const KbsConfigInput& input);

// Checks `tls` against `profile` as GenerateKbsConfig() does; shared with
// the TrusteeConfig manifest (spec.tlsConfig).
Status ValidateTlsSettings(TrusteeProfile profile, const TlsSettings& tls);

// kInvalidArgument naming `version` and the supported lines, for every
// generator that takes a Trustee version.
Status UnsupportedTrusteeVersion(std::string_view version);

}  // namespace cocoplane::gen::trustee

#endif  // COCOPLANE_GEN_TRUSTEE_KBS_CONFIG_H_
