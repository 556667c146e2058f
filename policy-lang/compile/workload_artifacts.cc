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

// What BuildOne looks up for every workload, computed once per compile:
// the IR workloads by name (to write the bindings back) and each agent
// profile's Rego (many workloads share a profile).
struct Shared {
  std::map<std::string_view, std::vector<cpl::ir::Workload*>> ir_workloads;
  std::map<const cpl::ir::AgentProfile*, std::string> rego;
  SealingKey sealing_key;

  Shared(cpl::ir::Policy& policy, const CompileOptions& options) {
    for (auto& iw : policy.workloads) ir_workloads[iw.name].push_back(&iw);
    if (!options.sealing_key_pem.empty()) {
      sealing_key = crypto::ParseEs256PrivateKeyPem(options.sealing_key_pem);
    }
  }
  const std::string& Rego(const cpl::ir::AgentProfile& profile) {
    auto [it, added] = rego.try_emplace(&profile);
    if (added) it->second = cpl::codegen::AgentPolicyRego(profile);
    return it->second;
  }
};

// initdata key naming the workload ("<namespace>/<name>"); see BuildOne.
constexpr char kWorkloadIdentityKey[] = "cocoplane-workload";

void BuildOne(Context& ctx, Shared& shared, const Workload& w) {
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
  Result<gen::workload::InitdataArtifact> initdata = gen::workload::BuildInitdata(in);
  if (!initdata.ok()) {
    ctx.Failed(initdata.status(), w.metadata.document, "initdata");
    return;
  }
  InitdataBinding binding{
      name, std::string(crypto::HashAlgorithmName(in.algorithm)), initdata->digest_hex, {}};
  if (auto tee = GenTee(pool->tee->value)) {
    Result<gen::workload::TeeBinding> b =
        gen::workload::BindInitdataDigest(*tee, in.algorithm, initdata->digest);
    if (!b.ok()) {
      ctx.Failed(b.status(), pool->tee->location, "initdata binding for " + name);
      return;
    }
    binding.tee_fields[std::string(model::TeeKindName(pool->tee->value))] = {b->hex, b->base64};
    auto found = shared.ir_workloads.find(name);
    if (found != shared.ir_workloads.end()) {
      for (cpl::ir::Workload* iw : found->second) {
        bool hex = cpl::ir::TeeBindingEncoding(iw->tee) == cpl::ir::BindingEncoding::kHex;
        iw->init_data_binding = hex ? b->hex : b->base64;
      }
    }
  }
  ctx.bundle.bindings.push_back(std::move(binding));
  AddArtifact(ctx.bundle, dir + "/policy.rego", ArtifactKind::kAgentPolicy, owner, "none", rego);
  AddArtifact(ctx.bundle, dir + "/initdata.toml", ArtifactKind::kInitdata, owner, "none",
              initdata->toml);
  AddArtifact(ctx.bundle, dir + "/initdata.annotation", ArtifactKind::kInitdataAnnotation, owner,
              "none", initdata->annotation + "\n");
  PodPatch(ctx, w, *pool, initdata->annotation, dir);
  SealedSecrets(ctx, shared.sealing_key, w, dir);
}

}  // namespace

void BuildWorkloads(Context& ctx) {
  Shared shared(ctx.policy, ctx.options);
  for (const Workload& w : ctx.model.workloads) BuildOne(ctx, shared, w);
  std::sort(
      ctx.bundle.bindings.begin(), ctx.bundle.bindings.end(),
      [](const InitdataBinding& a, const InitdataBinding& b) { return a.workload < b.workload; });
}

}  // namespace cocoplane::compile
