// Phase 3: per workload, agent policy -> initdata -> digest -> TEE binding,
// annotation, pod patch and sealed secrets. The binding is written back into
// the IR so the resource policy (phase 4) pins each workload's digest.
#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "base/parallel.h"
#include "compile/context.h"
#include "compile/parse_cache.h"
#include "cpl/codegen/rego.h"
#include "crypto/es256.h"
#include "gen/workload/guest_config.h"
#include "gen/workload/initdata.h"
#include "gen/workload/pod_patch.h"
#include "gen/workload/sealed_secret.h"

namespace cocoplane::compile {
namespace {

using model::Workload;

// The sealing key, parsed once per compile (nullopt: no key given).
using SealingKey = std::optional<Result<crypto::Es256PrivateKey>>;

// What Gather and Build read for every workload, computed once per compile
// before the workloads are built in parallel, and read-only while they are:
// aa.toml and each distinct cdh.toml, each agent profile's Rego and its
// digest (many workloads share a profile), the parsed sealing key and the
// digest of its PEM, and the previous compile's results (ParseCache; may be
// null).
struct Shared {
  // A text many workloads share: with its sha256, for their cache keys and
  // for the artifact that is the text itself, and as initdata's [data]
  // writes it (nullopt when the renderer refuses it, which Build then lets
  // it report).
  struct Text {
    std::string text;
    std::string sha256;
    std::optional<gen::workload::PreparedValue> prepared;
  };
  static Result<Text> Digested(std::string_view key, Result<std::string> text) {
    if (!text.ok()) return text.status();
    std::string sha256 = crypto::Sha256Hex(*text);
    Result<gen::workload::PreparedValue> prepared = gen::workload::PrepareInitdataValue(key, *text);
    return Text{std::move(*text), std::move(sha256),
                prepared.ok() ? std::optional(std::move(*prepared)) : std::nullopt};
  }

  std::map<const cpl::ir::AgentProfile*, Text> rego;
  SealingKey sealing_key;
  std::string sealing_key_sha256;
  const ParseCache* previous;

  // aa.toml, the same for every workload; cdh.toml by what differs between
  // workloads: the image policy and the registry credential's path.
  using CdhKey = std::pair<std::optional<std::string>, std::optional<std::string>>;
  Result<Text> aa = Status::Internal("not rendered");
  std::map<CdhKey, Result<Text>> cdh;

  Shared(const Context& ctx, const ParseCache* cache) : previous(cache) {
    const model::Model& model = ctx.model;
    const CompileOptions& options = ctx.options;
    const model::Cluster& cluster = *model.cluster;
    std::optional<std::string> cert;
    if (cluster.kbs_ca_cert) cert = cluster.kbs_ca_cert->text;
    aa = Digested(gen::workload::kInitdataAaKey,
                  gen::workload::RenderAaToml({cluster.kbs_url.value, cert}));
    for (const Workload& w : model.workloads) {
      CdhKey key = CdhKeyOf(model, w);
      if (cdh.count(key)) continue;
      gen::workload::CdhConfig c;
      c.kbs_url = cluster.kbs_url.value;
      c.kbs_cert_pem = cert;
      if (key.first) {
        c.image_security_policy = UriOf(std::string(kImagePolicyRepoType) + "/" + *key.first);
      }
      if (key.second) c.registry_credentials = UriOf(*key.second);
      c.skip_sealed_secret_verification = options.unsigned_sealed_secrets;
      cdh.emplace(std::move(key),
                  Digested(gen::workload::kInitdataCdhKey, gen::workload::RenderCdhToml(c)));
    }
    for (const auto& profile : ctx.policy.agent_profiles) {
      rego.emplace(&profile, *Digested(gen::workload::kInitdataPolicyKey,
                                       cpl::codegen::AgentPolicyRego(profile)));
    }
    if (!options.sealing_key_pem.empty()) {
      sealing_key = crypto::ParseEs256PrivateKeyPem(options.sealing_key_pem);
      sealing_key_sha256 = crypto::Sha256Hex(options.sealing_key_pem);
    }
  }

