// The platform documents: one Cluster and its TrusteeProfile, the node
// pools, the image policies and the reference values. Shapes and comments
// follow examples/repo; the public CA certificate and cosign key are the
// example's (public data, never a secret).
#include <string>

#include "bench/gen/render.h"

namespace cocoplane::bench {
namespace {

constexpr char kHeader[] = "apiVersion: cocoplane.io/v1alpha1\n";

constexpr char kCaCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIB1TCCAXugAwIBAgIUChcOGdLSRTVifd1VToxx7W4UhYswCgYIKoZIzj0EAwIw
ODEUMBIGA1UECgwLRXhhbXBsZSBPcmcxIDAeBgNVBAMMF0V4YW1wbGUgT3JnIElu
dGVybmFsIENBMB4XDTI2MTEyNzIyMzQwM1oXDTM2MTEyNDIyMzQwM1owODEUMBIG
A1UECgwLRXhhbXBsZSBPcmcxIDAeBgNVBAMMF0V4YW1wbGUgT3JnIEludGVybmFs
IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEkHiKAF/vMZQ6DjnP1sYhl4W8
kJJVTxbivtZURK08vAXDLPqqkroevkcobQzdxY/e43IhgfuvvSOVjpUiH4l4PqNj
MGEwHQYDVR0OBBYEFHBNKcu9Tg9cO0CHjUnaqiyZ/Vh1MB8GA1UdIwQYMBaAFHBN
Kcu9Tg9cO0CHjUnaqiyZ/Vh1MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQD
AgEGMAoGCCqGSM49BAMCA0gAMEUCIFpbOj9+CUEYmZJnlcbGkj63Nqmgbq2+cm1T
F+eEem0GAiEA/F6OJr39azNf0ub03rXTnB7YkUY9vrbbmhhkw+kxnMU=
-----END CERTIFICATE-----
)";

constexpr char kCosignPublicKey[] = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZiENd0RMlfkQJy4/oTNm5D+BVQxk
xEtc2GwtPwNTh9o1nzEhlv7aBz4EkF5MsLAMSy0wWf2dQgDIgGcW1gLzmw==
-----END PUBLIC KEY-----
)";

std::string Cluster() {
  return std::string("# The one Cluster (synthetic, cocoplane-bench gen).\n") + kHeader +
         "kind: Cluster\n"
         "metadata:\n"
         "  name: bench-cluster\n"
         "  description: Synthetic cluster for benchmarks\n"
         "spec:\n"
         "  trusteeVersion: 0.21.0\n"
         "  trusteeProfile: restricted\n"
         "  trusteeNamespace: trustee-operator-system\n"
         "  kbs:\n"
         "    url: https://kbs-trustee-operator-system.apps.bench.example.com\n"
         "    caCertPath: cluster/internal-ca.pem\n"
         "  defaultTee: snp\n"
         "  initdataAlgorithm: sha384\n";
}

std::string TrusteeProfile() {
  return std::string(kHeader) +
         "kind: TrusteeProfile\n"
         "metadata:\n"
         "  name: restricted\n"
         "spec:\n"
         "  type: Restricted\n"
         "  tlsSecretName: kbs-tls\n"
         "  tokenVerificationSecretName: kbs-token-signing\n"
         "  tlsProfile: intermediate\n"
         "  serviceType: ClusterIP\n"
         "  resourceBackend:\n"
         "    type: vault\n"
         "    vault:\n"
         "      vaultUrl: https://vault.example.com:8200\n"
         "      mountPath: kbs\n"
         "      verifySsl: true\n"
         "      caCerts:\n"
         "        - cluster/internal-ca.pem\n"
         "      tokenSecretRef:\n"
         "        file: /etc/cocoplane/secrets/kbs-vault-token\n";
}

