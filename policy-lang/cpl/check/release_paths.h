// Internal to cpl/check: the condition vocabulary of release and deny rules
// (SPEC.md §6.2) — which path a value names and what type it has.
#ifndef COCOPLANE_CPL_CHECK_RELEASE_PATHS_H_
#define COCOPLANE_CPL_CHECK_RELEASE_PATHS_H_

#include <optional>
#include <string>
#include <vector>

#include "cpl/check/internal.h"
#include "cpl/ir/kinds.h"

namespace cocoplane::cpl::check {

struct ClaimPath {
  enum class Type {
    kTee,             // tee: TEE kind
    kEarStatus,       // ear.status: EAR status
    kTrust,           // trust.<claim>: int
    kGpuAttested,     // gpu.attested: bool
    kGpuCount,        // gpu.count: int
    kGpuStatus,       // gpu.status: EAR status (every GPU)
    kGpuTrust,        // gpu.trust.<claim>: int (every GPU)
    kInitData,        // init_data: string
    kInitDataClaims,  // init_data_claims.<k>...: json
    kEvidence,        // <tee>.<field>...: json
  };
  Type type = Type::kTee;
  ir::TrustClaim claim = ir::TrustClaim::kHardware;
  // kInitDataClaims: the keys after init_data_claims.
  std::vector<std::string> keys;
  // kEvidence: the TEE whose evidence the path reads.
  ir::TeeKind tee = ir::TeeKind::kSnp;
  // kInitData, kInitDataClaims, kEvidence: the path under the annotated
  // evidence, root included: {"snp", "policy_debug_allowed"},
  // {"init_data_claims", "cdh.toml", "kbc", "name"}, {"init_data"}.
  std::vector<std::string> evidence_path;
  // As written, for messages: "ear.status".
  std::string text;
};

// True for a bare name or a multi-segment path (a value that may be a
// claim path, as opposed to a literal).
bool IsPathLike(const Value& v);
// The path's segments: {text} for a name, path for a path.
std::vector<std::string> Segments(const Value& v);
// True if the value is a path whose root is tee, ear, trust, gpu, init_data
// or init_data_claims.
bool HasPlainRoot(const Value& v);

// Names the claim path `v` (IsPathLike) stands for, or reports CP5004
// (unknown root), CP5010 (unknown field) or CP5011 (unknown trust claim).
std::optional<ClaimPath> ClassifyReleasePath(Context& ctx, const Value& v);

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_RELEASE_PATHS_H_