  static CdhKey CdhKeyOf(const model::Model& model, const Workload& w) {
    CdhKey key;
    if (w.image_policy) key.first = w.image_policy->value;
    if (w.registry_credential) key.second = ResourcePath(model, w.registry_credential->value);
    return key;
  }

  // Every profile of the policy has its Rego, and Gather takes profiles
  // from that policy.
  const Text& Rego(const cpl::ir::AgentProfile& profile) const {
    return rego.find(&profile)->second;
  }

  // The annotation of `initdata`: the previous compile's for the same
  // digest, else encoded now.
  std::string Annotation(const gen::workload::InitdataArtifact& initdata,
                         const std::string& key) const {
    if (previous) {
      auto it = previous->initdata_annotations.find(key);
      if (it != previous->initdata_annotations.end()) return it->second;
    }
    return gen::workload::InitdataAnnotationValue(initdata.toml);
  }

  // The previous compile's output for inputs with this key, or null.
  std::shared_ptr<const BuiltWorkload> Previous(const std::string& key) const {
    if (!previous) return nullptr;
    auto it = previous->workloads.find(key);
    return it == previous->workloads.end() ? nullptr : it->second;
  }
};

// Everything one workload's output is made from, gathered from the model,
// the policy and the options. Build() reads nothing else that changes its
// output (it reads the Workload and NodePool only for the locations of its
// diagnostics), so Key() -- a digest over every field -- names the output,
// and a previous compile's output with the same key is that output.
// A field added here must be added to Key().
struct Inputs {
  std::string name;
  // Without aa.toml, cdh.toml and policy.rego, which Build takes from
  // `aa`, `cdh` and `rego`.
  gen::workload::InitdataInput initdata;
  const Shared::Text* aa = nullptr;
  const Shared::Text* cdh = nullptr;
  const Shared::Text* rego = nullptr;
  // The pool's TEE as the manifest names it ("snp"), and as the binding
  // generator does (nullopt: a TEE without an initdata binding).
  std::string tee_name;
  std::optional<gen::workload::Tee> tee;
  // Without the annotation, which Build fills in.
  gen::workload::PodPatchInput pod;
  struct Sealed {
    std::string name;
    gen::workload::KbsResourceUri uri;
    // Where the workload names it, for diagnostics only (not in Key()).
    Location location;
  };
  // Each Kubernetes Secret once, in the workload's order.
  std::vector<Sealed> sealed;
  bool unsigned_sealed_secrets = false;
  // Sha256 of the sealing key's PEM, "" without one.
  std::string sealing_key_sha256;
};

// Appends `field` with its length, so that no two field lists serialise
// alike.
void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

std::string Key(const Inputs& in) {
  std::string s;
  Put(s, in.name);
  Put(s, crypto::HashAlgorithmName(in.initdata.algorithm));
  Put(s, in.aa->sha256);
  Put(s, in.cdh->sha256);
  Put(s, in.rego->sha256);
  Put(s, std::to_string(in.initdata.extra_files.size()));
  for (const auto& [file, text] : in.initdata.extra_files) {
    Put(s, file);
    Put(s, text);
  }
  Put(s, in.tee_name);
  Put(s, in.tee ? gen::workload::TeeName(*in.tee) : "");
  Put(s, in.pod.runtime_class_name);
  Put(s, in.pod.memory_mib ? std::to_string(*in.pod.memory_mib) : "");
  Put(s, std::to_string(in.pod.container_names.size()));
  for (const auto& c : in.pod.container_names) Put(s, c);
  Put(s, std::to_string(in.sealed.size()));
  for (const auto& sealed : in.sealed) {
    Put(s, sealed.name);
    Put(s, sealed.uri.repository);
    Put(s, sealed.uri.type);
    Put(s, sealed.uri.tag);
  }
  Put(s, in.unsigned_sealed_secrets ? "1" : "0");
  Put(s, in.sealing_key_sha256);
  return crypto::Sha256Hex(s);
}

// initdata key naming the workload ("<namespace>/<name>"); see Gather.
constexpr char kWorkloadIdentityKey[] = "cocoplane-workload";

// Inputs of `w`, or nullopt when it cannot be built (reported here or, for
// a dangling reference, by the model or the CPL checker).
std::optional<Inputs> Gather(Context& ctx, const Shared& shared, const Workload& w) {
  const model::NodePool* pool = ctx.model.FindNodePool(w.node_pool.value);
  if (!pool || !pool->tee) return std::nullopt;  // reported by the model's cross-references
  std::string profile_name = w.agent_policy ? w.agent_policy->value : "default";
  const cpl::ir::AgentProfile* profile = cpl::ir::FindAgentProfile(ctx.policy, profile_name);
  if (!profile) return std::nullopt;  // reported by the CPL checker
  Inputs in;
  in.name = w.metadata.name.value;
  in.rego = &shared.Rego(*profile);

  const model::Cluster& cluster = *ctx.model.cluster;
  if (!shared.aa.ok()) {
    ctx.Failed(shared.aa.status(), cluster.kbs_url.location, "aa.toml");
    return std::nullopt;
  }
  const Result<Shared::Text>& cdh = shared.cdh.at(Shared::CdhKeyOf(ctx.model, w));
  if (!cdh.ok()) {
    ctx.Failed(cdh.status(), w.metadata.document, "cdh.toml");
    return std::nullopt;
  }
  in.initdata.algorithm = CryptoAlgorithm(cluster.initdata_algorithm.value);
  in.aa = &*shared.aa;
  in.cdh = &*cdh;
  for (const auto& f : w.initdata_fragments) {
    in.initdata.extra_files[std::filesystem::path(f.path.value).filename().string()] = f.text;
  }
  // The workload's identity. Release rules bind to the initdata digest, so
  // two workloads whose aa.toml, cdh.toml and agent policy happen to be equal
  // would otherwise share a digest and each receive the other's secrets. The
  // agent ignores keys other than aa.toml, cdh.toml and policy.rego, but the
  // digest covers them (guest-components-and-kata.md §1).
  in.initdata.extra_files[kWorkloadIdentityKey] = w.namespace_name.value + "/" + in.name + "\n";

  in.tee_name = std::string(model::TeeKindName(pool->tee->value));
  in.tee = GenTee(pool->tee->value);
  in.pod.runtime_class_name = pool->runtime_class_name;
  if (w.memory_mib) in.pod.memory_mib = static_cast<uint64_t>(w.memory_mib->value);
  for (const auto& container : w.containers) in.pod.container_names.push_back(container.value);

  std::set<std::string> seen;
  for (const auto& s : w.sealed_secrets) {
    // One Kubernetes Secret may be delivered twice (env and file): one artifact.
    if (!seen.insert(s.name.value).second) continue;
    auto uri = UriOf(ResourcePath(ctx.model, s.resource.value));
    if (!uri) continue;  // the model reported the dangling reference
    in.sealed.push_back({s.name.value, std::move(*uri), s.name.location});
  }
  in.unsigned_sealed_secrets = ctx.options.unsigned_sealed_secrets;
  in.sealing_key_sha256 = shared.sealing_key_sha256;
  return in;
}

void SealedSecrets(Context& ctx, const Shared& shared, const Inputs& in, const std::string& dir) {
  for (const auto& s : in.sealed) {
    Result<std::string> sealed = Status::Internal("unreachable");
    if (in.unsigned_sealed_secrets) {
      sealed = gen::workload::SealSecretUnsigned(s.uri);
    } else if (!shared.sealing_key) {
      ctx.sink.Emit(DiagKind::kNoSealingKey, s.location,
                    "sealed secret \"" + s.name + "\" cannot be signed: no signing key",
                    "pass --sealing-key FILE (a P-256 private key kept outside the repository), "
                    "or the compatibility flag --unsigned-sealed-secrets for guest components "
                    "older than v0.18");
      continue;
    } else if (!shared.sealing_key->ok()) {
      sealed = shared.sealing_key->status();
    } else {
      sealed =
          gen::workload::SealSecret({s.uri, *UriOf(kSealingKeyResource)}, **shared.sealing_key);
    }
    if (!sealed.ok()) {
      ctx.Failed(sealed.status(), s.location, "sealed secret " + s.name);
      continue;
    }
    AddArtifact(ctx.bundle, dir + "/sealed/" + s.name + ".txt", ArtifactKind::kSealedSecret,
                "workload/" + in.name, "none", std::move(*sealed));
  }
}

}  // namespace

// One workload's output, built on any thread: its artifacts and binding
// (in `bundle`), its diagnostics, and the binding value to write back into
// the IR workloads of that name (done serially, in workload order).
// ParseCache keeps those built without a diagnostic, by Key(inputs).
struct BuiltWorkload {
  Bundle bundle;
  DiagnosticSink sink;
  std::optional<gen::workload::TeeBinding> ir_binding;
  // The initdata annotation and its cache key, for the next compile.
  std::string annotation_key;
  std::string annotation;
};

namespace {

// The annotation cache key of one initdata document.
std::string AnnotationKey(const gen::workload::InitdataArtifact& initdata) {
  return std::string(crypto::HashAlgorithmName(initdata.algorithm)) + ":" + initdata.digest_hex;
}

// Agent policy -> initdata -> digest -> TEE binding, annotation, pod patch
// and sealed secrets, from `in` alone (`w` and `pool` locate diagnostics).
void Build(Context& ctx, const Shared& shared, const Workload& w, const model::NodePool& pool,
           Inputs in, BuiltWorkload& built) {
  const std::string dir = "workloads/" + in.name;
  const std::string owner = "workload/" + in.name;
  // Each shared text as checked and quoted once, or, when it was refused,
  // as text for the renderer to refuse again with its own message.
  auto give = [&in](const Shared::Text& t, const char* key, std::optional<std::string>& field) {
    if (t.prepared) {
      in.initdata.prepared[key] = &*t.prepared;
    } else {
      field = t.text;
    }
  };
  give(*in.aa, gen::workload::kInitdataAaKey, in.initdata.aa_toml);
  give(*in.cdh, gen::workload::kInitdataCdhKey, in.initdata.cdh_toml);
  give(*in.rego, gen::workload::kInitdataPolicyKey, in.initdata.policy_rego);
  Result<std::string> toml = gen::workload::RenderInitdataToml(in.initdata);
  if (!toml.ok()) {
    ctx.Failed(toml.status(), w.metadata.document, "initdata");
    return;
  }
  gen::workload::InitdataArtifact initdata =
      gen::workload::HashInitdata(in.initdata.algorithm, std::move(*toml));
  built.annotation_key = AnnotationKey(initdata);
  initdata.annotation = shared.Annotation(initdata, built.annotation_key);
  built.annotation = initdata.annotation;
  InitdataBinding binding{in.name,
                          std::string(crypto::HashAlgorithmName(in.initdata.algorithm)),
                          initdata.digest_hex,
                          {}};
  if (in.tee) {
    Result<gen::workload::TeeBinding> b =
        gen::workload::BindInitdataDigest(*in.tee, in.initdata.algorithm, initdata.digest);
    if (!b.ok()) {
      ctx.Failed(b.status(), pool.tee->location, "initdata binding for " + in.name);
      return;
    }
    binding.tee_fields[in.tee_name] = {b->hex, b->base64};
    built.ir_binding = std::move(*b);
  }
  ctx.bundle.bindings.push_back(std::move(binding));
  AddArtifact(ctx.bundle, dir + "/policy.rego", ArtifactKind::kAgentPolicy, owner, "none",
              in.rego->text);
  AddArtifact(ctx.bundle, dir + "/initdata.toml", ArtifactKind::kInitdata, owner, "none",
              initdata.toml);
  AddArtifact(ctx.bundle, dir + "/initdata.annotation", ArtifactKind::kInitdataAnnotation, owner,
              "none", initdata.annotation + "\n");
  in.pod.initdata_annotation = initdata.annotation;
  Result<std::string> patch = gen::workload::RenderPodPatch(in.pod);
  if (!patch.ok()) {
    ctx.Failed(patch.status(), w.metadata.document, "pod patch");
    return;
  }
  AddArtifact(ctx.bundle, dir + "/pod-patch.json", ArtifactKind::kPodPatch, owner, "none",
              std::move(*patch));
  SealedSecrets(ctx, shared, in, dir);
}

// One workload, taken from the previous compile or built now; neither
// when it cannot be built (its diagnostics are then in `sink`).
struct Slot {
  std::shared_ptr<const BuiltWorkload> reused;
  std::shared_ptr<BuiltWorkload> built;
  std::string key;
  DiagnosticSink sink;

