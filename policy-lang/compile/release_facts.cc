// The planner's view of the resource policy: one fact per release rule, so a
// plan can say "default/db/* is now also released to workload web".
#include <algorithm>

#include "compile/context.h"
#include "cpl/ir/render.h"

namespace cocoplane::compile {

std::vector<ReleaseFact> ReleaseFacts(const cpl::ir::Policy& policy) {
  std::vector<ReleaseFact> out;
  for (const auto& r : policy.releases) {
    ReleaseFact fact;
    fact.deny = r.kind == cpl::ir::ReleaseRule::Kind::kDeny;
    fact.resource = cpl::ir::ToString(r.pattern);
    fact.workloads = r.targets;
    for (size_t i = 0; i < r.conditions.size(); ++i) {
      fact.conditions += (i ? " and " : "") + cpl::ir::ToString(r.conditions[i]);
    }
    out.push_back(std::move(fact));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace cocoplane::compile
