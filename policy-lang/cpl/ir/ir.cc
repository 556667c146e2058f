#include "cpl/ir/ir.h"

namespace cocoplane::cpl::ir {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

const Workload* FindWorkload(const Policy& policy, std::string_view name) {
  return FindByName(policy.workloads, name);
}

const AgentProfile* FindAgentProfile(const Policy& policy, std::string_view name) {
  return FindByName(policy.agent_profiles, name);
}

const PoolConstraints* FindPool(const Policy& policy, std::string_view name) {
  return FindByName(policy.pools, name);
}

}  // namespace cocoplane::cpl::ir
