#include "cpl/testing/runner.h"

#include "cpl/eval/pod.h"
#include "cpl/testing/coverage.h"
#include "cpl/testing/decoder.h"
#include "cpl/testing/token.h"

namespace cocoplane::cpl::testing {
namespace {

template <typename T>
std::vector<std::string> NamesOf(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name);
  return out;
}

template <typename T>
const T* Find(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void Unknown(DiagnosticSink& sink, DiagKind kind, const NameRef& ref, std::string_view what,
             const std::vector<std::string>& known) {
  std::string hint = internal::DidYouMean(ref.name, known);
  if (hint.empty()) {
    hint = known.empty() ? "the policy has no " + std::string(what) + "s"
                         : "the policy's " + std::string(what) + "s: " + Join(known);
  }
  sink.Emit(kind, ref.location, "no " + std::string(what) + " is named \"" + ref.name + "\"", hint);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool PrepareRelease(const ir::Policy& policy, const gen::trustee::TrusteeVersionFacts& facts,
                    PreparedCase& p, DiagnosticSink& sink) {
  const TokenSpec& spec = p.test_case->release.token;
  const ir::Workload* workload = nullptr;
  if (!spec.workload.empty()) {
    workload = Find(policy.workloads, spec.workload.name);
    if (workload == nullptr) {
      Unknown(sink, DiagKind::kTestUnknownWorkload, spec.workload, "workload",
              NamesOf(policy.workloads));
      return false;
    }
  }
  Result<nlohmann::json> claims = BuildClaims(spec, workload, facts);
  if (!claims.ok()) {
    sink.Emit(DiagKind::kTestBadValue, p.test_case->location, claims.status().message());
    return false;
  }
  p.claims = std::move(*claims);
  return true;
}

// The profile of `workload:` (every checked workload has one, "default"
// when it names none) or `profile:`.
bool PrepareAgent(const ir::Policy& policy, PreparedCase& p, DiagnosticSink& sink) {
  const AgentCase& c = p.test_case->agent;
  NameRef profile = c.profile;
  if (!c.workload.empty()) {
    const ir::Workload* w = Find(policy.workloads, c.workload.name);
    if (w == nullptr) {
      Unknown(sink, DiagKind::kTestUnknownWorkload, c.workload, "workload",
              NamesOf(policy.workloads));
      return false;
    }
    profile = {w->agent_profile, c.workload.location};
  }
  const ir::AgentProfile* found = Find(policy.agent_profiles, profile.name);
  if (found == nullptr) {
    Unknown(sink, DiagKind::kTestUnknownProfile, profile, "agent profile",
            NamesOf(policy.agent_profiles));
    return false;
  }
  p.profile = static_cast<size_t>(found - policy.agent_profiles.data());
  return true;
}

bool PreparePod(const ir::Policy& policy, PreparedCase& p, DiagnosticSink& sink) {
  const NameRef& pool = p.test_case->pod.pool;
  p.pool = Find(policy.pools, pool.name);
  if (p.pool == nullptr)
    Unknown(sink, DiagKind::kTestUnknownPool, pool, "node pool", NamesOf(policy.pools));
  return p.pool != nullptr;
}

CaseResult Begin(const TestCase& c) {
  CaseResult r;
  r.name = c.name;
  r.location = c.location;
  r.kind = c.kind;
  r.expected = c.expect_positive;
  return r;
}

}  // namespace

Runner::Runner(Runner&&) noexcept = default;
Runner& Runner::operator=(Runner&&) noexcept = default;
Runner::~Runner() = default;

Result<Runner> Runner::Create(const ir::Policy& policy,
                              const gen::trustee::TrusteeVersionFacts& facts) {
  Runner out;
  out.policy_ = &policy;
  out.facts_ = &facts;
  auto release = eval::CompiledReleasePolicy::Create(policy, facts);
  if (!release.ok()) return release.status();
  out.release_.emplace(std::move(*release));
  for (const auto& profile : policy.agent_profiles) {
    auto compiled = eval::CompiledAgentProfile::Create(profile);
    if (!compiled.ok()) return compiled.status();
    out.profiles_.push_back(std::move(*compiled));
  }
  auto probes = internal::CoverageProbes::Create(policy);
  if (!probes.ok()) return probes.status();
  out.probes_ = std::move(*probes);
  return out;
}

std::vector<PreparedCase> Runner::Prepare(const std::vector<Suite>& suites,
                                          DiagnosticSink& sink) const {
  std::vector<PreparedCase> out;
  for (size_t s = 0; s < suites.size(); ++s) {
    for (const TestCase& c : suites[s].cases) {
      PreparedCase p{s, &c, {}, 0, nullptr};
      bool ok = false;
      switch (c.kind) {
        case CaseKind::kRelease:
          ok = PrepareRelease(*policy_, *facts_, p, sink);
          break;
        case CaseKind::kAgent:
          ok = PrepareAgent(*policy_, p, sink);
          break;
        case CaseKind::kPod:
          ok = PreparePod(*policy_, p, sink);
          break;
      }
      if (ok) out.push_back(std::move(p));
    }
  }
  return out;
}

CaseResult Runner::RunRelease(const PreparedCase& c, Coverage& coverage) const {
  CaseResult r = Begin(*c.test_case);
  eval::ReleaseDecision d =
      eval::EvaluateRelease(*release_, c.test_case->release.resource, c.claims);
  r.actual = d.released;
  r.explanation = Lines(eval::RenderTrace(d));
  probes_->RecordRelease(d, coverage);
  return r;
}

CaseResult Runner::RunAgent(const PreparedCase& c, Coverage& coverage) const {
  CaseResult r = Begin(*c.test_case);
  const AgentCase& agent = c.test_case->agent;
  eval::AgentDecision d = eval::EvaluateAgent(profiles_[c.profile], agent.endpoint, agent.request);
  r.actual = d.allowed;
  r.explanation = std::move(d.trace);
  r.explanation.insert(r.explanation.begin(),
                       "agent profile " + policy_->agent_profiles[c.profile].name);
  probes_->RecordAgent(c.profile, agent, d.allowed, coverage);
  return r;
}

CaseResult Runner::RunPod(const PreparedCase& c, Coverage& coverage) const {
  CaseResult r = Begin(*c.test_case);
  const PodCase& pod = c.test_case->pod;
  eval::PodDecision d = eval::EvaluatePod(*c.pool, pod.annotations, pod.memory_mib, pod.vcpus);
  probes_->RecordPod(static_cast<size_t>(c.pool - policy_->pools.data()), pod, d, coverage);
  r.actual = d.admitted;
  r.explanation = std::move(d.reasons);
  r.explanation.push_back(d.admitted ? "admitted: within every constraint of pool " + c.pool->name
                                     : "rejected by pool " + c.pool->name);
  return r;
}

RunReport Runner::Run(const std::vector<Suite>& suites,
                      const std::vector<PreparedCase>& cases) const {
  RunReport report;
  report.coverage = probes_->items();
  for (const Suite& s : suites) report.suites.push_back({s.name, s.file, {}});
  for (const PreparedCase& c : cases) {
    CaseResult r;
    switch (c.test_case->kind) {
      case CaseKind::kRelease:
        r = RunRelease(c, report.coverage);
        break;
      case CaseKind::kAgent:
        r = RunAgent(c, report.coverage);
        break;
      case CaseKind::kPod:
        r = RunPod(c, report.coverage);
        break;
    }
    report.suites[c.suite].cases.push_back(std::move(r));
  }
  return report;
}

}  // namespace cocoplane::cpl::testing
