// Phase 5: KBS resources. Secret values never enter the bundle: each
// KbsResource becomes a descriptor of where the applier reads its value.
// Public material from the repository (image policies, the sealed-secret
// verification key) is published inline.
#include <nlohmann/json.hpp>

#include "compile/context.h"
#include "crypto/encoding.h"
#include "gen/workload/image_policy.h"
#include "gen/workload/sealed_secret.h"

namespace cocoplane::compile {
namespace {

namespace wl = gen::workload;

std::string Descriptor(const std::string& path, const std::string& key, const std::string& value) {
  nlohmann::json doc = {{"resource", path}, {"source", {{key, value}}}};
  return doc.dump(2) + "\n";
}

void PublishInline(Context& ctx, const std::string& path, const std::string& owner,
                   const std::string& bytes) {
  AddArtifact(ctx.bundle, "resources/" + path + ".json", ArtifactKind::kKbsResourceRef, owner,
              KbsResourceTarget(path),
              Descriptor(path, "inline_base64",
                         crypto::Base64Encode(bytes, crypto::Base64Alphabet::kStandard, true)));
}

std::optional<wl::SignedIdentity> IdentityOf(const model::SignedIdentity& in, Context& ctx,
                                             const Location& where) {
  static const std::pair<const char*, wl::SignedIdentityType> kTypes[] = {
      {"matchExact", wl::SignedIdentityType::kMatchExact},
      {"matchRepoDigestOrExact", wl::SignedIdentityType::kMatchRepoDigestOrExact},
      {"matchRepository", wl::SignedIdentityType::kMatchRepository},
      {"exactReference", wl::SignedIdentityType::kExactReference},
      {"exactRepository", wl::SignedIdentityType::kExactRepository},
      {"remapIdentity", wl::SignedIdentityType::kRemapIdentity},
  };
  for (const auto& [name, type] : kTypes) {
    if (in.type.value != name) continue;
    wl::SignedIdentity out;
    out.type = type;
    out.docker_reference = in.docker_reference;
    out.docker_repository = in.docker_repository;
    out.prefix = in.prefix;
    out.signed_prefix = in.signed_prefix;
    return out;
  }
  ctx.Failed(Status::InvalidArgument("unknown signedIdentity type " + in.type.value), where,
             "image policy");
  return std::nullopt;
}

std::optional<wl::PolicyRequirement> RequirementOf(Context& ctx, const model::ImageRequirement& r) {
  wl::PolicyRequirement out;
  switch (r.type.value) {
    case model::RequirementType::kReject: out.type = wl::RequirementType::kReject; break;
    case model::RequirementType::kInsecureAcceptAnything:
      out.type = wl::RequirementType::kInsecureAcceptAnything;
      break;
    case model::RequirementType::kSigstoreSigned: out.type = wl::RequirementType::kSigstoreSigned; break;
    case model::RequirementType::kSignedBy: out.type = wl::RequirementType::kSignedBy; break;
  }
  if (r.key_resource) {
    out.key_path = "kbs:///" + ResourcePath(ctx.model, r.key_resource->value);
  } else if (r.key_file) {
    // image-rs reads keyData as PEM text, never base64 (kata.md §7).
    out.key_data = r.key_file->text;
  }
  if (r.signed_identity) {
    out.signed_identity = IdentityOf(*r.signed_identity, ctx, r.type.location);
    if (!out.signed_identity) return std::nullopt;
  }
  return out;
}

void ImagePolicies(Context& ctx) {
  for (const auto& p : ctx.model.image_policies) {
    wl::ImagePolicy policy;
    model::ImageRequirement def;
    def.type = p.default_requirement;
    auto d = RequirementOf(ctx, def);
    if (!d) continue;
    policy.default_requirements.push_back(*d);
    bool ok = true;
    for (const auto& [scope, reqs] : p.scopes) {
      for (const auto& r : reqs) {
        auto req = RequirementOf(ctx, r);
        if (!req) ok = false;
        else policy.docker_scopes[scope].push_back(*req);
      }
    }
    if (!ok) continue;
    Result<std::string> json = wl::RenderImagePolicyJson(policy);
    if (!json.ok()) {
      ctx.Failed(json.status(), p.metadata.document, "policy.json");
      continue;
    }
    std::string path = std::string(kImagePolicyRepoType) + "/" + p.metadata.name.value;
    AddArtifact(ctx.bundle, "images/" + p.metadata.name.value + "/policy.json",
                ArtifactKind::kImagePolicy, "imagepolicy/" + p.metadata.name.value,
                KbsResourceTarget(path), *json);
  }
}

bool AnySealedSecrets(const model::Model& model) {
  for (const auto& w : model.workloads) {
    if (!w.sealed_secrets.empty()) return true;
  }
  return false;
}

}  // namespace

void BuildResources(Context& ctx) {
  for (const auto& r : ctx.model.kbs_resources) {
    static const char* kKeys[] = {"file", "env", "vault"};
    const std::string& path = r.path.value;
    if (!UriOf(path)) continue;  // reported by the model
    AddArtifact(ctx.bundle, "resources/" + path + ".json", ArtifactKind::kKbsResourceRef,
                "resource/" + path, KbsResourceTarget(path),
                Descriptor(path, kKeys[static_cast<int>(r.source.type)], r.source.ref.value));
  }
  ImagePolicies(ctx);
  if (AnySealedSecrets(ctx.model) && !ctx.options.unsigned_sealed_secrets &&
      !ctx.options.sealing_key_pem.empty()) {
    Result<std::string> jwk = wl::PublicJwkFromPrivatePem(ctx.options.sealing_key_pem);
    if (!jwk.ok()) {
      ctx.Failed(jwk.status(), Location{}, "sealed-secret signing key");
      return;
    }
    PublishInline(ctx, kSealingKeyResource, "trustee", *jwk);
  }
}

}  // namespace cocoplane::compile
