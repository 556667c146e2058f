// Verify: the invariants every consumer of the CPL IR may assume.
//
// The checker reports user mistakes as diagnostics before it lowers; a
// Verify failure after lowering is therefore a bug in the lowering (or in a
// hand-built test IR), reported as an operational error, not a diagnostic.
// Tests and debug builds run it after every lowering; eval and codegen
// assume it passed.
//
// Invariants checked:
// - release rules: ids unique and [A-Za-z0-9_]+; pattern segments valid KBS
//   path segments (trustee.md §1); targets name workloads whose TEE has a
//   binding; conditions non-empty sets, thresholds in [-127, 127], claim
//   paths non-empty.
// - workloads: unique names; init_data_binding of the exact shape the TEE
//   reports (64 hex chars for SNP, 96 for TDX, ...); agent profile exists.
// - attestation: one appraisal per TEE kind; values in [-127, 127]; every
//   reference name is in Policy::reference_values; debug / TCB-status
//   conditions only for TEEs that have those claims.
// - agent profiles: unique names; argv lists non-empty; every regex compiles
//   and stays in the dialect Rego engines share (PortableRegex below);
//   copy_file prefixes absolute.
// - pools: unique names; annotation names are identifiers; maxima > 0.
//
// Thread-safe (reads only).
#ifndef COCOPLANE_CPL_IR_VERIFY_H_
#define COCOPLANE_CPL_IR_VERIFY_H_

#include <string_view>

#include "base/status.h"
#include "cpl/ir/ir.h"

namespace cocoplane::cpl::ir {

// OK, or kInvalidArgument listing every violation found, one per line,
// each prefixed with the offending item's Location when it has one.
Status Verify(const Policy& policy);

// OK if `pattern` compiles as a std::regex (ECMAScript, what the evaluator
// uses) and avoids constructs that Go's RE2 (OPA) or Rust's regex crate
// (regorus) reject: lookaround "(?=", "(?!", "(?<" and backreferences "\1".
// Otherwise kInvalidArgument naming the problem.
Status PortableRegex(std::string_view pattern);

}  // namespace cocoplane::cpl::ir

#endif  // COCOPLANE_CPL_IR_VERIFY_H_
