// Internal to cpl/eval: one function per rule-decided agent endpoint.
//
// Each returns whether the generated Rego rule body for that endpoint holds
// for `request`, appending a line per deciding step to `trace`. They mirror
// cpl/codegen/agent_policy.cc rule by rule; keep the two in step.
#ifndef COCOPLANE_CPL_EVAL_AGENT_RULES_H_
#define COCOPLANE_CPL_EVAL_AGENT_RULES_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cpl/eval/agent.h"

namespace cocoplane::cpl::eval::agent_rules {

using Trace = std::vector<std::string>;

// Rego regex.match(re, value): unanchored search; false for non-strings.
bool RegexMatch(const Regex& re, const nlohmann::json* value);
// Compact JSON text for traces.
std::string Show(const nlohmann::json* value);

bool ExecProcess(const CompiledAgentProfile& p, const nlohmann::json& request, Trace& trace);
bool CopyFile(const CompiledAgentProfile& p, const nlohmann::json& request, Trace& trace);
bool CreateContainer(const CompiledAgentProfile& p, const nlohmann::json& request, Trace& trace);
bool CreateSandbox(const nlohmann::json& request, Trace& trace);
bool UpdateInterface(const nlohmann::json& request, Trace& trace);
bool UpdateRoutes(const CompiledAgentProfile& p, const nlohmann::json& request, Trace& trace);
bool AddArpNeighbors(const CompiledAgentProfile& p, const nlohmann::json& request, Trace& trace);

}  // namespace cocoplane::cpl::eval::agent_rules

#endif  // COCOPLANE_CPL_EVAL_AGENT_RULES_H_
