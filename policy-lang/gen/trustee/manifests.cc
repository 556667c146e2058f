#include "gen/trustee/manifests.h"

#include <utility>

#include "gen/trustee/manifest_objects.h"
#include "gen/trustee/operator_layout.h"
#include "gen/trustee/versions.h"
#include "gen/trustee/yaml_writer.h"

namespace cocoplane::gen::trustee {
namespace {

using internal::SecretSpec;
using yaml::YamlNode;

// Objects collected per kind, sorted by name, then emitted in apply order.
struct Objects {
  std::map<std::string, YamlNode> config_maps;
  std::map<std::string, YamlNode> secrets;
  std::string cr_kind;
  std::string cr_name;
  YamlNode cr = YamlNode::Map();
};

std::string Namespace(const TrusteeManifestsInput& input) {
  return input.namespace_name.empty() ? std::string(kOperatorNamespace) : input.namespace_name;
}

bool Restricted(const TrusteeManifestsInput& input) {
  return input.profile == TrusteeProfile::kRestricted;
}

Status CheckCommon(const TrusteeManifestsInput& input) {
  if (FactsFor(input.trustee_version) == nullptr) {
    return UnsupportedTrusteeVersion(input.trustee_version);
  }
  // 40 leaves room for the longest suffix ("-attestation-policy-cpu").
  if (Status s = internal::CheckDnsLabel("name", input.name, 40); !s.ok()) return s;
  if (Status s = internal::CheckDnsLabel("namespace", Namespace(input)); !s.ok()) return s;
  const std::string_view service_types[] = {"", "ClusterIP", "NodePort", "LoadBalancer"};
  bool known_service = false;
  for (auto t : service_types) known_service = known_service || input.service_type == t;
  if (!known_service) {
    return Status::InvalidArgument("kbs service type \"" + input.service_type +
                                   "\" must be ClusterIP, NodePort or LoadBalancer");
  }
  if (!Restricted(input)) return Status::Ok();
  const std::pair<std::string_view, const SecretSource*> sources[] = {
      {"https private key", &input.https_private_key},
      {"https certificate", &input.https_certificate},
      {"token private key", &input.token_private_key},
      {"token certificate", &input.token_certificate}};
  for (const auto& [what, source] : sources) {
    if (Status s = internal::CheckSource(what, *source); !s.ok()) return s;
  }
  return Status::Ok();
}

YamlNode CustomResource(std::string_view kind, const std::string& name, const std::string& ns,
                        YamlNode spec) {
  YamlNode doc = YamlNode::Map();
  doc.Set("apiVersion", YamlNode::String(kOperatorApiVersion));
  doc.Set("kind", YamlNode::String(kind));
  doc.Set("metadata", internal::Metadata(name, ns, {}));
  doc.Set("spec", std::move(spec));
  return doc;
}

void AddSecret(Objects* objects, const SecretSpec& spec, const std::string& ns) {
  objects->secrets.emplace(spec.name, internal::Secret(spec, ns));
}

// --- TrusteeConfig ----------------------------------------------------------

Status CheckTrusteeConfigInput(const TrusteeManifestsInput& input) {
  bool has_config_maps =
      !input.kbs_config_toml.empty() || !input.resource_policy_rego.empty() ||
      !input.cpu_attestation_policy_rego.empty() || input.gpu_attestation_policy_rego.has_value() ||
      !input.reference_values_json.empty() || !input.kbs_config_placeholders.empty();
  if (has_config_maps || !input.resource_secrets.empty()) {
    return Status::FailedPrecondition(
        "a TrusteeConfig generates its own kbs-config, policies, reference values and "
        "resource Secrets; use the KbsConfig kind to manage them from cocoplane");
  }
  return ValidateTlsSettings(input.profile, input.tls);
}

YamlNode TlsConfig(const TlsSettings& tls) {
  YamlNode out = YamlNode::Map();
  if (!tls.profile.empty()) out.Set("profile", YamlNode::String(tls.profile));
  if (!tls.min_version.empty()) out.Set("minVersion", YamlNode::String(tls.min_version));
  if (!tls.max_version.empty()) out.Set("maxVersion", YamlNode::String(tls.max_version));
  for (const auto& [key, list] : {std::pair{"ciphers", &tls.ciphers}, {"groups", &tls.groups}}) {
    if (list->empty()) continue;
    YamlNode items = YamlNode::List();
    for (const auto& item : *list) items.Append(YamlNode::String(item));
    out.Set(key, std::move(items));
  }
  return out;
}

// TrusteeConfig TLS Secrets are kubernetes.io/tls pairs (reference §6).
SecretSpec TlsPair(std::string name, const SecretSource& key, const SecretSource& cert) {
  return SecretSpec{std::move(name),
                    std::string(kTlsSecretType),
                    {{std::string(kTlsCertKey), cert}, {std::string(kTlsKeyKey), key}}};
}

Objects TrusteeConfigObjects(const TrusteeManifestsInput& input) {
  Objects objects;
  const std::string ns = Namespace(input);
  YamlNode spec = YamlNode::Map();
  spec.Set("profileType", YamlNode::String(TrusteeProfileName(input.profile)));
  if (!input.service_type.empty()) {
    spec.Set("kbsServiceType", YamlNode::String(input.service_type));
  }
  if (Restricted(input)) {
    SecretSpec https =
        TlsPair(input.name + "-https-tls", input.https_private_key, input.https_certificate);
    SecretSpec token =
        TlsPair(input.name + "-token-tls", input.token_private_key, input.token_certificate);
    spec.Set("httpsSpec", YamlNode::Map().Set("tlsSecretName", YamlNode::String(https.name)));
    spec.Set("attestationTokenVerificationSpec",
             YamlNode::Map().Set("tlsSecretName", YamlNode::String(token.name)));
    YamlNode tls = TlsConfig(input.tls);
    if (!tls.children().empty()) spec.Set("tlsConfig", std::move(tls));
    AddSecret(&objects, https, ns);
    AddSecret(&objects, token, ns);
  }
  objects.cr_kind = "TrusteeConfig";
  objects.cr_name = input.name;
  objects.cr = CustomResource(objects.cr_kind, input.name, ns, std::move(spec));
  return objects;
}

}  // namespace

Result<TrusteeManifests> GenerateTrusteeManifests(const TrusteeManifestsInput& input) {
  if (Status s = CheckCommon(input); !s.ok()) return s;
  Objects objects;
  switch (input.kind) {
    case ManifestKind::kTrusteeConfig: {
      if (Status s = CheckTrusteeConfigInput(input); !s.ok()) return s;
      objects = TrusteeConfigObjects(input);
      break;
    }
    case ManifestKind::kKbsConfig: {
      if (Status s = internal::CheckKbsConfigInput(input); !s.ok()) return s;
      YamlNode spec = YamlNode::Map();
      internal::AddKbsConfigObjects(input, *FactsFor(input.trustee_version), Namespace(input),
                                    &objects.config_maps, &objects.secrets, &spec);
      objects.cr_kind = "KbsConfig";
      objects.cr_name = input.name;
      objects.cr = CustomResource(objects.cr_kind, input.name, Namespace(input), std::move(spec));
      break;
    }
  }
  TrusteeManifests out;
  std::vector<YamlNode> docs;
  for (auto& [name, doc] : objects.config_maps) {
    out.objects.push_back({"ConfigMap", name});
    docs.push_back(std::move(doc));
  }
  for (auto& [name, doc] : objects.secrets) {
    out.objects.push_back({"Secret", name});
    docs.push_back(std::move(doc));
  }
  out.objects.push_back({objects.cr_kind, objects.cr_name});
  docs.push_back(std::move(objects.cr));
  out.yaml = yaml::EmitStream(docs);
  return out;
}

}  // namespace cocoplane::gen::trustee
