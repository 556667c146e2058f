// Internal to cpl/testing: which rule of the policy decided a case (the
// coverage definition of report.h), kept apart from running the cases.
//
// The evaluator returns decisions and human traces, not "the rule that
// decided". Rather than parse traces, the probes ask the evaluator again
// with one rule in isolation: a profile holding a single exec entry, a
// pool with one constraint relaxed. Both are built once, in Create.
//
// Lifetimes: refers to the policy it was created from. Immutable after
// Create; thread-safe.
#ifndef COCOPLANE_CPL_TESTING_COVERAGE_H_
#define COCOPLANE_CPL_TESTING_COVERAGE_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cpl/eval/agent.h"
#include "cpl/eval/pod.h"
#include "cpl/eval/release.h"
#include "cpl/ir/ir.h"
#include "cpl/testing/report.h"
#include "cpl/testing/suite.h"

namespace cocoplane::cpl::testing::internal {

class CoverageProbes {
 public:
  // Fails only if an exec regex does not compile (see eval/agent.h).
  static Result<std::unique_ptr<CoverageProbes>> Create(const ir::Policy& policy);

  // Every item with no hits yet, in the order of report.h.
  const Coverage& items() const { return items_; }

  void RecordRelease(const eval::ReleaseDecision& decision, Coverage& coverage) const;
  // `profile` indexes policy.agent_profiles; `allowed` is the decision.
  void RecordAgent(size_t profile, const AgentCase& c, bool allowed, Coverage& coverage) const;
  // `pool` indexes policy.pools; `decision` is the pool's own.
  void RecordPod(size_t pool, const PodCase& c, const eval::PodDecision& decision,
                 Coverage& coverage) const;

 private:
  struct ProfileProbe {
    // Item of exec entry i is first + i; then the exec default, logs,
    // stdin, copy_file, create_container, set_policy, diagnostics.
    size_t first = 0;
    size_t entries = 0;
    // One profile per exec entry holding only that entry; compiled refers
    // into `single` (unique_ptr keeps the addresses stable).
    std::vector<std::unique_ptr<ir::AgentProfile>> single;
    std::vector<eval::CompiledAgentProfile> compiled;
  };
  struct PoolProbe {
    std::optional<size_t> annotations, memory, vcpus, debug;
    // The pool with that one constraint relaxed.
    ir::PoolConstraints no_memory, no_vcpus, no_debug;
  };

  explicit CoverageProbes(const ir::Policy& policy) : policy_(&policy) {}
  size_t Add(CoverageKind kind, std::string id, std::string description, const Location& at);
  Status AddProfile(const ir::AgentProfile& profile);
  void AddPool(const ir::PoolConstraints& pool);

  const ir::Policy* policy_;
  Coverage items_;
  std::vector<size_t> release_items_;
  std::vector<ProfileProbe> profiles_;
  std::vector<PoolProbe> pools_;
};

}  // namespace cocoplane::cpl::testing::internal

#endif  // COCOPLANE_CPL_TESTING_COVERAGE_H_
