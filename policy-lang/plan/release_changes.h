// Releases gained, lost and changed between two Bundles, per resource and
// workload: what a reviewer asks of a policy change ("is default/db/password
// now also released to web?"), which a text diff of the Rego cannot say.
//
// Input: the two Bundles' release_facts (compile/bundle.h), one canonical
// line per rule as compile/release_facts.cc writes it:
//   allow <pattern> to workload <w> when <c1> and <c2>
//   allow <pattern> to workloads <w1>, <w2> when <c>
//   allow <pattern> to any attested workload
//   deny <pattern> when <c>
// Each line is split into (kind, pattern, workload) keys, one per target,
// with its conditions kept as one string. Patterns and workload names hold
// no spaces, so the split is exact; the conditions are never taken apart.
// A line that does not have this shape is kept whole as its own key, so a
// future format still shows up as gained or lost rather than vanishing.
//
// DiffReleaseFacts is pure and deterministic: the result is sorted by
// (resource, workload, kind). Thread-safe.
#ifndef COCOPLANE_PLAN_RELEASE_CHANGES_H_
#define COCOPLANE_PLAN_RELEASE_CHANGES_H_

#include <string>
#include <vector>

namespace cocoplane::plan {

struct ReleaseChange {
  enum class Type { kGained, kLost, kChanged };
  Type type = Type::kGained;
  // A `deny` rule rather than a `release` rule.
  bool deny = false;
  // The resource pattern, e.g. "default/db/*".
  std::string resource;
  // The workload the rule binds to; "" for a rule that names none (any
  // attested workload, or a deny rule).
  std::string workload;
  // The conditions under which the rule held before and holds after, one
  // entry per rule with this key ("" = always). Empty on the side where
  // the key does not exist.
  std::vector<std::string> old_conditions;
  std::vector<std::string> new_conditions;
};

// "gained", "lost", "changed".
std::string_view ReleaseChangeTypeName(ReleaseChange::Type type);

std::vector<ReleaseChange> DiffReleaseFacts(const std::vector<std::string>& base,
                                            const std::vector<std::string>& head);

// One sentence for people, e.g.
//   release gained: default/db/password to workload web when tee == snp
//   release changed: default/db/password to workload pay: when tee == snp
//     -> when tee in [snp, tdx]        (on one line)
//   deny rule removed: */*/* when tee == sample
std::string DescribeReleaseChange(const ReleaseChange& change);

}  // namespace cocoplane::plan

#endif  // COCOPLANE_PLAN_RELEASE_CHANGES_H_
