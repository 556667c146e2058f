// The fixed world the CPL fuzz entry checks its input against: a small
// desired-state model (two pools on SNP and TDX, a vTPM pool, three
// workloads, KBS resources, reference values, a Restricted Trustee profile)
// and a second policy file, policies/common.cpl, that inputs may import.
// Loaded once per process; the model never changes, so every input is
// checked against the same names.
//
// Not thread-safe on first use (libFuzzer runs one input at a time).
#ifndef COCOPLANE_TESTS_FUZZ_FUZZ_MODEL_H_
#define COCOPLANE_TESTS_FUZZ_FUZZ_MODEL_H_

#include "cpl/ir/ir.h"
#include "cpl/parse/ast.h"
#include "model/model.h"

namespace cocoplane::fuzz {

// The model, loaded on first call; aborts if the fixture itself is invalid
// (a broken fixture would make every input fail for the wrong reason).
const model::Model& Model();

// policies/common.cpl, freshly parsed (an Ast is move-only).
cpl::Ast ParseCommon();

// Sets every workload's init_data_binding to a value of the shape its TEE
// reports, as the compiler does with real digests, so ir::Verify can run.
void FillBindings(cpl::ir::Policy& policy);

}  // namespace cocoplane::fuzz

#endif  // COCOPLANE_TESTS_FUZZ_FUZZ_MODEL_H_
