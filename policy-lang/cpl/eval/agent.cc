#include "cpl/eval/agent.h"

#include <nlohmann/json.hpp>

#include "cpl/eval/agent_rules.h"
#include "cpl/eval/token_view.h"
#include "cpl/ir/agent_facts.h"

namespace cocoplane::cpl::eval {
namespace {

using nlohmann::json;

// Verify() rejects patterns that do not compile earlier; this is the
// backstop for an IR built by hand.
Status CompileRegex(std::string_view pattern, std::optional<Regex>* out) {
  Result<Regex> re = Regex::Compile(pattern);
  if (!re.ok()) {
    return Status::InvalidArgument("regex '" + std::string(pattern) + "' does not compile: " + re.status().message());
  }
  *out = std::move(*re);
  return Status::Ok();
}

template <typename Patterns>
Status CompileAll(const Patterns& patterns, std::vector<Regex>* out) {
  for (std::string_view pattern : patterns) {
    std::optional<Regex> re;
    Status st = CompileRegex(pattern, &re);
    if (!st.ok()) return st;
    out->push_back(std::move(*re));
  }
  return Status::Ok();
}

bool Permitted(ir::Permission permission, std::string_view what, agent_rules::Trace& trace) {
  bool allowed = permission == ir::Permission::kAllow;
  trace.push_back(std::string(what) + (allowed ? " allowed by the profile" : " denied by the profile"));
  return allowed;
}

bool Decide(const CompiledAgentProfile& compiled, const ir::AgentEndpoint& endpoint, const json& request,
            agent_rules::Trace& trace) {
  const ir::AgentProfile& p = compiled.profile();
  switch (endpoint.rule) {
    case ir::EndpointRule::kAlwaysAllow:
      trace.push_back("allowed by default (genpolicy allows it unconditionally)");
      return true;
    case ir::EndpointRule::kAlwaysDeny:
      trace.push_back("denied by default (no profile setting allows it)");
      return false;
    case ir::EndpointRule::kExec: return agent_rules::ExecProcess(compiled, request, trace);
    case ir::EndpointRule::kLogs: return Permitted(p.logs_access, "logs", trace);
    case ir::EndpointRule::kStdin: return Permitted(p.stdin_access, "stdin", trace);
    case ir::EndpointRule::kCopyFile: return agent_rules::CopyFile(compiled, request, trace);
    case ir::EndpointRule::kCreateContainer: return agent_rules::CreateContainer(compiled, request, trace);
    case ir::EndpointRule::kSetPolicy: return Permitted(p.set_policy, "set_policy", trace);
    case ir::EndpointRule::kDiagnostics: return Permitted(p.diagnostics, "diagnostics", trace);
    case ir::EndpointRule::kCreateSandbox: return agent_rules::CreateSandbox(request, trace);
    case ir::EndpointRule::kUpdateInterface: return agent_rules::UpdateInterface(request, trace);
    case ir::EndpointRule::kUpdateRoutes: return agent_rules::UpdateRoutes(compiled, request, trace);
    case ir::EndpointRule::kAddArpNeighbors: return agent_rules::AddArpNeighbors(compiled, request, trace);
  }
  return false;
}

}  // namespace

Result<CompiledAgentProfile> CompiledAgentProfile::Create(const ir::AgentProfile& profile) {
  CompiledAgentProfile out;
  out.profile_ = &profile;
  Regexes& r = out.regexes_;
  for (Status st : {CompileAll(profile.exec.allow_regexes, &r.exec), CompileAll(profile.env.allow_regexes, &r.env),
                    CompileRegex(ir::kSharedFilesPathRegex, &r.shared_files),
                    CompileRegex(ir::kDirectoryTraversalRegex, &r.traversal),
                    CompileAll(ir::kLoopbackAddressRegexes, &r.loopback)}) {
    if (!st.ok()) return st;
  }
  return out;
}

AgentDecision EvaluateAgent(const CompiledAgentProfile& profile, std::string_view endpoint, const json& request) {
  AgentDecision decision;
  const ir::AgentEndpoint* known = ir::FindAgentEndpoint(endpoint);
  std::string name(endpoint);
  if (known == nullptr) {
    decision.trace.push_back(name + ": not an agent endpoint; the policy has no rule for it");
    decision.trace.push_back(name + ": denied");
    return decision;
  }
  agent_rules::Trace steps;
  decision.allowed = Decide(profile, *known, request, steps);
  for (auto& step : steps) decision.trace.push_back(name + ": " + step);
  decision.trace.push_back(name + (decision.allowed ? ": allowed" : ": denied"));
  return decision;
}

Result<AgentDecision> EvaluateAgent(const ir::AgentProfile& profile, std::string_view endpoint,
                                    const json& request) {
  auto compiled = CompiledAgentProfile::Create(profile);
  if (!compiled.ok()) return compiled.status();
  return EvaluateAgent(*compiled, endpoint, request);
}

}  // namespace cocoplane::cpl::eval
