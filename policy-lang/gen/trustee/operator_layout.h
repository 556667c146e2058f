// Where the trustee-operator mounts what it is given, and the key names it
// expects. kbs-config.toml points at these paths and the manifests create the
// Secrets and ConfigMaps that fill them, so both read them from here.
//
// Source: ../shared/reference/trustee.md §6 (trustee-operator
// internal/controller newKbsDeployment and config/templates/, main @dec08ea).
// Plain constants; thread-safe.
#ifndef COCOPLANE_GEN_TRUSTEE_OPERATOR_LAYOUT_H_
#define COCOPLANE_GEN_TRUSTEE_OPERATOR_LAYOUT_H_

#include <string_view>

namespace cocoplane::gen::trustee {

// Namespace the operator reconciles KbsConfig in (POD_NAMESPACE default).
inline constexpr std::string_view kOperatorNamespace = "trustee-operator-system";
inline constexpr std::string_view kOperatorApiVersion = "confidentialcontainers.org/v1alpha1";

// Root of the KBS storage (LocalFs dir_path); every ConfigMap mount is below it.
inline constexpr std::string_view kStorageDir = "/opt/confidential-containers/storage";

// HTTPS material: kbsHttpsKeySecretName -> /etc/https-key/,
// kbsHttpsCertSecretName -> /etc/https-cert/.
inline constexpr std::string_view kHttpsKeyDir = "/etc/https-key";
inline constexpr std::string_view kHttpsKeyKey = "privateKey";
inline constexpr std::string_view kHttpsCertDir = "/etc/https-cert";
inline constexpr std::string_view kHttpsCertKey = "certificate";

// Attestation-token signing material: kbsAttestationKeySecretName ->
// /etc/attestation-key/, kbsAttestationCertSecretName -> /etc/attestation-cert/.
inline constexpr std::string_view kTokenKeyDir = "/etc/attestation-key";
inline constexpr std::string_view kTokenKeyKey = "token.key";
inline constexpr std::string_view kTokenCertDir = "/etc/attestation-cert";
inline constexpr std::string_view kTokenCertKey = "token.crt";

// kbsAuthSecretName is always mounted at /etc/auth-secret/ (key publicKey),
// even when [admin] is DenyAll, so the Secret must exist.
inline constexpr std::string_view kAuthSecretKey = "publicKey";

// ConfigMap keys the operator mounts.
inline constexpr std::string_view kKbsConfigKey = "kbs-config.toml";
inline constexpr std::string_view kResourcePolicyKey = "resource-policy.rego";

// TrusteeConfig TLS Secrets are of type kubernetes.io/tls.
inline constexpr std::string_view kTlsSecretType = "kubernetes.io/tls";
inline constexpr std::string_view kTlsCertKey = "tls.crt";
inline constexpr std::string_view kTlsKeyKey = "tls.key";

}  // namespace cocoplane::gen::trustee

#endif  // COCOPLANE_GEN_TRUSTEE_OPERATOR_LAYOUT_H_
