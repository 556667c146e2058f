// CPL-like text for IR pieces: what traces and generated Rego comments show
// the operator, e.g. `tee in [snp, tdx]`, `trust.executables <= 3`,
// `default/payments/*`. Rendering is for people; it is stable (tests compare
// it) but it is not a serialisation format and is never parsed back.
//
// Pure functions; thread-safe.
#ifndef COCOPLANE_CPL_IR_RENDER_H_
#define COCOPLANE_CPL_IR_RENDER_H_

#include <string>

#include "cpl/ir/ir.h"

namespace cocoplane::cpl::ir {

// "default/payments/*", "default/pay*/key".
std::string ToString(const ResourcePattern& pattern);
// `tee in [snp, tdx]`, `ear.status == affirming`, `gpu.attested`,
// `init_data_claims."cdh.toml".kbc.name == "cc_kbc"`.
std::string ToString(const Condition& condition);
// `reference "snp_launch_measurement" contains snp.measurement`, `not snp.debug`.
std::string ToString(const AppraisalCondition& condition, TeeKind tee);
// The CPL keyword of the rule: "release" or "deny".
std::string_view KindName(ReleaseRule::Kind kind);

}  // namespace cocoplane::cpl::ir

#endif  // COCOPLANE_CPL_IR_RENDER_H_
