// The compact token builder: a release case's TokenSpec -> the EAR token
// claims the KBS resource policy sees as `input` (trustee.md §2).
//
// Base: the case's full claims when it gave them (`claims:` / `token:`),
// otherwise a skeleton shaped like a Trustee token for `tee` (or the named
// workload's TEE): eat_profile, fixed iat/exp, submods.<cpu> with
// "ear.status", "ear.trustworthiness-vector", "ear.appraisal-policy-id"
// and "ear.veraison.annotated-evidence" = {<tee key>: evidence, init_data,
// report_data, runtime_data_claims}. A guest without initdata reports
// zeros (hex TEEs) or the base64 of 32 zero bytes. Every claim name comes
// from the pinned version's TrusteeVersionFacts.
//
// Then the overrides, each only when the case wrote it:
// - trust: sets those claims of the CPU trust vector. On a skeleton,
//   `status` without `trust` also moves the vector to match it (warning:
//   executables 33, contraindicated: hardware 97 — the upstream defaults).
// - status: sets "ear.status". On a skeleton without `status`, the status
//   is derived from the vector as the attestation service does
//   (update_status_from_trust_vector, trustee.md §3): any claim in 96..127
//   contraindicated, else any in 32..95 warning, else affirming.
// - workload: init_data = that workload's compiled binding; init_data: as given.
// - debug: the TEE's debug claim (ir::TeeDebugClaimPath). The builder does
//   not run the attestation policy: say what trust values and status the AS
//   would give such evidence (e.g. `trust: {configuration: 36}`).
// - init_data_claims: replaces the parsed initdata documents.
// - gpus: replaces every GPU submod by gpu0, gpu1, ... with that status
//   and trust vector (hardware 2/32/97 by status, configuration 2).
//
// Pure and deterministic (no clock: iat and exp are fixed). Thread-safe.
#ifndef COCOPLANE_CPL_TESTING_TOKEN_H_
#define COCOPLANE_CPL_TESTING_TOKEN_H_

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "cpl/ir/ir.h"
#include "cpl/testing/suite.h"
#include "gen/trustee/versions.h"

namespace cocoplane::cpl::testing {

// `workload` is the resolved `workload:` of the spec, or nullptr. Fails
// (kInvalidArgument, a message for the case's diagnostic) only for `debug`
// on a token whose TEE has no known debug claim or shows no TEE at all.
Result<nlohmann::json> BuildClaims(const TokenSpec& spec, const ir::Workload* workload,
                                   const gen::trustee::TrusteeVersionFacts& facts);

// The AS's status for a trust vector (the object under
// "ear.trustworthiness-vector"; non-integer members are ignored).
ir::EarStatus StatusFromTrustVector(const nlohmann::json& vector);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_TOKEN_H_
