// Phase 3: per workload, agent policy -> initdata -> digest -> TEE binding,
// annotation, pod patch and sealed secrets. The binding is written back into
// the IR so the resource policy (phase 4) pins each workload's digest.
#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "base/parallel.h"
#include "compile/context.h"
#include "cpl/codegen/rego.h"
#include "crypto/es256.h"
#include "gen/workload/guest_config.h"
#include "gen/workload/initdata.h"
#include "gen/workload/pod_patch.h"
#include "gen/workload/sealed_secret.h"

namespace cocoplane::compile {
namespace {

using model::Workload;

std::optional<std::string> GuestConfig(Context& ctx, const Workload& w, std::string* cdh) {
  const model::Cluster& cluster = *ctx.model.cluster;
  std::optional<std::string> cert;
  if (cluster.kbs_ca_cert) cert = cluster.kbs_ca_cert->text;
  Result<std::string> aa = gen::workload::RenderAaToml({cluster.kbs_url.value, cert});
  if (!aa.ok()) {
    ctx.Failed(aa.status(), cluster.kbs_url.location, "aa.toml");
    return std::nullopt;
  }
  gen::workload::CdhConfig c;
  c.kbs_url = cluster.kbs_url.value;
  c.kbs_cert_pem = cert;
  if (w.image_policy) {
    c.image_security_policy =
        UriOf(std::string(kImagePolicyRepoType) + "/" + w.image_policy->value);
  }
  if (w.registry_credential) {
    c.registry_credentials = UriOf(ResourcePath(ctx.model, w.registry_credential->value));
  }
  c.skip_sealed_secret_verification = ctx.options.unsigned_sealed_secrets;
  Result<std::string> text = gen::workload::RenderCdhToml(c);
  if (!text.ok()) {
    ctx.Failed(text.status(), w.metadata.document, "cdh.toml");
    return std::nullopt;
  }
  *cdh = std::move(*text);
  return std::move(*aa);
}

// The sealing key, parsed once per compile (nullopt: no key given).
using SealingKey = std::optional<Result<crypto::Es256PrivateKey>>;

void SealedSecrets(Context& ctx, const SealingKey& key, const Workload& w, const std::string& dir) {
  std::set<std::string> done;
  for (const auto& s : w.sealed_secrets) {
    // One Kubernetes Secret may be delivered twice (env and file): one artifact.
    if (!done.insert(s.name.value).second) continue;
    auto uri = UriOf(ResourcePath(ctx.model, s.resource.value));
    if (!uri) continue;  // the model reported the dangling reference
    Result<std::string> sealed = Status::Internal("unreachable");
    if (ctx.options.unsigned_sealed_secrets) {
      sealed = gen::workload::SealSecretUnsigned(*uri);
    } else if (!key) {
      ctx.sink.Emit(DiagKind::kNoSealingKey, s.name.location,
                    "sealed secret \"" + s.name.value + "\" cannot be signed: no signing key",
                    "pass --sealing-key FILE (a P-256 private key kept outside the repository), "
                    "or the compatibility flag --unsigned-sealed-secrets for guest components "
                    "older than v0.18");
      continue;
    } else if (!key->ok()) {
      sealed = key->status();
    } else {
      sealed = gen::workload::SealSecret({*uri, *UriOf(kSealingKeyResource)}, **key);
    }
    if (!sealed.ok()) {
      ctx.Failed(sealed.status(), s.name.location, "sealed secret " + s.name.value);
      continue;
    }
    AddArtifact(ctx.bundle, dir + "/sealed/" + s.name.value + ".txt", ArtifactKind::kSealedSecret,
                "workload/" + w.metadata.name.value, "none", std::move(*sealed));
  }
}

void PodPatch(Context& ctx, const Workload& w, const model::NodePool& pool,
              const std::string& annotation, const std::string& dir) {
  gen::workload::PodPatchInput in;
  in.runtime_class_name = pool.runtime_class_name;
  in.initdata_annotation = annotation;
  if (w.memory_mib) in.memory_mib = static_cast<uint64_t>(w.memory_mib->value);
  for (const auto& c : w.containers) in.container_names.push_back(c.value);
  Result<std::string> patch = gen::workload::RenderPodPatch(in);
  if (!patch.ok()) {
    ctx.Failed(patch.status(), w.metadata.document, "pod patch");
    return;
  }
  AddArtifact(ctx.bundle, dir + "/pod-patch.json", ArtifactKind::kPodPatch,
              "workload/" + w.metadata.name.value, "none", std::move(*patch));
}

// What BuildOne reads for every workload, computed once per compile before
// the workloads are built in parallel, and read-only while they are: each
// agent profile's Rego (many workloads share a profile) and the parsed
// sealing key.
struct Shared {
  std::map<const cpl::ir::AgentProfile*, std::string> rego;
  SealingKey sealing_key;
  // The previous compile's annotations by digest; may be null.
  const std::map<std::string, std::string, std::less<>>* annotations = nullptr;

