// The KbsConfig kind: the custom resource plus every ConfigMap and Secret it
// mounts, named "<name>-<role>". Field names and mount keys: reference
// §6 (trustee-operator api/v1alpha1/kbsconfig_types.go, newKbsDeployment).
#include <set>
#include <utility>

#include "gen/trustee/manifest_objects.h"
#include "gen/trustee/operator_layout.h"

namespace cocoplane::gen::trustee::internal {
namespace {

using yaml::YamlNode;

constexpr std::string_view kPlaceholders = "cocoplane.io/placeholders";
constexpr std::string_view kValueFrom = "cocoplane.io/value-from";

// Names of the Secrets cocoplane itself generates, to catch collisions with
// resource Secrets.
std::set<std::string> GeneratedSecretNames(const TrusteeManifestsInput& input) {
  std::set<std::string> names{input.name + "-auth-secret"};
  if (input.profile == TrusteeProfile::kRestricted) {
    for (const char* role :
         {"-https-key", "-https-cert", "-attestation-key", "-attestation-cert"}) {
      names.insert(input.name + role);
    }
  }
  return names;
}

Status CheckResourceSecret(const ResourceSecretInput& secret,
                           const std::set<std::string>& generated) {
  if (Status s = CheckDnsSubdomain("resource Secret", secret.name); !s.ok()) return s;
  if (Status s = CheckKbsSegment("resource Secret", secret.name); !s.ok()) return s;
  if (generated.count(secret.name) != 0) {
    return Status::InvalidArgument("resource Secret \"" + secret.name +
                                   "\" clashes with a Secret cocoplane generates");
  }
  if (secret.keys.empty()) {
    return Status::InvalidArgument("resource Secret \"" + secret.name + "\" has no keys");
  }
  for (const auto& [key, source] : secret.keys) {
    if (Status s = CheckKbsSegment("resource Secret key", key); !s.ok()) return s;
    if (Status s = CheckSource("resource " + secret.name + "/" + key, source); !s.ok()) return s;
  }
  return Status::Ok();
}

Status CheckTexts(const TrusteeManifestsInput& input) {
  const std::pair<std::string_view, const std::string*> required[] = {
      {"kbs-config.toml", &input.kbs_config_toml},
      {"resource policy", &input.resource_policy_rego},
      {"CPU attestation policy", &input.cpu_attestation_policy_rego}};
  for (const auto& [what, text] : required) {
    if (text->empty()) return Status::InvalidArgument(std::string(what) + " is required");
    if (Status s = CheckUtf8(what, *text); !s.ok()) return s;
  }
  if (input.gpu_attestation_policy_rego) {
    if (input.gpu_attestation_policy_rego->empty()) {
      return Status::InvalidArgument("GPU attestation policy is empty");
    }
    if (Status s = CheckUtf8("GPU attestation policy", *input.gpu_attestation_policy_rego);
        !s.ok()) {
      return s;
    }
  }
  if (Status s = CheckUtf8("reference values", input.reference_values_json); !s.ok()) return s;
  for (const auto& p : input.kbs_config_placeholders) {
    if (input.kbs_config_toml.find("\"" + p.placeholder + "\"") == std::string::npos) {
      return Status::InvalidArgument("placeholder " + p.placeholder +
                                     " does not occur in kbs-config.toml");
    }
  }
  return Status::Ok();
}

// Annotations that mark a kbs-config.toml still holding placeholders.
std::map<std::string, std::string> PlaceholderAnnotations(
    const std::vector<SecretPlaceholder>& placeholders) {
  if (placeholders.empty()) return {};
  std::string names, sources;
  for (const auto& p : placeholders) {
    names += (names.empty() ? "" : "; ") + p.placeholder;
    sources += (sources.empty() ? "" : "; ") + p.field + "=" + p.value_from;
  }
  return {{std::string(kPlaceholders), names}, {std::string(kValueFrom), sources}};
}

void AddConfigMap(std::map<std::string, YamlNode>* out, const std::string& name,
                  std::string_view ns, std::string_view key, const std::string& text,
                  const std::map<std::string, std::string>& annotations = {}) {
  out->emplace(name, ConfigMap(name, ns, {{std::string(key), text}}, annotations));
}

void AddSingleKeySecret(std::map<std::string, YamlNode>* out, const std::string& name,
                        std::string_view ns, std::string_view key, const SecretSource& source) {
  SecretSpec spec{name, "", {{std::string(key), source}}};
  out->emplace(name, Secret(spec, ns));
}

}  // namespace

Status CheckKbsConfigInput(const TrusteeManifestsInput& input) {
  if (Status s = CheckTexts(input); !s.ok()) return s;
  if (Status s = CheckSource("auth public key", input.auth_public_key); !s.ok()) return s;
  std::set<std::string> generated = GeneratedSecretNames(input);
  std::set<std::string> seen;
  for (const auto& secret : input.resource_secrets) {
    if (Status s = CheckResourceSecret(secret, generated); !s.ok()) return s;
    if (!seen.insert(secret.name).second) {
      return Status::InvalidArgument("resource Secret \"" + secret.name + "\" is listed twice");
    }
  }
  return Status::Ok();
}

void AddKbsConfigObjects(const TrusteeManifestsInput& input, const TrusteeVersionFacts& facts,
                         std::string_view ns, std::map<std::string, YamlNode>* config_maps,
                         std::map<std::string, YamlNode>* secrets, YamlNode* spec) {
  const std::string& n = input.name;
  auto set = [spec](std::string_view field, const std::string& value) {
    spec->Set(field, YamlNode::String(value));
  };
  AddConfigMap(config_maps, n + "-kbs-config", ns, kKbsConfigKey, input.kbs_config_toml,
               PlaceholderAnnotations(input.kbs_config_placeholders));
  set("kbsConfigMapName", n + "-kbs-config");
  AddSingleKeySecret(secrets, n + "-auth-secret", ns, kAuthSecretKey, input.auth_public_key);
  set("kbsAuthSecretName", n + "-auth-secret");
  set("kbsDeploymentType", "AllInOneDeployment");
  AddConfigMap(config_maps, n + "-resource-policy", ns, kResourcePolicyKey,
               input.resource_policy_rego);
  set("kbsResourcePolicyConfigMapName", n + "-resource-policy");
  AddConfigMap(config_maps, n + "-attestation-policy-cpu", ns,
               std::string(facts.cpu_policy_id) + ".rego", input.cpu_attestation_policy_rego);
  set("kbsAttestationPolicyConfigMapName", n + "-attestation-policy-cpu");
  if (input.gpu_attestation_policy_rego) {
    AddConfigMap(config_maps, n + "-attestation-policy-gpu", ns,
                 std::string(facts.gpu_policy_id) + ".rego", *input.gpu_attestation_policy_rego);
    set("kbsGpuAttestationPolicyConfigMapName", n + "-attestation-policy-gpu");
  }
  // The file is <local_json dir>/reference_value; the key is its basename.
  std::string_view rv_file = facts.reference_value_file;
  std::string rv_key(rv_file.substr(rv_file.rfind('/') + 1));
  AddConfigMap(config_maps, n + "-rvps-reference-values", ns, rv_key,
               input.reference_values_json.empty() ? "{}" : input.reference_values_json);
  set("kbsRvpsRefValuesConfigMapName", n + "-rvps-reference-values");
  if (input.profile == TrusteeProfile::kRestricted) {
    const std::tuple<const char*, const char*, std::string_view, const SecretSource*> tls[] = {
        {"-https-key", "kbsHttpsKeySecretName", kHttpsKeyKey, &input.https_private_key},
        {"-https-cert", "kbsHttpsCertSecretName", kHttpsCertKey, &input.https_certificate},
        {"-attestation-key", "kbsAttestationKeySecretName", kTokenKeyKey, &input.token_private_key},
        {"-attestation-cert", "kbsAttestationCertSecretName", kTokenCertKey,
         &input.token_certificate}};
    for (const auto& [suffix, field, key, source] : tls) {
      AddSingleKeySecret(secrets, n + suffix, ns, key, *source);
      set(field, n + suffix);
    }
  }
  if (!input.resource_secrets.empty()) {
    std::set<std::string> names;
    for (const auto& secret : input.resource_secrets) {
      names.insert(secret.name);
      secrets->emplace(secret.name, Secret(SecretSpec{secret.name, "", secret.keys}, ns));
    }
    YamlNode list = YamlNode::List();
    for (const auto& name : names) list.Append(YamlNode::String(name));
    spec->Set("kbsSecretResources", std::move(list));
  }
  if (!input.service_type.empty()) set("kbsServiceType", input.service_type);
}

}  // namespace cocoplane::gen::trustee::internal
