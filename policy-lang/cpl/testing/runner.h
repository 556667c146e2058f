// The policy test runner: suites x compiled policy -> RunReport.
//
// Two steps, so that errors in the suites stop the run before anything is
// evaluated and the Rego cross-check (engine.h) sees the same inputs:
//
//   auto runner = Runner::Create(compilation.policy, *FactsFor("0.21"));
//   std::vector<PreparedCase> cases = runner->Prepare(suites, sink);
//   if (sink.has_errors()) ... exit 2
//   RunReport report = runner->Run(suites, cases);
//
// Prepare resolves every name a case uses (CP8020 unknown workload, CP8021
// unknown profile, CP8022 unknown pool, each with a "did you mean") and
// builds each release case's token (token.h; CP8009 when the builder
// cannot). Run asks the evaluator (cpl/eval) every question and records
// the coverage described in report.h.
//
// Cost: Create compiles the release policy and every agent profile once
// (regexes included); a case then costs one evaluation plus, for coverage,
// at most one probe per exec entry (allowed exec requests) or per pool
// constraint (rejected pods).
//
// Lifetimes: the Runner refers to `policy` and `facts`, which must outlive
// it; PreparedCases point into the suites they were prepared from. The
// Runner is immutable after Create: Prepare and Run are const and may run
// concurrently.
#ifndef COCOPLANE_CPL_TESTING_RUNNER_H_
#define COCOPLANE_CPL_TESTING_RUNNER_H_

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/diagnostic.h"
#include "base/status.h"
#include "cpl/eval/agent.h"
#include "cpl/eval/release.h"
#include "cpl/ir/ir.h"
#include "cpl/testing/report.h"
#include "cpl/testing/suite.h"
#include "gen/trustee/versions.h"

namespace cocoplane::cpl::testing {

namespace internal {
class CoverageProbes;
}  // namespace internal

// A case with its names resolved and its input built.
struct PreparedCase {
  // Index of the case's suite in the vector passed to Prepare.
  size_t suite = 0;
  const TestCase* test_case = nullptr;
  // Release: the EAR claims. Agent: unused (the request is in test_case).
  nlohmann::json claims;
  // Agent: index into policy.agent_profiles.
  size_t profile = 0;
  // Pod: the pool.
  const ir::PoolConstraints* pool = nullptr;
};

class Runner {
 public:
  // Fails (kInvalidArgument) as CompiledReleasePolicy::Create and
  // CompiledAgentProfile::Create fail: a policy that did not pass ir::Verify.
  static Result<Runner> Create(const ir::Policy& policy,
                               const gen::trustee::TrusteeVersionFacts& facts);

  Runner(Runner&&) noexcept;
  Runner& operator=(Runner&&) noexcept;
  ~Runner();

  std::vector<PreparedCase> Prepare(const std::vector<Suite>& suites, DiagnosticSink& sink) const;
  // `suites` are the ones `cases` were prepared from; every suite gets a
  // SuiteResult, in order, even when none of its cases was prepared.
  RunReport Run(const std::vector<Suite>& suites, const std::vector<PreparedCase>& cases) const;

  const ir::Policy& policy() const { return *policy_; }
  const gen::trustee::TrusteeVersionFacts& facts() const { return *facts_; }

 private:
  Runner() = default;

  CaseResult RunRelease(const PreparedCase& c, Coverage& coverage) const;
  CaseResult RunAgent(const PreparedCase& c, Coverage& coverage) const;
  CaseResult RunPod(const PreparedCase& c, Coverage& coverage) const;

  const ir::Policy* policy_ = nullptr;
  const gen::trustee::TrusteeVersionFacts* facts_ = nullptr;
  std::optional<eval::CompiledReleasePolicy> release_;
  // Aligned with policy_->agent_profiles.
  std::vector<eval::CompiledAgentProfile> profiles_;
  // Coverage bookkeeping (coverage.h): the items, and the single-entry
  // profiles and relaxed pools that tell which rule decided a case.
  std::unique_ptr<internal::CoverageProbes> probes_;
};

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_RUNNER_H_
