#include "cpl/eval/pod.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cocoplane::cpl::eval {
namespace {

void Reject(PodDecision& d, std::string reason) {
  d.admitted = false;
  d.reasons.push_back(std::move(reason));
}

// Kata reads default_vcpus as a float and default_memory as an integer
// (MiB); parse both as a non-negative number and round vCPUs up.
std::optional<double> ParseNumber(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

void CheckMax(PodDecision& d, std::string_view what, double value, const std::optional<uint32_t>& max) {
  if (max && value > *max) {
    Reject(d, std::string(what) + " " + std::to_string(static_cast<uint64_t>(std::ceil(value))) +
                  " exceeds the pool maximum " + std::to_string(*max));
  }
}

void CheckAnnotationValue(PodDecision& d, const ir::PoolConstraints& pool, std::string_view name,
                          const std::string& value) {
  if (name == "default_memory" || name == "default_vcpus") {
    auto number = ParseNumber(value);
    if (!number) {
      Reject(d, "annotation " + std::string(name) + " value '" + value + "' is not a number");
      return;
    }
    bool memory = name == "default_memory";
    CheckMax(d, memory ? "annotation default_memory" : "annotation default_vcpus", *number,
             memory ? pool.memory_max_mib : pool.vcpus_max);
  }
  if (name == "kernel_params" && pool.debug_forbidden && value.find("agent.debug_console") != std::string::npos) {
    Reject(d, "kernel_params enables the agent debug console, but the pool forbids debug");
  }
}

}  // namespace

PodDecision EvaluatePod(const ir::PoolConstraints& pool, const std::map<std::string, std::string>& annotations,
                        uint32_t memory_mib, uint32_t vcpus) {
  PodDecision d;
  for (const auto& [key, value] : annotations) {
    if (!key.starts_with(kHypervisorAnnotationPrefix)) continue;
    std::string_view name = std::string_view(key).substr(kHypervisorAnnotationPrefix.size());
    if (!std::binary_search(pool.allowed_annotations.begin(), pool.allowed_annotations.end(), name)) {
      Reject(d, "annotation " + key + " is not enabled for pool " + pool.name);
      continue;
    }
    CheckAnnotationValue(d, pool, name, value);
  }
  CheckMax(d, "memory (MiB)", memory_mib, pool.memory_max_mib);
  CheckMax(d, "vCPUs", vcpus, pool.vcpus_max);
  return d;
}

}  // namespace cocoplane::cpl::eval
