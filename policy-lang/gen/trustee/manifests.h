// Kubernetes manifests the trustee-operator consumes (reference/trustee.md §6).
//
// Two shapes, chosen by TrusteeManifestsInput::kind:
//   kTrusteeConfig  a TrusteeConfig (operator v0.17+): the operator writes
//                   kbs-config.toml, the policies and the reference values
//                   itself from its templates. Only the TLS Secrets it
//                   references are emitted next to it.
//   kKbsConfig      a KbsConfig plus the ConfigMaps it mounts, with exactly
//                   the keys the operator expects (kbs-config.toml,
//                   resource-policy.rego, default_cpu.rego, default_gpu.rego
//                   only with a GPU policy, reference_value) and the Secrets
//                   it mounts. Use this when cocoplane manages the policies.
//
// Secrets never carry values: every Secret is emitted with its stringData
// keys present and empty, and the annotation
//   cocoplane.io/value-from: <source>
// (when keys come from different sources: "<key>=<source>; ..." sorted by
// key). When the desired state carried a value inline, only
//   cocoplane.io/value-sha256: "<key>=<hex>; ..."
// is emitted. The applier fills the values at apply time.
// A kbs-config.toml carrying placeholders (Vault token) is marked on its
// ConfigMap with cocoplane.io/placeholders and cocoplane.io/value-from
// ("<field>=<source>"): once filled it holds a secret, in a ConfigMap,
// because the operator mounts kbs-config.toml only from a ConfigMap.
//
// Every object gets the label app.kubernetes.io/managed-by: cocoplane.
// Output: one multi-document YAML stream, "---" before each document, in
// apply order: ConfigMaps, then Secrets (each sorted by name), then the
// custom resource. Deterministic; pure and thread-safe.
#ifndef COCOPLANE_GEN_TRUSTEE_MANIFESTS_H_
#define COCOPLANE_GEN_TRUSTEE_MANIFESTS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "gen/trustee/kbs_config.h"
#include "gen/trustee/secret_source.h"

namespace cocoplane::gen::trustee {

enum class ManifestKind { kTrusteeConfig, kKbsConfig };

// A Secret whose keys become KBS resources default/<name>/<key>
// (KbsConfig.spec.kbsSecretResources; the operator's secret-converter copies
// them into the KBS repository at pod start).
struct ResourceSecretInput {
  // A Kubernetes Secret name that is also a valid KBS path segment.
  std::string name;
  // Key -> where its value comes from. Keys must be valid KBS path segments
  // (^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-\.]*$, reference §1).
  std::map<std::string, SecretSource> keys;
};

struct TrusteeManifestsInput {
  // Pinned Trustee release, e.g. "0.21.0".
  std::string trustee_version;
  ManifestKind kind = ManifestKind::kKbsConfig;
  // Must match the profile kbs_config_toml was generated with.
  TrusteeProfile profile = TrusteeProfile::kRestricted;
  // "" = "trustee-operator-system" (the only namespace the operator
  // reconciles KbsConfig in).
  std::string namespace_name;
  // Base name of every object ("<name>-kbs-config", ...); a DNS-1123 label
  // of at most 40 characters.
  std::string name = "cocoplane";
  // kbsServiceType: "", "ClusterIP", "NodePort" or "LoadBalancer";
  // "" = operator default (ClusterIP), not written.
  std::string service_type;

  // --- TrusteeConfig only ---------------------------------------------
  // spec.tlsConfig (Restricted only; same rules as KbsConfigInput::tls).
  TlsSettings tls;

  // --- KbsConfig only: ConfigMap contents ------------------------------
  // From GenerateKbsConfig(); required.
  std::string kbs_config_toml;
  std::vector<SecretPlaceholder> kbs_config_placeholders;
  // Rego texts produced by CPL codegen. Resource and CPU policies required.
  std::string resource_policy_rego;
  std::string cpu_attestation_policy_rego;
  // Only when a GPU pool exists.
  std::optional<std::string> gpu_attestation_policy_rego;
  // From LocalJsonReferenceValues(); "" = "{}".
  std::string reference_values_json;
  std::vector<ResourceSecretInput> resource_secrets;
  // kbsAuthSecretName is always mounted, so its source is required even
  // though [admin] is DenyAll (any Ed25519 public key PEM will do).
  SecretSource auth_public_key;

  // --- Restricted profile: TLS material (both kinds) -------------------
  SecretSource https_private_key;
  SecretSource https_certificate;
  // Attestation-token signing key and its certificate chain.
  SecretSource token_private_key;
  SecretSource token_certificate;
};

struct ManifestObject {
  std::string kind;  // "ConfigMap", "Secret", "KbsConfig", "TrusteeConfig"
  std::string name;
};

struct TrusteeManifests {
  // The multi-document YAML stream.
  std::string yaml;
  // The objects in `yaml`, in the same order.
  std::vector<ManifestObject> objects;
};

// Renders the manifests. Errors: kInvalidArgument for an unsupported Trustee
// version, bad names, missing required texts or sources, non-UTF-8 text,
// TLS settings that do not fit the profile; kFailedPrecondition when
// ConfigMap contents or resource Secrets are given with kTrusteeConfig
// (the operator generates those itself; use kKbsConfig to manage them).
Result<TrusteeManifests> GenerateTrusteeManifests(const TrusteeManifestsInput& input);

}  // namespace cocoplane::gen::trustee

#endif  // COCOPLANE_GEN_TRUSTEE_MANIFESTS_H_
