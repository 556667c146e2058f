#include "gen/node/runtime_class.h"

#include "gen/node/shims.h"
#include "gen/trustee/yaml_writer.h"

namespace cocoplane::gen::node {
namespace {

using yaml::YamlNode;

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A label value or the name part of a key: <= 63 characters of
// [A-Za-z0-9_.-], starting and ending alphanumeric (apimachinery
// validation.IsQualifiedName / IsValidLabelValue). Values may be empty.
bool IsLabelToken(std::string_view s, bool allow_empty) {
  if (s.empty()) return allow_empty;
  if (s.size() > 63 || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// DNS-1123 subdomain: lower-case labels joined by dots, <= 253 characters.
bool IsDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || part.size() > 63 || part.front() == '-' || part.back() == '-') return false;
    for (char c : part) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsLabelKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return IsLabelToken(key, false);
  return IsDnsSubdomain(key.substr(0, slash)) && IsLabelToken(key.substr(slash + 1), false);
}

Status CheckSelector(const std::map<std::string, std::string>& selector) {
  for (const auto& [key, value] : selector) {
    if (!IsLabelKey(key) || !IsLabelToken(value, true)) {
      return Status::InvalidArgument("node selector \"" + key + "\": \"" + value +
                                     "\" is not a valid Kubernetes label");
    }
    if (key == kKataRuntimeLabel && value != "true") {
      return Status::InvalidArgument(std::string(kKataRuntimeLabel) +
                                     " must be \"true\": kata-deploy labels its nodes so");
    }
  }
  return Status::Ok();
}

YamlNode Overhead(const ShimFacts& shim, bool tee_extended_resources) {
  YamlNode pod_fixed = YamlNode::Map();
  pod_fixed.Set("memory", YamlNode::String(shim.overhead_memory));
  pod_fixed.Set("cpu", YamlNode::String(shim.overhead_cpu));
  std::string_view resource = TeeExtendedResource(shim.tee);
  if (tee_extended_resources && !resource.empty()) {
    pod_fixed.Set(resource, YamlNode::String("1"));
  }
  return YamlNode::Map().Set("podFixed", std::move(pod_fixed));
}

}  // namespace

Result<std::string> GenerateRuntimeClass(const RuntimeClassInput& input) {
  const ShimFacts* shim = FindShim(input.shim);
  if (shim == nullptr) {
    std::string known;
    for (const auto& name : KnownShims()) known += (known.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("unknown Kata shim \"" + input.shim + "\"; known: " + known);
  }
  std::string handler = "kata-" + input.shim;
  std::string name = input.name.empty() ? handler : input.name;
  if (!IsDnsSubdomain(name)) {
    return Status::InvalidArgument("RuntimeClass name \"" + name + "\" is not a valid name");
  }
  if (Status s = CheckSelector(input.node_selector); !s.ok()) return s;

  std::map<std::string, std::string> selector = input.node_selector;
  selector[std::string(kKataRuntimeLabel)] = "true";
  if (input.tee_node_label && !TeeNodeLabel(shim->tee).empty()) {
    selector.emplace(TeeNodeLabel(shim->tee), "true");
  }
  YamlNode node_selector = YamlNode::Map();
  for (const auto& [key, value] : selector) node_selector.Set(key, YamlNode::String(value));

  YamlNode doc = YamlNode::Map();
  doc.Set("apiVersion", YamlNode::String("node.k8s.io/v1"));
  doc.Set("kind", YamlNode::String("RuntimeClass"));
  doc.Set("metadata", YamlNode::Map()
                          .Set("name", YamlNode::String(name))
                          .Set("labels", YamlNode::Map().Set("app.kubernetes.io/managed-by",
                                                             YamlNode::String("cocoplane"))));
  doc.Set("handler", YamlNode::String(handler));
  doc.Set("overhead", Overhead(*shim, input.tee_extended_resources));
  doc.Set("scheduling", YamlNode::Map().Set("nodeSelector", std::move(node_selector)));
  return yaml::EmitDocument(doc);
}

}  // namespace cocoplane::gen::node