std::string Pool(const PoolSpec& p) {
  std::string tee = TeeName(p.tee);
  std::string label = p.tee == Tee::kSnp ? "feature.node.kubernetes.io/cpu-security.sev.snp.enabled"
                                         : "feature.node.kubernetes.io/cpu-security.tdx.enabled";
  std::string out = std::string(kHeader) + "kind: NodePool\nmetadata:\n  name: " + p.name +
                    "\n  description: " + (p.gpu ? "GPU " : "") + tee + " workers\nspec:\n  tee: " +
                    tee + "\n  nodeSelector:\n    " + label + ": \"true\"\n    cocoplane.io/pool: " +
                    p.name + "\n";
  if (p.gpu) out += "    nvidia.com/gpu.present: \"true\"\n  confidentialGpu: true\n";
  // A RuntimeClass name is cluster-wide, so each pool has its own; the
  // handler is the kata-deploy shim of the pool's TEE.
  out += "  runtimeClass:\n    name: kata-" + p.name + "\n    handler: kata-qemu-" +
         (p.gpu ? "nvidia-gpu-" : "") + tee + "\n";
  out += "  kata:\n    defaultMemoryMiB: " + std::to_string(p.default_memory_mib) +
         "\n    maxMemoryMiB: " + std::to_string(p.max_memory_mib) +
         "\n    defaultVcpus: " + (p.gpu ? "4" : "1") +
         "\n    maxVcpus: " + std::to_string(p.max_vcpus) +
         "\n    enableAnnotations:\n      - cc_init_data\n      - default_memory\n"
         "      - default_vcpus\n";
  return out;
}

// Image policy i: reject by default; the organisation's registry signed
// with the in-repository cosign key; one pinned base accepted.
std::string ImagePolicy(int i) {
  std::string n = std::to_string(i);
  return std::string(kHeader) + "kind: ImagePolicy\nmetadata:\n  name: images-" + n +
         "\nspec:\n  default: reject\n  scopes:\n"
         "    quay.io/example-org/team-" + n + ":\n"
         "      - type: sigstoreSigned\n"
         "        keyPath: images/keys/cosign-org.pub.pem\n"
         "        signedIdentity:\n"
         "          type: matchRepository\n"
         "    registry.example.com/platform:\n"
         "      - type: sigstoreSigned\n"
         "        keyPath: images/keys/cosign-org.pub.pem\n"
         "    registry.access.redhat.com/ubi9/ubi:\n"
         "      - type: insecureAcceptAnything\n";
}

std::string SnpReferenceValues() {
  return std::string(kHeader) +
         "kind: ReferenceValues\nmetadata:\n  name: snp\nspec:\n"
         "  expiration: \"2027-06-30T00:00:00Z\"\n"
         "  values:\n"
         "    snp_launch_measurement:\n"
         "      - f8eab4f8582a454242a3a7ffdb2e47c75a17a28e1c7112daf28a0d6330acb3f14935a8219a85a3ba152939cc86fdb432\n"
         "    snp_bootloader: [3]\n"
         "    snp_microcode: [209]\n"
         "    snp_snp_svn: [22]\n"
         "    snp_tee_svn: [0]\n";
}

std::string TdxReferenceValues() {
  return std::string(kHeader) +
         "kind: ReferenceValues\nmetadata:\n  name: tdx\nspec:\n"
         "  expiration: \"2027-06-30T00:00:00Z\"\n"
         "  values:\n"
         "    mr_td:\n"
         "      - 5aac411b775aeeb772ed091d85887c299212e7dc00f2487cbed08fe5ce6647dbd0cc4d81fa7e3268ddfadb23c32e20fc\n"
         "    rtmr_1:\n"
         "      - aca2018f8cdb109747f014266553f850622ecc74cd10a7379895b1fee31819662476714359367988d0b0776eed45277f\n"
         "    rtmr_2:\n"
         "      - 94ec89e69cc05d0f2820a49d67d8135c169609369fb77e532a291c7ff347d23154b2305a089921dc71a50508c12d4925\n";
}

}  // namespace

const char* TeeName(Tee tee) { return tee == Tee::kSnp ? "snp" : "tdx"; }

void RenderPlatform(const Layout& layout, RepoFiles& files) {
  files["cluster/cluster.yaml"] = Cluster();
  files["cluster/trustee-profile.yaml"] = TrusteeProfile();
  files["cluster/internal-ca.pem"] = kCaCertificate;
  for (const PoolSpec& p : layout.pools) files["pools/" + p.name + ".yaml"] = Pool(p);
  for (int i = 0; i < kImagePolicies; ++i) {
    files["images/images-" + std::to_string(i) + ".yaml"] = ImagePolicy(i);
  }
  files["images/keys/cosign-org.pub.pem"] = kCosignPublicKey;
  files["reference-values/snp.yaml"] = SnpReferenceValues();
  files["reference-values/tdx.yaml"] = TdxReferenceValues();
}

}  // namespace cocoplane::bench
