// Internal to cpl/check: `when { ... }` blocks -> DNF terms of IR atoms.
#ifndef COCOPLANE_CPL_CHECK_CONDITIONS_H_
#define COCOPLANE_CPL_CHECK_CONDITIONS_H_

#include <optional>

#include "cpl/check/dnf.h"
#include "cpl/check/internal.h"
#include "cpl/ir/ir.h"

namespace cocoplane::cpl::check {

// Release and deny rules (release_conditions.cc; SPEC.md §6.2, §6.3).
// nullopt after a diagnostic.
std::optional<Terms<ir::Condition>> LowerReleaseConditions(Context& ctx, const FileScope& scope,
                                                           const ConditionBlock& block);

// Claim statements of `attestation tee { ... }` (appraisal_conditions.cc).
std::optional<Terms<ir::AppraisalCondition>> LowerAppraisalConditions(Context& ctx, const FileScope& scope,
                                                                      const ConditionBlock& block, ir::TeeKind tee);

// Reports CP5040 and returns false when the conjunction `term` can never
// hold (satisfiable.cc). `*tees` receives the TEE kinds the term admits, one
// bit per ir::TeeKind.
bool ReleaseTermSatisfiable(Context& ctx, const std::vector<ir::Condition>& term, uint32_t* tees);
bool AppraisalTermSatisfiable(Context& ctx, const std::vector<ir::AppraisalCondition>& term);

inline uint32_t TeeBit(ir::TeeKind tee) { return 1u << static_cast<unsigned>(tee); }

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_CONDITIONS_H_
