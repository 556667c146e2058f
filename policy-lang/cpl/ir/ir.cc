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

WorkloadIndex::WorkloadIndex(const Policy& policy) {
  by_name_.reserve(policy.workloads.size());
  // The first of two equal names wins, as in FindWorkload (Verify reports
  // duplicates).
  for (const auto& w : policy.workloads) by_name_.try_emplace(w.name, &w);
}

const Workload* WorkloadIndex::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

}  // namespace cocoplane::cpl::ir
