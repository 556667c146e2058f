// The image signature policy (containers-policy.json, image-rs flavour) that
// CDH loads from [image] image_security_policy_uri.
//
// Facts (../shared/reference/guest-components-and-kata.md §7; containers/image
// docs/containers-policy.json.5.md; guest-components image-rs
// src/signature/policy/{policy_requirement.rs,ref_match.rs,cosign/mod.rs,
// simple/mod.rs}):
// - image-rs requires "transports", so it is always written, even as {}.
// - sigstoreSigned: exactly one of keyPath (kbs:///…, file://… or a path) and
//   keyData (the PEM text itself; image-rs does not base64-decode it).
//   fulcio/rekor/keyPaths are unsupported by image-rs and not modelled.
//   signedIdentity: cosign signatures name only a repository, so image-rs
//   denies anything but matchRepository and exactRepository (or none).
// - signedBy: keyType "GPGKeys"; exactly one of keyPath and keyData (here a
//   base64 GPG keyring); any signedIdentity. It also needs a sigstore
//   configuration in cdh.toml (not generated here).
// - Requirement lists may not be empty (containers/image rejects them).
//
// Output: JSON with keys sorted at every level, requirements in the given
// order, 2-space indent, trailing LF:
//   {"default":[…],"transports":{"docker":{"<scope>":[…]}}}  ("transports":{}
//   when there are no docker scopes)
//
// Contract: pure; InvalidArgument on a combination image-rs would reject (the
// message names the scope). Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_IMAGE_POLICY_H_
#define COCOPLANE_GEN_WORKLOAD_IMAGE_POLICY_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace cocoplane::gen::workload {

enum class SignedIdentityType {
  kMatchExact,
  kMatchRepoDigestOrExact,
  kMatchRepository,
  kExactReference,   // uses docker_reference
  kExactRepository,  // uses docker_repository
  kRemapIdentity,    // uses prefix, signed_prefix
};

struct SignedIdentity {
  SignedIdentityType type = SignedIdentityType::kMatchRepository;
  std::string docker_reference{};
  std::string docker_repository{};
  std::string prefix{};
  std::string signed_prefix{};
};

enum class RequirementType { kInsecureAcceptAnything, kReject, kSigstoreSigned, kSignedBy };

struct PolicyRequirement {
  RequirementType type = RequirementType::kReject;
  // Signature requirements only: exactly one of the two is non-empty.
  std::string key_path{};
  std::string key_data{};
  std::optional<SignedIdentity> signed_identity{};
};

struct ImagePolicy {
  std::vector<PolicyRequirement> default_requirements{};
  // transports.docker: scope ("registry/namespace/repo", "registry", …) →
  // requirements. The most specific matching scope wins in image-rs.
  std::map<std::string, std::vector<PolicyRequirement>> docker_scopes{};
};

Result<std::string> RenderImagePolicyJson(const ImagePolicy& policy);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_IMAGE_POLICY_H_
