// The planner's view of the resource policy: one sentence per release rule,
// so a plan can say "default/db/* is now also released to workload web".
#include <algorithm>

#include "compile/context.h"
#include "cpl/ir/render.h"

namespace cocoplane::compile {

std::vector<std::string> ReleaseFacts(const cpl::ir::Policy& policy) {
  std::vector<std::string> out;
  for (const auto& r : policy.releases) {
    std::string line = r.kind == cpl::ir::ReleaseRule::Kind::kAllow ? "allow " : "deny ";
    line += cpl::ir::ToString(r.pattern);
    if (r.targets.empty()) {
      line += r.kind == cpl::ir::ReleaseRule::Kind::kAllow ? " to any attested workload" : "";
    } else {
      line += r.targets.size() == 1 ? " to workload " : " to workloads ";
      for (size_t i = 0; i < r.targets.size(); ++i) line += (i ? ", " : "") + r.targets[i];
    }
    for (size_t i = 0; i < r.conditions.size(); ++i) {
      line += (i ? " and " : " when ") + cpl::ir::ToString(r.conditions[i]);
    }
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace cocoplane::compile
