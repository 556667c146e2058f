// A deliberately small interpreter for the Rego subset that
// ResourcePolicyRego emits, used to check that the generated text decides
// like cpl/eval does. It reads the *generated text*, not the IR, so a
// codegen mistake (wrong key, wrong operator, missing line) shows up as a
// disagreement.
//
// It is not a Rego engine: it knows the statement shapes the generator
// writes (refs with bracket keys, ==/!=/</<=/>/>=, `in` lists, `not`,
// `some x in [..]`, `every name in gpu_submods { .. }`, partial sets
// (`name contains "id" if`), startswith, lower,
// count, is_number, the gpu_submods comprehension, rule
// references) with Rego's undefined-fails semantics, and reports anything
// else as an error so an unknown construct cannot pass silently.
#ifndef COCOPLANE_TESTS_CPL_CODEGEN_MINI_REGO_H_
#define COCOPLANE_TESTS_CPL_CODEGEN_MINI_REGO_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cocoplane::cpl::testing {

struct MiniRegoResult {
  // False when the text used a construct outside the subset; see `error`.
  bool ok = false;
  bool allow = false;
  // Contents of the released_by / denied_by sets, sorted.
  std::vector<std::string> released_by;
  std::vector<std::string> denied_by;
  std::string error;
};

// Evaluates `allow` with input = `token` and data = {"plugin": "resource",
// "resource-path": <resource_path split on '/'>}.
MiniRegoResult EvaluateResourcePolicyText(std::string_view rego, std::string_view resource_path,
                                          const nlohmann::json& token);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_TESTS_CPL_CODEGEN_MINI_REGO_H_
