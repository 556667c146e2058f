// The typed desired-state documents, one struct per kind of
// apiVersion cocoplane.io/v1alpha1.
//
// Field comments name the YAML field (schemas/<kind>.schema.json is the
// authority, with the upstream mapping of every field). Values are already
// checked against the schema and defaulted; references are names, resolved
// by the cross-reference pass and looked up through Model::Find*().
// Every field a later check may need to point at is Positioned.
//
// Plain structs, copyable, thread-safe to read.
#ifndef COCOPLANE_MODEL_KINDS_H_
#define COCOPLANE_MODEL_KINDS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/types.h"

namespace cocoplane::model {

// --- Cluster ----------------------------------------------------------------

struct Cluster {
  Metadata metadata;
  // spec.trusteeVersion, e.g. "0.21.0".
  Positioned<std::string> trustee_version;
  // spec.trusteeProfile: a TrusteeProfile name.
  Positioned<std::string> trustee_profile;
  // spec.trusteeNamespace, default "trustee-operator-system".
  Positioned<std::string> trustee_namespace;
  // spec.kbs.url.
  Positioned<std::string> kbs_url;
  // spec.kbs.caCertPath and the PEM text.
  std::optional<RepoFile> kbs_ca_cert;
  // spec.defaultTee.
  Positioned<TeeKind> default_tee;
  // spec.initdataAlgorithm.
  Positioned<HashAlgorithm> initdata_algorithm;
};

inline constexpr std::string_view kDefaultTrusteeNamespace = "trustee-operator-system";

// --- Secret sources ---------------------------------------------------------

// Where a secret value is read at apply time. Only the reference is kept;
// the value never enters the model.
struct SecretSource {
  enum class Type { kFile, kEnv, kVault };
  Type type = Type::kEnv;
  // The file path, variable name or Vault KV path.
  Positioned<std::string> ref;
};

// --- TrusteeProfile ---------------------------------------------------------

enum class ProfileType { kPermissive, kRestricted };
enum class ResourceBackend { kKvStorage, kVault };

struct VaultBackend {
  // spec.resourceBackend.vault.vaultUrl.
  Positioned<std::string> url;
  // mountPath, default "secret".
  std::string mount_path = "secret";
  // verifySsl, default true (Trustee's own default is false).
  bool verify_ssl = true;
  // caCerts: repository PEM files.
  std::vector<RepoFile> ca_certs;
  // tokenSecretRef: file or env, never the token.
  SecretSource token;
};

struct TrusteeProfile {
  Metadata metadata;
  Positioned<ProfileType> type;
  // tlsSecretName, tokenVerificationSecretName; "" when unset.
  std::string tls_secret_name;
  std::string token_verification_secret_name;
  // tlsProfile: "old", "intermediate", "modern", or "" (operator default).
  std::string tls_profile;
  // serviceType, default "ClusterIP".
  std::string service_type = "ClusterIP";
  Positioned<ResourceBackend> backend;
  // Set exactly when backend is kVault.
  std::optional<VaultBackend> vault;
};

// --- NodePool ---------------------------------------------------------------

struct KataSettings {
  std::optional<Positioned<int64_t>> default_memory_mib;
  std::optional<Positioned<int64_t>> max_memory_mib;
  std::optional<Positioned<double>> default_vcpus;
  std::optional<Positioned<int64_t>> max_vcpus;
  // enableAnnotations; nullopt means Kata's build default,
  // kDefaultEnableAnnotations below.
  std::optional<std::vector<Positioned<std::string>>> enable_annotations;
  std::string kernel_params;
  bool debug = false;
};

// DEFENABLEANNOTATIONS_COCO of Kata's runtime Makefiles
// (guest-components-and-kata.md §4).
inline constexpr std::string_view kDefaultEnableAnnotations[] = {
    "enable_iommu",  "kernel_params",  "kernel_verity_params",
    "default_vcpus", "default_memory", "cc_init_data"};

// Kata's enable_annotations semantics (guest-components-and-kata.md §4):
// each entry is an unanchored regex over the annotation name after
// "io.katacontainers.config.hypervisor.".
//
// Why `pattern` cannot be used, or "" when it can. Refused: more than 256
// bytes, or not a regex in Go's syntax (Kata matches with Go's regexp; we
// match with RE2, the same dialect, in linear time: base/regex.h).
std::string AnnotationPatternProblem(std::string_view pattern);
// Whether annotation `suffix` is enabled by `pattern` (false for a pattern
// with a problem).
bool AnnotationPatternMatches(std::string_view pattern, std::string_view suffix);

struct NodePool {
  Metadata metadata;
  // spec.tee, or the Cluster's defaultTee when unset (filled in by the
  // cross-reference pass; nullopt only when neither is known).
  std::optional<Positioned<TeeKind>> tee;
  // spec.nodeSelector.
  std::map<std::string, std::string> node_selector;
  // spec.confidentialGpu, default false.
  Positioned<bool> confidential_gpu;
  // spec.runtimeClass.name/handler, defaulted by DefaultRuntimeClass() once
  // the TEE is known.
  std::string runtime_class_name;
  std::string runtime_class_handler;
  KataSettings kata;
};

// kata-deploy's RuntimeClass for a TEE: kata-qemu-snp, kata-qemu-tdx,
// kata-qemu-nvidia-gpu-snp / -tdx with confidential GPUs, kata-qemu-se,
// kata-qemu-coco-dev for sample, kata-remote for the Azure vTPM TEEs (peer
// pods). guest-components-and-kata.md §5.
std::string DefaultRuntimeClass(TeeKind tee, bool confidential_gpu);

// --- Workload ---------------------------------------------------------------

struct SealedSecret {
  enum class Delivery { kEnv, kFile };
  // name: the Kubernetes Secret.
  Positioned<std::string> name;
  // resource: a KbsResource name.
  Positioned<std::string> resource;
  Delivery delivery = Delivery::kEnv;
  // The env variable name or the mount path.
  Positioned<std::string> target;
};

struct EncryptedVolume {
  Positioned<std::string> name;
  Positioned<std::string> device_path;
  // key: a KbsResource name.
  Positioned<std::string> key;
  std::string filesystem = "ext4";
  std::string mount_path;
  bool integrity = false;
};

struct Workload {
  Metadata metadata;
  Positioned<std::string> namespace_name;
  std::map<std::string, std::string> match_labels;
  // nodePool: a NodePool name.
  Positioned<std::string> node_pool;
  std::optional<Positioned<int64_t>> memory_mib;
  // imagePolicy: an ImagePolicy name.
  std::optional<Positioned<std::string>> image_policy;
  // KbsResource names.
  std::optional<Positioned<std::string>> registry_credential;
  std::vector<Positioned<std::string>> secrets;
  std::vector<SealedSecret> sealed_secrets;
  std::vector<EncryptedVolume> encrypted_volumes;
  std::optional<Positioned<std::string>> tls_key;
  std::optional<Positioned<std::string>> tls_certificate;
  // initdataFragments with their TOML text.
  std::vector<RepoFile> initdata_fragments;
  // agentPolicy: a CPL agent profile name, resolved by the CPL checker.
  std::optional<Positioned<std::string>> agent_policy;
  std::vector<Positioned<std::string>> annotations;
  std::vector<Positioned<std::string>> containers;

