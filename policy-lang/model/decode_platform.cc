// Decoders for the platform kinds: Cluster, TrusteeProfile, NodePool.
#include "gen/trustee/versions.h"
#include "model/decode.h"

namespace cocoplane::model {
namespace {

bool LooksLikeVersion(std::string_view v) {
  if (!v.empty() && v[0] == 'v') v.remove_prefix(1);
  int dots = 0;
  for (char c : v) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 2;
}

void CheckTrusteeVersion(const Positioned<std::string>& version, DiagnosticSink& sink) {
  // Malformed versions are the schema's to report; only a well-formed but
  // unknown release is reported here.
  if (!LooksLikeVersion(version.value) || gen::trustee::FactsFor(version.value)) return;
  std::string lines;
  for (const auto& line : gen::trustee::SupportedLines())
    lines += (lines.empty() ? "" : ", ") + line;
  sink.Emit(DiagKind::kUnknownTrusteeRelease, version.location,
            "Trustee " + version.value + " is not supported; supported release lines: " + lines,
            "pin a supported release: config keys and storage layouts differ between Trustee "
            "releases (trustee.md §0)");
}

void AboveMaximum(const Location& at, const char* what, const char* max_what,
                  DiagnosticSink& sink) {
  sink.Emit(DiagKind::kOutOfRange, at, std::string(what) + " exceeds " + max_what,
            std::string("raise ") + max_what + " or lower " + what);
}

KataSettings ReadKata(const Fields& f, DiagnosticSink& sink) {
  KataSettings k;
  k.default_memory_mib = f.OptInt("/spec/kata/defaultMemoryMiB");
  k.max_memory_mib = f.OptInt("/spec/kata/maxMemoryMiB");
  k.default_vcpus = f.OptNumber("/spec/kata/defaultVcpus");
  k.max_vcpus = f.OptInt("/spec/kata/maxVcpus");
  if (f.Has("/spec/kata/enableAnnotations")) {
    k.enable_annotations = f.StrList("/spec/kata/enableAnnotations");
    for (const auto& pattern : *k.enable_annotations) {
      std::string problem = AnnotationPatternProblem(pattern.value);
      if (problem.empty()) continue;
      sink.Emit(DiagKind::kBadFormat, pattern.location,
                "enableAnnotations entry \"" + pattern.value + "\" is " + problem,
                "entries are regexes over the annotation name after "
                "io.katacontainers.config.hypervisor., e.g. default_memory or cc_init_data");
    }
  }
  k.kernel_params = f.Str("/spec/kata/kernelParams").value;
  k.debug = f.Bool("/spec/kata/debug", false);
  if (k.default_memory_mib && k.max_memory_mib &&
      k.default_memory_mib->value > k.max_memory_mib->value) {
    AboveMaximum(k.default_memory_mib->location, "defaultMemoryMiB", "maxMemoryMiB", sink);
  }
  if (k.default_vcpus && k.max_vcpus &&
      k.default_vcpus->value > static_cast<double>(k.max_vcpus->value)) {
    AboveMaximum(k.default_vcpus->location, "defaultVcpus", "maxVcpus", sink);
  }
  return k;
}

}  // namespace

void DecodeCluster(const Fields& f, DecodeContext& context) {
  Cluster c;
  c.metadata = f.ReadMetadata();
  c.trustee_version = f.Str("/spec/trusteeVersion");
  CheckTrusteeVersion(c.trustee_version, context.sink);
  c.trustee_profile = f.Str("/spec/trusteeProfile");
  c.trustee_namespace = f.Str("/spec/trusteeNamespace", kDefaultTrusteeNamespace);
  c.kbs_url = f.Str("/spec/kbs/url");
  if (auto ca = f.OptStr("/spec/kbs/caCertPath")) c.kbs_ca_cert = RepoFile{std::move(*ca), ""};
  Positioned<std::string> tee = f.Str("/spec/defaultTee");
  c.default_tee = {ParseTeeKind(tee.value).value_or(TeeKind::kSnp), tee.location};
  Positioned<std::string> algorithm = f.Str("/spec/initdataAlgorithm");
  // An invalid algorithm was reported by the schema; sha256 keeps it from
  // also tripping the vTPM check.
  c.initdata_algorithm = {ParseHashAlgorithm(algorithm.value).value_or(HashAlgorithm::kSha256),
                          algorithm.location};
  context.clusters.push_back(std::move(c));
}

void DecodeTrusteeProfile(const Fields& f, DecodeContext& context) {
  TrusteeProfile p;
  p.metadata = f.ReadMetadata();
  Positioned<std::string> type = f.Str("/spec/type");
  p.type = {type.value == "Restricted" ? ProfileType::kRestricted : ProfileType::kPermissive,
            type.location};
  p.tls_secret_name = f.Str("/spec/tlsSecretName").value;
  p.token_verification_secret_name = f.Str("/spec/tokenVerificationSecretName").value;
  p.tls_profile = f.Str("/spec/tlsProfile").value;
  p.service_type = f.Str("/spec/serviceType", "ClusterIP").value;
  Positioned<std::string> backend = f.Str("/spec/resourceBackend/type");
  bool vault = backend.value == "vault";
  p.backend = {vault ? ResourceBackend::kVault : ResourceBackend::kKvStorage, backend.location};
  constexpr std::string_view kVault = "/spec/resourceBackend/vault";
  if (vault) {
    VaultBackend v;
    v.url = f.Str("/spec/resourceBackend/vault/vaultUrl");
    v.mount_path = f.Str("/spec/resourceBackend/vault/mountPath", "secret").value;
    v.verify_ssl = f.Bool("/spec/resourceBackend/vault/verifySsl", true);
    for (auto& path : f.StrList("/spec/resourceBackend/vault/caCerts")) {
      v.ca_certs.push_back(RepoFile{std::move(path), ""});
    }
    v.token = ReadSecretSource(f, "/spec/resourceBackend/vault/tokenSecretRef", context);
    p.vault = std::move(v);
  } else if (backend.value == "kvstorage" && f.Has(kVault)) {
    context.sink.Emit(
        DiagKind::kNotApplicable, f.KeyAt(kVault),
        "vault settings have no effect with resourceBackend type \"" + backend.value + "\"",
        "set `type: vault`, or remove the vault block");
  }
  context.model.trustee_profiles.push_back(std::move(p));
}

void DecodeNodePool(const Fields& f, DecodeContext& context) {
  NodePool pool;
  pool.metadata = f.ReadMetadata();
  if (auto tee = f.OptStr("/spec/tee")) {
    if (auto kind = ParseTeeKind(tee->value)) pool.tee = Positioned<TeeKind>{*kind, tee->location};
  }
  pool.node_selector = f.StrMap("/spec/nodeSelector");
  pool.confidential_gpu = {f.Bool("/spec/confidentialGpu", false), f.At("/spec/confidentialGpu")};
  pool.runtime_class_name = f.Str("/spec/runtimeClass/name").value;
  pool.runtime_class_handler = f.Str("/spec/runtimeClass/handler").value;
  pool.kata = ReadKata(f, context.sink);
  context.model.node_pools.push_back(std::move(pool));
}

}  // namespace cocoplane::model
