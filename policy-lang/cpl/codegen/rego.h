// Rego generation from the CPL IR: one function per artifact.
//
// Each returns the complete file text, deterministic for a given input (IR
// order, no timestamps), readable (a comment with the CPL source location
// above every rule), and valid as the consumer parses it:
//
// - ResourcePolicyRego: the KBS resource policy (`package policy`, rule
//   `allow`; trustee.md §2), with the ids of the matching rules in the sets
//   `released_by` and `denied_by`. Rego v1 (`import rego.v1`, as upstream's
//   affirming.rego). Claim paths and ids come from `facts`
//   (gen/trustee/versions.h), never from this code.
// - AttestationPolicyRego: the attestation-service policy for the CPU
//   (stored as `<facts.cpu_policy_id>.rego`): `package policy` defining
//   `trust_claims` from per-claim defaults and the appraisals (trustee.md §3).
// - AgentPolicyRego: the Kata agent policy (`package agent_policy`) for one
//   profile, in the portable style that parses as Rego v0 with
//   future.keywords and as Rego v1 (guest-components-and-kata.md §3): the
//   three future.keywords imports, `if` on every rule, and exactly one
//   `default X := <bool>` per agent endpoint (cpl/ir/agent_facts.h).
//
// The decisions the generated Rego makes are the ones cpl/eval makes; both
// are written from the same facts tables and tests hold them together.
//
// Preconditions: ir::Verify(policy) passed. Pure; thread-safe.
#ifndef COCOPLANE_CPL_CODEGEN_REGO_H_
#define COCOPLANE_CPL_CODEGEN_REGO_H_

#include <string>

#include "base/status.h"
#include "cpl/ir/ir.h"
#include "gen/trustee/versions.h"

namespace cocoplane::cpl::codegen {

// kUnimplemented for Trustee versions whose data["resource-path"] is a
// string (before v0.17); kInvalidArgument if a rule targets an unknown
// workload.
Result<std::string> ResourcePolicyRego(const ir::Policy& policy, const gen::trustee::TrusteeVersionFacts& facts);

// Never fails for a verified policy; Result for symmetry with the above and
// for versions without the reference-value builtin (kUnimplemented).
Result<std::string> AttestationPolicyRego(const ir::Policy& policy,
                                          const gen::trustee::TrusteeVersionFacts& facts);

std::string AgentPolicyRego(const ir::AgentProfile& profile);

}  // namespace cocoplane::cpl::codegen

#endif  // COCOPLANE_CPL_CODEGEN_REGO_H_
