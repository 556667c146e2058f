#include "gen/workload/image_policy.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "crypto/encoding.h"

namespace cocoplane::gen::workload {
namespace {

using nlohmann::json;

Status Invalid(const std::string& where, const std::string& what) {
  return Status::InvalidArgument("image policy " + where + ": " + what);
}

bool IsCosignIdentity(SignedIdentityType type) {
  return type == SignedIdentityType::kMatchRepository ||
         type == SignedIdentityType::kExactRepository;
}

// signedIdentity as ref_match.rs deserialises it ("type" tag plus fields).
Result<json> IdentityJson(const SignedIdentity& id, const std::string& where) {
  switch (id.type) {
    case SignedIdentityType::kMatchExact: return json{{"type", "matchExact"}};
    case SignedIdentityType::kMatchRepoDigestOrExact: return json{{"type", "matchRepoDigestOrExact"}};
    case SignedIdentityType::kMatchRepository: return json{{"type", "matchRepository"}};
    case SignedIdentityType::kExactReference:
      if (id.docker_reference.empty()) return Invalid(where, "exactReference needs dockerReference");
      return json{{"type", "exactReference"}, {"dockerReference", id.docker_reference}};
    case SignedIdentityType::kExactRepository:
      if (id.docker_repository.empty()) return Invalid(where, "exactRepository needs dockerRepository");
      return json{{"type", "exactRepository"}, {"dockerRepository", id.docker_repository}};
    case SignedIdentityType::kRemapIdentity:
      if (id.prefix.empty() || id.signed_prefix.empty()) {
        return Invalid(where, "remapIdentity needs prefix and signedPrefix");
      }
      return json{{"type", "remapIdentity"}, {"prefix", id.prefix}, {"signedPrefix", id.signed_prefix}};
  }
  return Invalid(where, "unknown signedIdentity type");
}

Status CheckKeySource(const PolicyRequirement& req, const std::string& where) {
  if (req.key_path.empty() == req.key_data.empty()) {
    return Invalid(where, "give exactly one of keyPath and keyData");
  }
  if (req.type == RequirementType::kSigstoreSigned && !req.key_data.empty() &&
      req.key_data.find("-----BEGIN ") == std::string::npos) {
    return Invalid(where, "sigstoreSigned keyData must be PEM text (image-rs does not decode base64)");
  }
  if (req.type == RequirementType::kSignedBy && !req.key_data.empty() &&
      !crypto::Base64Decode(req.key_data, crypto::Base64Alphabet::kStandard)) {
    return Invalid(where, "signedBy keyData must be a base64 GPG keyring");
  }
  return Status::Ok();
}

// Adds keyPath/keyData and signedIdentity to a signature requirement.
Status AddSignatureFields(const PolicyRequirement& req, const std::string& where, json& out) {
  if (Status st = CheckKeySource(req, where); !st.ok()) return st;
  if (!req.key_path.empty()) out["keyPath"] = req.key_path;
  if (!req.key_data.empty()) out["keyData"] = req.key_data;
  if (!req.signed_identity) return Status::Ok();
  if (req.type == RequirementType::kSigstoreSigned && !IsCosignIdentity(req.signed_identity->type)) {
    return Invalid(where, "sigstoreSigned accepts only matchRepository or exactRepository "
                          "as signedIdentity (cosign signatures name only a repository)");
  }
  auto identity = IdentityJson(*req.signed_identity, where);
  if (!identity.ok()) return identity.status();
  out["signedIdentity"] = std::move(*identity);
  return Status::Ok();
}

Result<json> RequirementJson(const PolicyRequirement& req, const std::string& where) {
  bool has_signature_fields = !req.key_path.empty() || !req.key_data.empty() || req.signed_identity;
  switch (req.type) {
    case RequirementType::kInsecureAcceptAnything:
    case RequirementType::kReject: {
      if (has_signature_fields) return Invalid(where, "keys and signedIdentity need a signature type");
      return json{{"type", req.type == RequirementType::kReject ? "reject" : "insecureAcceptAnything"}};
    }
    case RequirementType::kSigstoreSigned: {
      json out = {{"type", "sigstoreSigned"}};
      if (Status st = AddSignatureFields(req, where, out); !st.ok()) return st;
      return out;
    }
    case RequirementType::kSignedBy: {
      json out = {{"type", "signedBy"}, {"keyType", "GPGKeys"}};
      if (Status st = AddSignatureFields(req, where, out); !st.ok()) return st;
      return out;
    }
  }
  return Invalid(where, "unknown requirement type");
}

Result<json> RequirementListJson(const std::vector<PolicyRequirement>& reqs, const std::string& where) {
  if (reqs.empty()) return Invalid(where, "a requirement list must not be empty");
  json list = json::array();
  for (const auto& req : reqs) {
    auto item = RequirementJson(req, where);
    if (!item.ok()) return item.status();
    list.push_back(std::move(*item));
  }
  return list;
}

Status CheckUtf8(const ImagePolicy& policy) {
  auto check = [](const PolicyRequirement& r) {
    const SignedIdentity none;
    const SignedIdentity& id = r.signed_identity ? *r.signed_identity : none;
    for (const std::string* s : {&r.key_path, &r.key_data, &id.docker_reference,
                                 &id.docker_repository, &id.prefix, &id.signed_prefix}) {
      if (!IsValidUtf8(*s)) return false;
    }
    return true;
  };
  for (const auto& r : policy.default_requirements) {
    if (!check(r)) return Invalid("default", "text is not valid UTF-8");
  }
  for (const auto& [scope, reqs] : policy.docker_scopes) {
    bool ok = IsValidUtf8(scope);
    for (const auto& r : reqs) ok = ok && check(r);
    if (!ok) return Invalid("docker scope", "text is not valid UTF-8");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderImagePolicyJson(const ImagePolicy& policy) {
  // nlohmann's dump() throws on invalid UTF-8; checking first keeps
  // exceptions out of this module.
  if (Status st = CheckUtf8(policy); !st.ok()) return st;
  auto default_list = RequirementListJson(policy.default_requirements, "default");
  if (!default_list.ok()) return default_list.status();
  json transports = json::object();
  for (const auto& [scope, reqs] : policy.docker_scopes) {
    auto list = RequirementListJson(reqs, "docker scope '" + scope + "'");
    if (!list.ok()) return list.status();
    transports["docker"][scope] = std::move(*list);
  }
  json document = {{"default", std::move(*default_list)}, {"transports", std::move(transports)}};
  return document.dump(2) + "\n";
}

}  // namespace cocoplane::gen::workload
