// Phase 3: per workload, agent policy -> initdata -> digest -> TEE binding,
// annotation, pod patch and sealed secrets. The binding is written back into
// the IR so the resource policy (phase 4) pins each workload's digest.
#include <algorithm>
#include <filesystem>
#include <set>

#include "compile/context.h"
#include "cpl/codegen/rego.h"
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
    c.image_security_policy = UriOf(std::string(kImagePolicyRepoType) + "/" + w.image_policy->value);
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

void SealedSecrets(Context& ctx, const Workload& w, const std::string& dir) {
  std::set<std::string> done;
  for (const auto& s : w.sealed_secrets) {
    // One Kubernetes Secret may be delivered twice (env and file): one artifact.
    if (!done.insert(s.name.value).second) continue;
    auto uri = UriOf(ResourcePath(ctx.model, s.resource.value));
    if (!uri) continue;  // the model reported the dangling reference
    Result<std::string> sealed = Status::Internal("unreachable");
    if (ctx.options.unsigned_sealed_secrets) {
      sealed = gen::workload::SealSecretUnsigned(*uri);
    } else if (ctx.options.sealing_key_pem.empty()) {
      ctx.sink.Emit(DiagKind::kNoSealingKey, s.name.location,
                    "sealed secret \"" + s.name.value + "\" cannot be signed: no signing key",
                    "pass --sealing-key FILE (a P-256 private key kept outside the repository), "
                    "or the compatibility flag --unsigned-sealed-secrets for guest components "
                    "older than v0.18");
      continue;
    } else {
      sealed = gen::workload::SealSecret({*uri, *UriOf(kSealingKeyResource)},
                                         ctx.options.sealing_key_pem);
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

void BuildOne(Context& ctx, const Workload& w) {
  const model::NodePool* pool = ctx.model.FindNodePool(w.node_pool.value);
  if (!pool || !pool->tee) return;  // reported by the model's cross-references
  const std::string name = w.metadata.name.value;
  const std::string dir = "workloads/" + name;
  const std::string owner = "workload/" + name;
  std::string profile_name = w.agent_policy ? w.agent_policy->value : "default";
  const cpl::ir::AgentProfile* profile = cpl::ir::FindAgentProfile(ctx.policy, profile_name);
  if (!profile) return;  // reported by the CPL checker
  std::string rego = cpl::codegen::AgentPolicyRego(*profile);
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
  Result<gen::workload::InitdataArtifact> initdata = gen::workload::BuildInitdata(in);
  if (!initdata.ok()) {
    ctx.Failed(initdata.status(), w.metadata.document, "initdata");
    return;
  }
  InitdataBinding binding{name, std::string(crypto::HashAlgorithmName(in.algorithm)),
                          initdata->digest_hex, {}};
  if (auto tee = GenTee(pool->tee->value)) {
    Result<gen::workload::TeeBinding> b =
        gen::workload::BindInitdataDigest(*tee, in.algorithm, initdata->digest);
    if (!b.ok()) {
      ctx.Failed(b.status(), pool->tee->location, "initdata binding for " + name);
      return;
    }
    binding.tee_fields[std::string(model::TeeKindName(pool->tee->value))] = {b->hex, b->base64};
    for (auto& iw : ctx.policy.workloads) {
      if (iw.name != name) continue;
      bool hex = cpl::ir::TeeBindingEncoding(iw.tee) == cpl::ir::BindingEncoding::kHex;
      iw.init_data_binding = hex ? b->hex : b->base64;
    }
  }
  ctx.bundle.bindings.push_back(std::move(binding));
  AddArtifact(ctx.bundle, dir + "/policy.rego", ArtifactKind::kAgentPolicy, owner, "none", rego);
  AddArtifact(ctx.bundle, dir + "/initdata.toml", ArtifactKind::kInitdata, owner, "none",
              initdata->toml);
  AddArtifact(ctx.bundle, dir + "/initdata.annotation", ArtifactKind::kInitdataAnnotation, owner,
              "none", initdata->annotation + "\n");
  PodPatch(ctx, w, *pool, initdata->annotation, dir);
  SealedSecrets(ctx, w, dir);
}

}  // namespace

void BuildWorkloads(Context& ctx) {
  for (const Workload& w : ctx.model.workloads) BuildOne(ctx, w);
  std::sort(ctx.bundle.bindings.begin(), ctx.bundle.bindings.end(),
            [](const InitdataBinding& a, const InitdataBinding& b) { return a.workload < b.workload; });
}

}  // namespace cocoplane::compile
