#include "gen/trustee/versions.h"

namespace cocoplane::gen::trustee {
namespace {

// Sources: ../shared/reference/trustee.md §0 (eras), §2 (token claims),
// §3 (AS policy ids), §4 (RVPS), §5 (config and LocalFs layout), all read
// from confidential-containers/trustee @78962cd (after v0.21.0).
constexpr TrusteeVersionFacts kFacts[] = {
    {
        .line = "0.21",
        .cpu_submod = "cpu0",
        .gpu_submod_prefix = "gpu",
        .status_claim = "ear.status",
        .trust_vector_claim = "ear.trustworthiness-vector",
        .evidence_claim = "ear.veraison.annotated-evidence",
        .init_data_key = "init_data",
        .init_data_claims_key = "init_data_claims",
        .resource_path_is_array = true,
        .cpu_policy_id = "default_cpu",
        .gpu_policy_id = "default_gpu",
        .reference_value_builtin = "query_reference_value",
        .admin_mode_key = "authorization_mode",
        .backend_selector_key = "storage_backend_type",
        .insecure_jwk_key = "insecure_header_jwk",
        .resource_namespace = "repository",
        .policy_namespace = "kbs",
        .as_policy_namespace = "attestation_service_policy",
        .reference_value_file = "local_json/reference_value",
        .key_separator = "\\x2F",
        .rvps_message_version = "0.1.0",
        .reference_value_version = "0.1.0",
        .local_json_dir_key = "file_dir_path",
        .admin_deny_all = "DenyAll",
    },
};

// "v0.21.3" -> "0.21"; returns "" when `version` is not MAJOR.MINOR[.PATCH].
std::string_view ReleaseLine(std::string_view version) {
  if (!version.empty() && version.front() == 'v') version.remove_prefix(1);
  size_t first = version.find('.');
  if (first == std::string_view::npos || first == 0) return {};
  size_t second = version.find('.', first + 1);
  std::string_view line = version.substr(0, second);
  for (char c : line) {
    if (c != '.' && (c < '0' || c > '9')) return {};
  }
  return line;
}

}  // namespace

const TrusteeVersionFacts* FactsFor(std::string_view version) {
  std::string_view line = ReleaseLine(version);
  for (const auto& facts : kFacts) {
    if (facts.line == line) return &facts;
  }
  return nullptr;
}

std::vector<std::string> SupportedLines() {
  std::vector<std::string> out;
  for (const auto& facts : kFacts) out.emplace_back(facts.line);
  return out;
}

}  // namespace cocoplane::gen::trustee
