#include "gen/workload/pod_patch.h"

#include <nlohmann/json.hpp>

#include <set>

#include "crypto/encoding.h"
#include "gen/workload/initdata.h"

namespace cocoplane::gen::workload {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1123 label, as Kubernetes validates container names.
bool IsDnsLabel(std::string_view s) {
  if (s.empty() || s.size() > 63 || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) {
    return false;
  }
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// RFC 1123 subdomain, as Kubernetes validates object names (RuntimeClass).
bool IsDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!IsDnsLabel(label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Status Validate(const PodPatchInput& input) {
  if (!IsDnsSubdomain(input.runtime_class_name)) {
    return Status::InvalidArgument("runtime class '" + input.runtime_class_name +
                                   "' is not a valid Kubernetes object name");
  }
  if (input.initdata_annotation.empty() ||
      !crypto::Base64Decode(input.initdata_annotation, crypto::Base64Alphabet::kStandard)) {
    return Status::InvalidArgument("initdata annotation must be non-empty standard base64");
  }
  if (input.memory_mib && *input.memory_mib == 0) {
    return Status::InvalidArgument("guest memory must be at least 1 MiB");
  }
  std::set<std::string_view> seen;
  for (const auto& name : input.container_names) {
    if (!IsDnsLabel(name)) {
      return Status::InvalidArgument("container name '" + name + "' is not a DNS label");
    }
    if (!seen.insert(name).second) {
      return Status::InvalidArgument("container '" + name + "' is listed twice");
    }
  }
  return Status::Ok();
}

nlohmann::json MemoryResources(uint64_t mib) {
  std::string quantity = std::to_string(mib) + "Mi";
  return {{"limits", {{"memory", quantity}}}, {"requests", {{"memory", quantity}}}};
}

}  // namespace

Result<std::string> RenderPodPatch(const PodPatchInput& input) {
  if (Status st = Validate(input); !st.ok()) return st;
  nlohmann::json annotations = {{kInitdataAnnotation, input.initdata_annotation}};
  nlohmann::json spec = {{"runtimeClassName", input.runtime_class_name}};
  if (input.memory_mib) {
    annotations[kDefaultMemoryAnnotation] = std::to_string(*input.memory_mib);
    if (!input.container_names.empty()) {
      nlohmann::json containers = nlohmann::json::array();
      for (const auto& name : input.container_names) {
        containers.push_back(
            nlohmann::json{{"name", name}, {"resources", MemoryResources(*input.memory_mib)}});
      }
      spec["containers"] = std::move(containers);
    }
  }
  nlohmann::json patch = {{"metadata", {{"annotations", std::move(annotations)}}},
                          {"spec", std::move(spec)}};
  // All strings were validated as ASCII above, so dump() cannot throw.
  return patch.dump(2) + "\n";
}

}  // namespace cocoplane::gen::workload
