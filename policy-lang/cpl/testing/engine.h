// Cross-checking the evaluator against a real Rego engine on the generated
// Rego (`cocoplane test --engine PATH`).
//
// The evaluator and the Rego generators are written from the same facts
// tables, but only a real engine proves the Rego means what the evaluator
// says. For every release and agent case, CrossCheck asks the engine the
// question the real component asks, on the artifact cocoplane generates:
//
//   release: module  ResourcePolicyRego(policy, facts) (cpl/codegen)
//            query   data.policy.allow
//            input   the case's EAR claims
//            data    {"plugin": "resource", "resource-path": [repo, type, tag]}
//                    (trustee.md §2, Trustee v0.17+)
//   agent:   module  AgentPolicyRego(profile)
//            query   data.agent_policy.<endpoint>
//            input   the case's request
//                    (guest-components-and-kata.md §3)
//
// and compares the answer with the evaluator's. Only a boolean true (or the
// agent's {"allowed": true}) is a positive decision; undefined and anything
// else deny, as the KBS and the agent treat them. Pod cases have no Rego
// and are not cross-checked.
//
// RegoEngine is the port; the CLI implements it by running an `opa` or
// `regorus` binary (daemon/cli/test_command.cc), tests with a fake. This
// header and engine.cc stay pure.
#ifndef COCOPLANE_CPL_TESTING_ENGINE_H_
#define COCOPLANE_CPL_TESTING_ENGINE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cpl/testing/report.h"
#include "cpl/testing/runner.h"

namespace cocoplane::cpl::testing {

struct EngineQuery {
  // A name for the module, unique per module text and usable as a file
  // name: "resource-policy", "agent-policy-<profile>".
  std::string module_name;
  // The Rego text; owned by the caller of Evaluate, valid during the call.
  const std::string* module = nullptr;
  std::string query;
  const nlohmann::json* input = nullptr;
  // Data documents merged at the root of `data`; null when none.
  std::optional<nlohmann::json> data;
};

class RegoEngine {
 public:
  virtual ~RegoEngine() = default;
  // The engine's decision. A Status when the engine could not answer (it
  // did not run, exited with an error, printed something unparsable).
  virtual Result<bool> Evaluate(const EngineQuery& query) = 0;
};

// Reads `opa eval --format json` / `regorus eval` output:
//   {"result": [{"expressions": [{"value": <v>, "text": ..., ...}]}]}
// true iff <v> is true or {"allowed": true}; an empty or missing result
// (undefined) is false. kInvalidArgument when the text is not that shape.
Result<bool> ParseEvalOutput(std::string_view text);

// Asks `engine` every release and agent case of `cases` (prepared by
// `runner`, in the order Run reported them) and records each answer in
// `report`: kAgreed, kDisagreed, or kFailed with the engine's message.
// Sets report.engine_ran.
void CrossCheck(const Runner& runner, const std::vector<PreparedCase>& cases, RegoEngine& engine,
                RunReport& report);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_ENGINE_H_
