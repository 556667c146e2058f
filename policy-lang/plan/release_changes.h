// Releases gained, lost and changed between two Bundles, per resource and
// workload: what a reviewer asks of a policy change ("is default/db/password
// now also released to web?"), which a text diff of the Rego cannot say.
//
// Input: the two Bundles' release_facts (compile/bundle.h), one per rule.
// Each fact gives one (kind, pattern, workload) key per workload it binds
// to, or one with no workload; the key's value is the set of condition
// strings of every rule with that key (alternatives: any one releases).
// Conditions are compared as the CPL text the compiler renders, never
// taken apart.
//
// DiffReleaseFacts is pure and deterministic: the result is sorted by
// (resource, workload, kind). Thread-safe.
#ifndef COCOPLANE_PLAN_RELEASE_CHANGES_H_
#define COCOPLANE_PLAN_RELEASE_CHANGES_H_

#include <string>
#include <vector>

#include "compile/bundle.h"

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

std::vector<ReleaseChange> DiffReleaseFacts(const std::vector<compile::ReleaseFact>& base,
                                            const std::vector<compile::ReleaseFact>& head);

// One sentence for people, e.g.
//   release gained: default/db/password to workload web when tee == snp
//   release changed: default/db/password to workload pay: when tee == snp
//     -> when tee in [snp, tdx]        (on one line)
//   deny rule removed: */*/* when tee == sample
std::string DescribeReleaseChange(const ReleaseChange& change);

}  // namespace cocoplane::plan

#endif  // COCOPLANE_PLAN_RELEASE_CHANGES_H_