  Shared(const cpl::ir::Policy& policy, const CompileOptions& options) {
    for (const auto& profile : policy.agent_profiles) {
      rego.emplace(&profile, cpl::codegen::AgentPolicyRego(profile));
    }
    if (!options.sealing_key_pem.empty()) {
      sealing_key = crypto::ParseEs256PrivateKeyPem(options.sealing_key_pem);
    }
  }

  // Every profile of the policy has its Rego, and BuildOne takes profiles
  // from that policy.
  const std::string& Rego(const cpl::ir::AgentProfile& profile) const {
    return rego.find(&profile)->second;
  }

  // The annotation of `initdata`: the previous compile's for the same
  // digest, else encoded now.
  std::string Annotation(const gen::workload::InitdataArtifact& initdata,
                         const std::string& key) const {
    if (annotations) {
      auto it = annotations->find(key);
      if (it != annotations->end()) return it->second;
    }
    return gen::workload::InitdataAnnotationValue(initdata.toml);
  }
};

// One workload's output, built on any thread: its artifacts and binding
// (in `bundle`), its diagnostics, and the binding value to write back into
// the IR workloads of that name (done serially, in workload order).
struct Built {
  Bundle bundle;
  DiagnosticSink sink;
  std::optional<gen::workload::TeeBinding> ir_binding;
  // The initdata annotation and its cache key, for the next compile.
  std::string annotation_key;
  std::string annotation;
};

// The annotation cache key of one initdata document.
std::string AnnotationKey(const gen::workload::InitdataArtifact& initdata) {
  return std::string(crypto::HashAlgorithmName(initdata.algorithm)) + ":" + initdata.digest_hex;
}

// initdata key naming the workload ("<namespace>/<name>"); see BuildOne.
constexpr char kWorkloadIdentityKey[] = "cocoplane-workload";

void BuildOne(Context& ctx, const Shared& shared, const Workload& w, Built& built) {
  const model::NodePool* pool = ctx.model.FindNodePool(w.node_pool.value);
  if (!pool || !pool->tee) return;  // reported by the model's cross-references
  const std::string name = w.metadata.name.value;
  const std::string dir = "workloads/" + name;
  const std::string owner = "workload/" + name;
  std::string profile_name = w.agent_policy ? w.agent_policy->value : "default";
  const cpl::ir::AgentProfile* profile = cpl::ir::FindAgentProfile(ctx.policy, profile_name);
  if (!profile) return;  // reported by the CPL checker
  const std::string& rego = shared.Rego(*profile);
  std::string cdh;
  std::optional<std::string> aa = GuestConfig(ctx, w, &cdh);
  if (!aa) return;
  gen::workload::InitdataInput in;
  in.algorithm = CryptoAlgorithm(ctx.model.cluster->initdata_algorithm.value);
  in.aa_toml = *aa;
  in.cdh_toml = cdh;
  in.policy_rego = rego;
  for (const auto& f : w.initdata_fragments) {
    in.extra_files[std::filesystem::path(f.path.value).filename().string()] = f.text;
  }
  // The workload's identity. Release rules bind to the initdata digest, so
  // two workloads whose aa.toml, cdh.toml and agent policy happen to be equal
  // would otherwise share a digest and each receive the other's secrets. The
  // agent ignores keys other than aa.toml, cdh.toml and policy.rego, but the
  // digest covers them (guest-components-and-kata.md §1).
  in.extra_files[kWorkloadIdentityKey] = w.namespace_name.value + "/" + name + "\n";
  Result<std::string> toml = gen::workload::RenderInitdataToml(in);
  if (!toml.ok()) {
    ctx.Failed(toml.status(), w.metadata.document, "initdata");
    return;
  }
  gen::workload::InitdataArtifact initdata =
      gen::workload::HashInitdata(in.algorithm, std::move(*toml));
  built.annotation_key = AnnotationKey(initdata);
  initdata.annotation = shared.Annotation(initdata, built.annotation_key);
  built.annotation = initdata.annotation;
  InitdataBinding binding{
      name, std::string(crypto::HashAlgorithmName(in.algorithm)), initdata.digest_hex, {}};
  if (auto tee = GenTee(pool->tee->value)) {
    Result<gen::workload::TeeBinding> b =
        gen::workload::BindInitdataDigest(*tee, in.algorithm, initdata.digest);
    if (!b.ok()) {
      ctx.Failed(b.status(), pool->tee->location, "initdata binding for " + name);
      return;
    }
    binding.tee_fields[std::string(model::TeeKindName(pool->tee->value))] = {b->hex, b->base64};
    built.ir_binding = std::move(*b);
  }
  ctx.bundle.bindings.push_back(std::move(binding));
  AddArtifact(ctx.bundle, dir + "/policy.rego", ArtifactKind::kAgentPolicy, owner, "none", rego);
  AddArtifact(ctx.bundle, dir + "/initdata.toml", ArtifactKind::kInitdata, owner, "none",
              initdata.toml);
  AddArtifact(ctx.bundle, dir + "/initdata.annotation", ArtifactKind::kInitdataAnnotation, owner,
              "none", initdata.annotation + "\n");
  PodPatch(ctx, w, *pool, initdata.annotation, dir);
  SealedSecrets(ctx, shared.sealing_key, w, dir);
}

}  // namespace

void BuildWorkloads(Context& ctx, std::map<std::string, std::string, std::less<>>* annotations) {
  Shared shared(ctx.policy, ctx.options);
  shared.annotations = annotations;
  const std::vector<Workload>& workloads = ctx.model.workloads;
  std::vector<Built> built(workloads.size());
  ParallelFor(workloads.size(), ctx.options.threads, [&](size_t i) {
    Context own{ctx.model, ctx.policy, ctx.options, ctx.facts, built[i].sink, built[i].bundle};
    BuildOne(own, shared, workloads[i], built[i]);
  });
  // Merged in workload order, so the output does not depend on which
  // thread finished first.
  std::map<std::string_view, std::vector<cpl::ir::Workload*>> ir_workloads;
  for (auto& iw : ctx.policy.workloads) ir_workloads[iw.name].push_back(&iw);
  for (size_t i = 0; i < workloads.size(); ++i) {
    Built& b = built[i];
    ctx.sink.Merge(b.sink);
    for (auto& binding : b.bundle.bindings) ctx.bundle.bindings.push_back(std::move(binding));
    for (auto& artifact : b.bundle.artifacts) ctx.bundle.artifacts.push_back(std::move(artifact));
    auto found = ir_workloads.find(workloads[i].metadata.name.value);
    if (!b.ir_binding || found == ir_workloads.end()) continue;
    for (cpl::ir::Workload* iw : found->second) {
      bool hex = cpl::ir::TeeBindingEncoding(iw->tee) == cpl::ir::BindingEncoding::kHex;
      iw->init_data_binding = hex ? b.ir_binding->hex : b.ir_binding->base64;
    }
  }
  if (annotations) {
    annotations->clear();
    for (Built& b : built) {
      if (!b.annotation_key.empty())
        annotations->emplace(std::move(b.annotation_key), std::move(b.annotation));
    }
  }
  std::sort(ctx.bundle.artifacts.begin(), ctx.bundle.artifacts.end(),
            [](const Artifact& a, const Artifact& b) { return a.path < b.path; });
  std::sort(
      ctx.bundle.bindings.begin(), ctx.bundle.bindings.end(),
      [](const InitdataBinding& a, const InitdataBinding& b) { return a.workload < b.workload; });
}

}  // namespace cocoplane::compile
