// Resource-release decisions: would the KBS release this resource to the
// holder of this EAR token, under the policy's release and deny rules?
//
// The question and the answer are the ones the generated KBS resource policy
// (cpl/codegen, ResourcePolicyRego) gives, decided here without Rego:
// - input: a resource path "repo/type/tag" and the EAR token claims as
//   Trustee produces them (trustee.md §2; claim names from the pinned
//   version's TrusteeVersionFacts, e.g. submods.cpu0["ear.status"]);
// - a rule applies when its pattern matches the path; it matches when one of
//   its target workloads matches the evidence (TEE key present and init_data
//   equal to the workload's binding; hex compared case-insensitively) and
//   every condition holds; a rule without targets skips the workload test;
// - deny wins: any matching deny rule refuses; otherwise any matching
//   release rule releases; otherwise refused (default deny).
//
// Usage: compile once per IR, then ask many questions.
//
//   auto compiled = CompiledReleasePolicy::Create(policy, *FactsFor("0.21"));
//   ReleaseDecision d = EvaluateRelease(*compiled, "default/payments/key", claims);
//
// Lifetimes: a CompiledReleasePolicy refers to the ir::Policy and the facts
// it was created from; both must outlive it. Decisions point at rules of
// that policy. Thread-safety: a CompiledReleasePolicy is immutable after
// Create and may be shared by any number of threads.
//
// Performance: rules are indexed by literal repository and type, so a
// query looks only at rules whose first two segments can match; the hot
// path allocates only the trace vector.
#ifndef COCOPLANE_CPL_EVAL_RELEASE_H_
#define COCOPLANE_CPL_EVAL_RELEASE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/regex.h"
#include "base/status.h"
#include "cpl/ir/ir.h"
#include "gen/trustee/versions.h"

namespace cocoplane::cpl::eval {

// What happened to one rule whose pattern matched the path.
struct RuleOutcome {
  static constexpr int kMatched = -1;
  // No target workload matched the evidence.
  static constexpr int kNoTarget = -2;

  const ir::ReleaseRule* rule = nullptr;
  // kMatched, kNoTarget, or the index in rule->conditions of the first
  // condition that did not hold.
  int failed = kMatched;

  bool matched() const { return failed == kMatched; }
};

struct ReleaseDecision {
  enum class Outcome {
    // A release rule matched and no deny rule did.
    kReleased,
    // A deny rule matched (whatever the release rules say).
    kDenied,
    // No release rule matched.
    kNoMatchingRule,
    // The path is not three non-empty segments.
    kMalformedPath,
  };
  bool released = false;
  Outcome outcome = Outcome::kNoMatchingRule;
  // Every rule whose pattern matched the path, in policy order.
  std::vector<RuleOutcome> trace;
};

// Indexes an IR for release queries.
class CompiledReleasePolicy {
 public:
  // kInvalidArgument if a rule targets a workload the policy does not
  // declare, or a `matches` regex does not compile (the invariants the
  // index itself depends on; run ir::Verify for the rest).
  static Result<CompiledReleasePolicy> Create(const ir::Policy& policy,
                                              const gen::trustee::TrusteeVersionFacts& facts);

  const ir::Policy& policy() const { return *policy_; }
  const gen::trustee::TrusteeVersionFacts& facts() const { return *facts_; }

  // Per workload: what the evidence must show.
  struct Target {
    std::string_view tee_key;
    // Lower-cased when hex, so a query compares without allocating.
    std::string binding;
    bool hex = false;
  };
  // Index of literal (repo, type) or (repo, any-type) to rule indices.
  struct Bucket {
    std::string_view repo;
    std::string_view type;
    std::vector<uint32_t> rules;
  };

  // For eval internals (release.cc).
  const std::vector<Target>& targets() const { return targets_; }
  const std::vector<std::vector<uint32_t>>& rule_targets() const { return rule_targets_; }
  const std::vector<Bucket>& by_repo_type() const { return by_repo_type_; }
  const std::vector<Bucket>& by_repo() const { return by_repo_; }
  const std::vector<uint32_t>& any_repo() const { return any_repo_; }
  // The regexes of `matches` conditions, compiled once: pattern -> regex.
  const std::map<std::string, Regex, std::less<>>& regexes() const { return regexes_; }

 private:
  CompiledReleasePolicy() = default;
  Status CompileRegexes(const ir::ReleaseRule& rule);

  const ir::Policy* policy_ = nullptr;
  const gen::trustee::TrusteeVersionFacts* facts_ = nullptr;
  std::vector<Target> targets_;
  // rule index -> indices into targets_.
  std::vector<std::vector<uint32_t>> rule_targets_;
  // Literal repo and literal type; sorted by (repo, type).
  std::vector<Bucket> by_repo_type_;
  // Literal repo, non-literal type; sorted by repo, type empty.
  std::vector<Bucket> by_repo_;
  // Non-literal repo; sorted.
  std::vector<uint32_t> any_repo_;
  std::map<std::string, Regex, std::less<>> regexes_;
};

// Decides one request. `ear_claims` is the verified token payload (the
// object with "submods"); anything missing or mistyped in it simply fails
// the conditions that read it, as undefined values do in Rego.
ReleaseDecision EvaluateRelease(const CompiledReleasePolicy& policy, std::string_view resource_path,
                                const nlohmann::json& ear_claims);

// Convenience for one-off questions (tests, `cocoplane explain`): compiles
// `policy` and decides. Fails only as Create fails.
Result<ReleaseDecision> EvaluateRelease(const ir::Policy& policy,
                                        const gen::trustee::TrusteeVersionFacts& facts,
                                        std::string_view resource_path, const nlohmann::json& ear_claims);

// Human-readable explanation, one line per traced rule, then the verdict:
//   release payments_1 (default/payments/*) at p.cpl:3:1: matched
//   deny no_warning (default/*/*) at p.cpl:9:1: failed: ear.status != affirming
//   refused: deny rule no_warning matched
std::string RenderTrace(const ReleaseDecision& decision);

}  // namespace cocoplane::cpl::eval

#endif  // COCOPLANE_CPL_EVAL_RELEASE_H_