  const BuiltWorkload* get() const { return built ? built.get() : reused.get(); }
};

// Appends `from`'s bindings and artifacts to `to`: moved when nothing else
// keeps them, copied when a cache does.
void Append(Bundle& to, const BuiltWorkload& from, BuiltWorkload* owned) {
  if (owned) {
    std::move(owned->bundle.bindings.begin(), owned->bundle.bindings.end(),
              std::back_inserter(to.bindings));
    std::move(owned->bundle.artifacts.begin(), owned->bundle.artifacts.end(),
              std::back_inserter(to.artifacts));
    return;
  }
  to.bindings.insert(to.bindings.end(), from.bundle.bindings.begin(), from.bundle.bindings.end());
  to.artifacts.insert(to.artifacts.end(), from.bundle.artifacts.begin(),
                      from.bundle.artifacts.end());
}

}  // namespace

void BuildWorkloads(Context& ctx, ParseCache* cache) {
  Shared shared(ctx, cache);
  const std::vector<Workload>& workloads = ctx.model.workloads;
  std::vector<Slot> slots(workloads.size());
  ParallelFor(workloads.size(), ctx.options.threads, [&](size_t i) {
    Slot& slot = slots[i];
    Bundle unused;
    Context gather{ctx.model, ctx.policy, ctx.options, ctx.facts, slot.sink, unused};
    std::optional<Inputs> in = Gather(gather, shared, workloads[i]);
    if (!in) return;
    slot.key = Key(*in);
    if ((slot.reused = shared.Previous(slot.key))) return;
    slot.built = std::make_shared<BuiltWorkload>();
    Context own{ctx.model, ctx.policy,       ctx.options,
                ctx.facts, slot.built->sink, slot.built->bundle};
    const model::NodePool& pool = *ctx.model.FindNodePool(workloads[i].node_pool.value);
    Build(own, shared, workloads[i], pool, std::move(*in), *slot.built);
  });
  // Cached before the merge, which moves what no cache keeps.
  if (cache) {
    cache->initdata_annotations.clear();
    cache->workloads.clear();
    for (const Slot& slot : slots) {
      const BuiltWorkload* b = slot.get();
      if (!b) continue;
      if (!b->annotation_key.empty())
        cache->initdata_annotations.emplace(b->annotation_key, b->annotation);
      if (b->sink.empty()) {
        std::shared_ptr<const BuiltWorkload> keep = slot.built;
        cache->workloads.emplace(slot.key, keep ? keep : slot.reused);
      }
    }
  }
  // Merged in workload order, so the output does not depend on which
  // thread finished first.
  std::map<std::string_view, std::vector<cpl::ir::Workload*>> ir_workloads;
  for (auto& iw : ctx.policy.workloads) ir_workloads[iw.name].push_back(&iw);
  for (size_t i = 0; i < workloads.size(); ++i) {
    ctx.sink.Merge(slots[i].sink);
    const BuiltWorkload* b = slots[i].get();
    if (!b) continue;
    ctx.sink.Merge(b->sink);
    Append(ctx.bundle, *b, cache ? nullptr : slots[i].built.get());
    auto found = ir_workloads.find(workloads[i].metadata.name.value);
    if (!b->ir_binding || found == ir_workloads.end()) continue;
    for (cpl::ir::Workload* iw : found->second) {
      bool hex = cpl::ir::TeeBindingEncoding(iw->tee) == cpl::ir::BindingEncoding::kHex;
      iw->init_data_binding = hex ? b->ir_binding->hex : b->ir_binding->base64;
    }
  }
  std::sort(ctx.bundle.artifacts.begin(), ctx.bundle.artifacts.end(),
            [](const Artifact& a, const Artifact& b) { return a.path < b.path; });
  std::sort(
      ctx.bundle.bindings.begin(), ctx.bundle.bindings.end(),
      [](const InitdataBinding& a, const InitdataBinding& b) { return a.workload < b.workload; });
}

}  // namespace cocoplane::compile
