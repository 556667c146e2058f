// Agent-request decisions: would the Kata agent, running the policy
// generated from this profile (cpl/codegen, AgentPolicyRego), allow this
// request?
//
// - `endpoint` is the request name the agent asks regorus about, e.g.
//   "ExecProcessRequest"; `request` is that request's JSON input as the
//   agent passes it (input.process.Args, input.path, input.OCI.Mounts, ...;
//   shapes from kata-containers src/tools/genpolicy/rules.rego).
// - Each endpoint is decided as the table in cpl/ir/agent_facts.h says:
//   fixed default, profile permission, or a rule. A name that is not an
//   agent endpoint is denied (regorus finds no such rule; the agent treats
//   an undefined result as a denial).
//
// Lifetimes: a CompiledAgentProfile refers to the ir::AgentProfile it was
// created from, which must outlive it. Thread-safety: immutable after
// Create; matching (base/regex.h) is const and may run concurrently.
#ifndef COCOPLANE_CPL_EVAL_AGENT_H_
#define COCOPLANE_CPL_EVAL_AGENT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/regex.h"
#include "base/status.h"
#include "cpl/ir/ir.h"

namespace cocoplane::cpl::eval {

struct AgentDecision {
  bool allowed = false;
  // One line per step, e.g. "ExecProcessRequest: argv [\"/bin/sh\"] matches
  // no exec allow rule". The last line states the verdict.
  std::vector<std::string> trace;
};

// An agent profile with its regexes compiled once.
class CompiledAgentProfile {
 public:
  // kInvalidArgument if a regex does not compile.
  static Result<CompiledAgentProfile> Create(const ir::AgentProfile& profile);

  const ir::AgentProfile& profile() const { return *profile_; }

  // For eval internals (agent_*.cc).
  struct Regexes {
    std::vector<Regex> exec;
    std::vector<Regex> env;
    std::optional<Regex> shared_files;  // set by Create
    std::optional<Regex> traversal;     // set by Create
    std::vector<Regex> loopback;
  };
  const Regexes& regexes() const { return regexes_; }

 private:
  CompiledAgentProfile() = default;

  const ir::AgentProfile* profile_ = nullptr;
  Regexes regexes_;
};

AgentDecision EvaluateAgent(const CompiledAgentProfile& profile, std::string_view endpoint,
                            const nlohmann::json& request);

// Convenience: compiles `profile` and decides. Fails only as Create fails.
Result<AgentDecision> EvaluateAgent(const ir::AgentProfile& profile, std::string_view endpoint,
                                    const nlohmann::json& request);

}  // namespace cocoplane::cpl::eval

#endif  // COCOPLANE_CPL_EVAL_AGENT_H_