  // Every KbsResource name the workload refers to, each once, sorted.
  std::vector<std::string> ResourceNames() const;
};

// --- ImagePolicy ------------------------------------------------------------

enum class RequirementType { kReject, kInsecureAcceptAnything, kSigstoreSigned, kSignedBy };

// policy.json's spelling: "reject", "insecureAcceptAnything", ...
std::string_view RequirementTypeName(RequirementType type);

struct SignedIdentity {
  // matchExact, matchRepoDigestOrExact, matchRepository, exactReference,
  // exactRepository or remapIdentity (policy.json spelling).
  Positioned<std::string> type;
  std::string docker_reference;
  std::string docker_repository;
  std::string prefix;
  std::string signed_prefix;
};

struct ImageRequirement {
  Positioned<RequirementType> type;
  // sigstoreSigned / signedBy: exactly one of these two.
  std::optional<Positioned<std::string>> key_resource;
  std::optional<RepoFile> key_file;
  // signedBy: keyType (always "GPGKeys").
  std::string key_type;
  std::optional<SignedIdentity> signed_identity;
};

struct ImagePolicy {
  Metadata metadata;
  // spec.default: kReject or kInsecureAcceptAnything.
  Positioned<RequirementType> default_requirement;
  // spec.scopes (docker transport), sorted by scope.
  std::map<std::string, std::vector<ImageRequirement>> scopes;
};

// --- KbsResource ------------------------------------------------------------

enum class ResourceKind { kUnspecified, kKey, kCredential, kCertificate, kPolicy, kOther };

struct KbsResource {
  Metadata metadata;
  // spec.path: "repo/type/tag" (checked by the cross-reference pass).
  Positioned<std::string> path;
  ResourceKind kind = ResourceKind::kUnspecified;
  Location kind_location;
  std::string description;
  SecretSource source;
};

// --- ReferenceValues --------------------------------------------------------

// One accepted value: a string or an integer, as RVPS stores JSON.
using ReferenceValueItem = std::variant<std::string, int64_t>;

struct ReferenceValues {
  Metadata metadata;
  // spec.expiration, "YYYY-MM-DDTHH:MM:SSZ"; nullopt: RVPS's default.
  std::optional<Positioned<std::string>> expiration;
  // spec.values: RVPS name -> accepted values; the location is the name's.
  std::map<std::string, Positioned<std::vector<ReferenceValueItem>>> values;
};

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_KINDS_H_
