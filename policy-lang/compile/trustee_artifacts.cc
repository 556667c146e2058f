// Phase 4: what Trustee consumes — the KBS resource policy (with the
// workload bindings from phase 3), the attestation-service policy, RVPS
// reference values, kbs-config.toml and the trustee-operator manifests.
#include <algorithm>

#include "compile/context.h"
#include "cpl/codegen/rego.h"
#include "gen/trustee/kbs_config.h"
#include "gen/trustee/manifests.h"
#include "gen/trustee/rvps.h"

namespace cocoplane::compile {
namespace {

namespace trustee = gen::trustee;

// RVPS needs an expiration on every stored value and the compiler reads no
// clock; a ReferenceValues document without spec.expiration gets this one.
constexpr char kDefaultExpiration[] = "2099-12-31T00:00:00Z";

std::vector<trustee::ReferenceValueInput> ReferenceInputs(const model::Model& model) {
  std::vector<trustee::ReferenceValueInput> out;
  for (const auto& doc : model.reference_values) {
    for (const auto& [name, values] : doc.values) {
      trustee::ReferenceValueInput in;
      in.name = name;
      for (const auto& v : values.value) {
        if (const auto* s = std::get_if<std::string>(&v)) in.values.emplace_back(*s);
        else in.values.emplace_back(std::get<int64_t>(v));
      }
      in.expiration = doc.expiration ? doc.expiration->value : kDefaultExpiration;
      out.push_back(std::move(in));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

trustee::SecretSource SourceOf(const model::SecretSource& s) {
  switch (s.type) {
    case model::SecretSource::Type::kFile: return {"file:" + s.ref.value, ""};
    case model::SecretSource::Type::kEnv: return {"env:" + s.ref.value, ""};
    case model::SecretSource::Type::kVault: return {"vault:" + s.ref.value, ""};
  }
  return {};
}

trustee::SecretSource KubeSecret(const std::string& name, const std::string& key) {
  return {"secret:" + name + "#" + key, ""};
}

std::optional<trustee::KbsConfigFile> KbsConfig(Context& ctx, const model::TrusteeProfile& p) {
  trustee::KbsConfigInput in;
  in.trustee_version = ctx.model.cluster->trustee_version.value;
  in.profile = p.type.value == model::ProfileType::kRestricted ? trustee::TrusteeProfile::kRestricted
                                                               : trustee::TrusteeProfile::kPermissive;
  if (in.profile == trustee::TrusteeProfile::kRestricted) in.tls.profile = p.tls_profile;
  if (p.vault) {
    trustee::VaultBackend v;
    v.url = p.vault->url.value;
    v.mount_path = p.vault->mount_path;
    v.verify_ssl = p.vault->verify_ssl;
    // The CA files are mounted into the KBS container under this directory.
    for (const auto& ca : p.vault->ca_certs) {
      v.ca_certs.push_back("/etc/kbs/vault-ca/" +
                           ca.path.value.substr(ca.path.value.find_last_of('/') + 1));
    }
    v.token = SourceOf(p.vault->token);
    in.vault = v;
  }
  Result<trustee::KbsConfigFile> file = trustee::GenerateKbsConfig(in);
  if (!file.ok()) {
    ctx.Failed(file.status(), p.metadata.document, "kbs-config.toml");
    return std::nullopt;
  }
  return std::move(*file);
}

void Manifests(Context& ctx, const model::TrusteeProfile& p, const trustee::KbsConfigFile& config,
               const std::string& resource_rego, const std::string& cpu_rego,
               const std::string& reference_json) {
  trustee::TrusteeManifestsInput in;
  in.trustee_version = ctx.model.cluster->trustee_version.value;
  in.kind = trustee::ManifestKind::kKbsConfig;
  in.profile = p.type.value == model::ProfileType::kRestricted ? trustee::TrusteeProfile::kRestricted
                                                               : trustee::TrusteeProfile::kPermissive;
  in.namespace_name = ctx.model.cluster->trustee_namespace.value;
  in.service_type = p.service_type;
  in.kbs_config_toml = config.text;
  in.kbs_config_placeholders = config.placeholders;
  in.resource_policy_rego = resource_rego;
  in.cpu_attestation_policy_rego = cpu_rego;
  in.reference_values_json = reference_json;
  in.auth_public_key = KubeSecret("cocoplane-kbs-auth", "publicKey");
  if (in.profile == trustee::TrusteeProfile::kRestricted) {
    std::string tls = p.tls_secret_name.empty() ? "kbs-https" : p.tls_secret_name;
    std::string token =
        p.token_verification_secret_name.empty() ? "kbs-token" : p.token_verification_secret_name;
    in.https_private_key = KubeSecret(tls, "tls.key");
    in.https_certificate = KubeSecret(tls, "tls.crt");
    in.token_private_key = KubeSecret(token, "tls.key");
    in.token_certificate = KubeSecret(token, "tls.crt");
  }
  Result<trustee::TrusteeManifests> m = trustee::GenerateTrusteeManifests(in);
  if (!m.ok()) {
    ctx.Failed(m.status(), p.metadata.document, "trustee manifests");
    return;
  }
  AddArtifact(ctx.bundle, "trustee/manifests.yaml", ArtifactKind::kTrusteeManifest, "trustee",
              "kubernetes:" + in.namespace_name + "/trustee", std::move(m->yaml));
}

}  // namespace

void BuildTrustee(Context& ctx) {
  const std::string version = ctx.model.cluster->trustee_version.value;
  Result<std::string> resource = cpl::codegen::ResourcePolicyRego(ctx.policy, ctx.facts);
  Result<std::string> cpu = cpl::codegen::AttestationPolicyRego(ctx.policy, ctx.facts);
  const Location& where = ctx.model.cluster->metadata.document;
  if (!resource.ok()) return ctx.Failed(resource.status(), where, "resource policy");
  if (!cpu.ok()) return ctx.Failed(cpu.status(), where, "attestation policy");
  AddArtifact(ctx.bundle, "trustee/resource-policy.rego", ArtifactKind::kKbsResourcePolicy,
              "trustee", KbsTarget(std::string(ctx.facts.policy_namespace) + "/resource-policy.rego"),
              *resource);
  AddArtifact(ctx.bundle, "trustee/default_cpu.rego", ArtifactKind::kAttestationPolicy, "trustee",
              KbsTarget(std::string(ctx.facts.as_policy_namespace) + "/" +
                        std::string(ctx.facts.cpu_policy_id) + ".rego"),
              *cpu);
  std::vector<trustee::ReferenceValueInput> refs = ReferenceInputs(ctx.model);
  Result<std::string> local_json = trustee::LocalJsonReferenceValues(version, refs, {});
  Result<std::string> message = trustee::RegistrationMessage(version, refs);
  if (!local_json.ok()) return ctx.Failed(local_json.status(), where, "reference values");
  if (!message.ok()) return ctx.Failed(message.status(), where, "reference values");
  AddArtifact(ctx.bundle, "trustee/reference_value", ArtifactKind::kRvpsReferenceValues, "trustee",
              KbsTarget(std::string(ctx.facts.reference_value_file)), *local_json);
  AddArtifact(ctx.bundle, "trustee/rvps-registration.json", ArtifactKind::kRvpsReferenceValues,
              "trustee", "none", *message);
  const model::TrusteeProfile* profile = ctx.model.ClusterProfile();
  if (!profile) return;  // reported by the model
  std::optional<trustee::KbsConfigFile> config = KbsConfig(ctx, *profile);
  if (!config) return;
  AddArtifact(ctx.bundle, "trustee/kbs-config.toml", ArtifactKind::kKbsConfig, "trustee", "none",
              config->text);
  Manifests(ctx, *profile, *config, *resource, *cpu, *local_json);
}

}  // namespace cocoplane::compile
