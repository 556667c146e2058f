#include "cpl/testing/engine.h"

#include <map>

#include "cpl/codegen/rego.h"

namespace cocoplane::cpl::testing {
namespace {

using nlohmann::json;

// The Rego modules of a run, generated once each.
class Modules {
 public:
  explicit Modules(const Runner& runner) : runner_(runner) {}

  // The resource policy, or the reason it cannot be generated.
  const Result<std::string>& Resource() {
    if (!resource_)
      resource_.emplace(codegen::ResourcePolicyRego(runner_.policy(), runner_.facts()));
    return *resource_;
  }

  const std::string& Agent(size_t profile) {
    auto it = agents_.find(profile);
    if (it == agents_.end()) {
      it = agents_
               .emplace(profile, codegen::AgentPolicyRego(runner_.policy().agent_profiles[profile]))
               .first;
    }
    return it->second;
  }

 private:
  const Runner& runner_;
  std::optional<Result<std::string>> resource_;
  std::map<size_t, std::string> agents_;
};

// data for the resource plugin (trustee.md §2: data.plugin, data["resource-path"]).
json ResourceData(std::string_view path) {
  json segments = json::array();
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    segments.push_back(std::string(path.substr(start, slash - start)));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return {{"plugin", "resource"}, {"resource-path", std::move(segments)}};
}

EngineCheck Ask(RegoEngine& engine, const EngineQuery& query, bool evaluator) {
  EngineCheck check;
  Result<bool> answer = engine.Evaluate(query);
  if (!answer.ok()) {
    check.state = EngineCheck::State::kFailed;
    check.message = answer.status().message();
    return check;
  }
  check.decision = *answer;
  check.state = *answer == evaluator ? EngineCheck::State::kAgreed : EngineCheck::State::kDisagreed;
  return check;
}

EngineCheck CheckRelease(Modules& modules, RegoEngine& engine, const PreparedCase& c,
                         bool evaluator) {
  const Result<std::string>& rego = modules.Resource();
  if (!rego.ok()) {
    return {EngineCheck::State::kFailed, false,
            "no resource policy to evaluate: " + rego.status().message()};
  }
  EngineQuery query{"resource-policy", &*rego, "data.policy.allow", &c.claims,
                    ResourceData(c.test_case->release.resource)};
  return Ask(engine, query, evaluator);
}

EngineCheck CheckAgent(const Runner& runner, Modules& modules, RegoEngine& engine,
                       const PreparedCase& c, bool evaluator) {
  const std::string& name = runner.policy().agent_profiles[c.profile].name;
  EngineQuery query{"agent-policy-" + name, &modules.Agent(c.profile),
                    "data.agent_policy." + c.test_case->agent.endpoint, &c.test_case->agent.request,
                    std::nullopt};
  return Ask(engine, query, evaluator);
}

// {"allowed": bool} is the agent's structured answer (kata.md §3).
bool Positive(const json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_object()) {
    auto it = value.find("allowed");
    return it != value.end() && it->is_boolean() && it->get<bool>();
  }
  return false;
}

}  // namespace

Result<bool> ParseEvalOutput(std::string_view text) {
  json out = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded() || !out.is_object()) {
    return Status::InvalidArgument("engine output is not a JSON object: " +
                                   std::string(text.substr(0, std::min<size_t>(text.size(), 200))));
  }
  auto result = out.find("result");
  if (result == out.end() || (result->is_array() && result->empty())) return false;
  if (!result->is_array())
    return Status::InvalidArgument("engine output: \"result\" is not a list");
  const json& first = (*result)[0];
  auto expressions = first.is_object() ? first.find("expressions") : first.end();
  if (!first.is_object() || expressions == first.end() || !expressions->is_array() ||
      expressions->empty()) {
    return Status::InvalidArgument("engine output: result has no expressions");
  }
  const json& expression = (*expressions)[0];
  if (!expression.is_object() || !expression.contains("value")) {
    return Status::InvalidArgument("engine output: expression has no value");
  }
  return Positive(expression["value"]);
}

void CrossCheck(const Runner& runner, const std::vector<PreparedCase>& cases, RegoEngine& engine,
                RunReport& report) {
  Modules modules(runner);
  std::vector<size_t> next(report.suites.size(), 0);
  for (const PreparedCase& c : cases) {
    CaseResult& result = report.suites[c.suite].cases[next[c.suite]++];
    switch (c.test_case->kind) {
      case CaseKind::kRelease:
        result.engine = CheckRelease(modules, engine, c, result.actual);
        break;
      case CaseKind::kAgent:
        result.engine = CheckAgent(runner, modules, engine, c, result.actual);
        break;
      case CaseKind::kPod:
        break;
    }
  }
  report.engine_ran = true;
}

}  // namespace cocoplane::cpl::testing
