// Everything that depends on the pinned Trustee version, in one table.
//
// Trustee changes config keys, storage layouts and token claim names between
// releases (../shared/reference/trustee.md §0 and §10). Generators never
// hard-code those facts: they ask FactsFor(cluster's trustee version). Adding
// a release means adding one entry to the table in versions.cc.
#ifndef COCOPLANE_GEN_TRUSTEE_VERSIONS_H_
#define COCOPLANE_GEN_TRUSTEE_VERSIONS_H_

#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::gen::trustee {

struct TrusteeVersionFacts {
  // The release line this entry describes, e.g. "0.21".
  std::string_view line;

  // --- EAR token as the KBS resource policy sees it (input.*) -------------
  // Key of the CPU appraisal under input.submods ("cpu0"; "cpu" up to v0.13).
  std::string_view cpu_submod;
  // Prefix of GPU submods: "gpu" gives gpu0, gpu1, ...
  std::string_view gpu_submod_prefix;
  // Claim keys inside a submod.
  std::string_view status_claim;          // "ear.status"
  std::string_view trust_vector_claim;    // "ear.trustworthiness-vector"
  std::string_view evidence_claim;        // "ear.veraison.annotated-evidence"
  // Inside the evidence object: the raw TEE field bound to initdata, and the
  // parsed initdata documents (present when the AA sent the plaintext).
  std::string_view init_data_key;         // "init_data"
  std::string_view init_data_claims_key;  // "init_data_claims"

  // --- Resource policy data (data.*) --------------------------------------
  // data["resource-path"] is an array [repo, type, tag] from v0.17 on.
  bool resource_path_is_array;

  // --- Attestation-service policy -----------------------------------------
  std::string_view cpu_policy_id;         // "default_cpu"
  std::string_view gpu_policy_id;         // "default_gpu"
  // Built-in for reference values: query_reference_value("name").
  std::string_view reference_value_builtin;

  // --- kbs-config.toml ----------------------------------------------------
  // [admin] key selecting the authorization mode.
  std::string_view admin_mode_key;        // "authorization_mode"
  // [[plugins]] key selecting the resource backend.
  std::string_view backend_selector_key;  // "storage_backend_type"
  // [attestation_token] flag trusting a JWK in the token header.
  std::string_view insecure_jwk_key;      // "insecure_header_jwk"

  // --- Storage layout (LocalFs under dir_path) ------------------------------
  std::string_view resource_namespace;    // "repository"
  std::string_view policy_namespace;      // "kbs" (file resource-policy.rego)
  std::string_view as_policy_namespace;   // "attestation_service_policy"
  std::string_view reference_value_file;  // "local_json/reference_value"
  // LocalFs replaces '/' in a key by these four characters.
  std::string_view key_separator;         // "\\x2F"

  // --- RVPS (reference.md §4; rvps/src/lib.rs, rvps/src/reference_value.rs) --
  // `version` of a registration Message and of a stored ReferenceValue.
  std::string_view rvps_message_version;     // "0.1.0"
  std::string_view reference_value_version;  // "0.1.0"
  // [storage_backend.backends.local_json] key naming the LocalJson directory
  // (ShimConfig in deps/key-value-storage/src/local_json/mod.rs).
  std::string_view local_json_dir_key;       // "file_dir_path"
  // [admin] value that turns the admin API off (operator-managed KBS, §8.2).
  std::string_view admin_deny_all;           // "DenyAll"
};

// Returns the facts for `version` ("0.21.0", "v0.21", "0.21" ...), or nullptr
// when the version is not supported. Supported lines: SupportedLines().
const TrusteeVersionFacts* FactsFor(std::string_view version);

// Human-readable list for diagnostics, e.g. {"0.21"}.
std::vector<std::string> SupportedLines();

}  // namespace cocoplane::gen::trustee

#endif  // COCOPLANE_GEN_TRUSTEE_VERSIONS_H_
