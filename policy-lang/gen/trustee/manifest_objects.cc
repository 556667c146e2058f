#include "gen/trustee/manifest_objects.h"

#include "base/strings.h"

namespace cocoplane::gen::trustee::internal {
namespace {

using yaml::YamlNode;

constexpr std::string_view kManagedByLabel = "app.kubernetes.io/managed-by";
constexpr std::string_view kManagedBy = "cocoplane";
constexpr std::string_view kValueFrom = "cocoplane.io/value-from";
constexpr std::string_view kValueSha256 = "cocoplane.io/value-sha256";

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsDnsLabel(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) {
    return false;
  }
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// "<src>" when every key has the same source, else "k1=<src1>; k2=<src2>".
std::string ValueFrom(const std::map<std::string, SecretSource>& keys) {
  bool uniform = true;
  for (const auto& [key, source] : keys) {
    uniform = uniform && source.value_from == keys.begin()->second.value_from;
  }
  if (uniform && !keys.empty()) return keys.begin()->second.value_from;
  std::string out;
  for (const auto& [key, source] : keys) {
    if (!out.empty()) out += "; ";
    out += key + "=" + source.value_from;
  }
  return out;
}

// "k1=<hex>; ..." over the keys whose value was given inline, or "".
std::string ValueDigests(const std::map<std::string, SecretSource>& keys) {
  std::string out;
  for (const auto& [key, source] : keys) {
    std::string digest = InlineValueDigest(source);
    if (digest.empty()) continue;
    if (!out.empty()) out += "; ";
    out += key + "=" + digest;
  }
  return out;
}

}  // namespace

YamlNode Metadata(std::string_view name, std::string_view namespace_name,
                  const std::map<std::string, std::string>& annotations) {
  YamlNode meta = YamlNode::Map();
  meta.Set("name", YamlNode::String(name));
  meta.Set("namespace", YamlNode::String(namespace_name));
  meta.Set("labels", YamlNode::Map().Set(kManagedByLabel, YamlNode::String(kManagedBy)));
  if (!annotations.empty()) {
    YamlNode notes = YamlNode::Map();
    for (const auto& [key, value] : annotations) notes.Set(key, YamlNode::String(value));
    meta.Set("annotations", std::move(notes));
  }
  return meta;
}

YamlNode ConfigMap(std::string_view name, std::string_view namespace_name,
                   const std::map<std::string, std::string>& data,
                   const std::map<std::string, std::string>& annotations) {
  YamlNode body = YamlNode::Map();
  for (const auto& [key, value] : data) body.Set(key, YamlNode::String(value));
  YamlNode doc = YamlNode::Map();
  doc.Set("apiVersion", YamlNode::String("v1"));
  doc.Set("kind", YamlNode::String("ConfigMap"));
  doc.Set("metadata", Metadata(name, namespace_name, annotations));
  doc.Set("data", std::move(body));
  return doc;
}

YamlNode Secret(const SecretSpec& spec, std::string_view namespace_name) {
  std::map<std::string, std::string> annotations{{std::string(kValueFrom), ValueFrom(spec.keys)}};
  if (std::string digests = ValueDigests(spec.keys); !digests.empty()) {
    annotations.emplace(kValueSha256, digests);
  }
  YamlNode data = YamlNode::Map();
  for (const auto& entry : spec.keys) data.Set(entry.first, YamlNode::String(""));
  YamlNode doc = YamlNode::Map();
  doc.Set("apiVersion", YamlNode::String("v1"));
  doc.Set("kind", YamlNode::String("Secret"));
  doc.Set("metadata", Metadata(spec.name, namespace_name, annotations));
  if (!spec.type.empty()) doc.Set("type", YamlNode::String(spec.type));
  doc.Set("stringData", std::move(data));
  return doc;
}

Status CheckDnsLabel(std::string_view what, std::string_view value, size_t max) {
  if (IsDnsLabel(value, max)) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " \"" + std::string(value) +
                                 "\" must be lower-case letters, digits and '-', at most " +
                                 std::to_string(max) + " characters");
}

Status CheckDnsSubdomain(std::string_view what, std::string_view value) {
  bool ok = !value.empty() && value.size() <= 253;
  size_t start = 0;
  while (ok && start <= value.size()) {
    size_t dot = value.find('.', start);
    std::string_view part = value.substr(start, dot == std::string_view::npos ? dot : dot - start);
    ok = IsDnsLabel(part, 63);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " \"" + std::string(value) +
                                 "\" is not a valid Kubernetes object name");
}

Status CheckKbsSegment(std::string_view what, std::string_view value) {
  auto head = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  // The first character must come from the narrower class (no '.').
  bool ok = !value.empty() && head(value.front());
  for (char c : value) ok = ok && (head(c) || c == '.');
  if (ok) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " \"" + std::string(value) +
                                 "\" is not a valid KBS resource path segment");
}

Status CheckUtf8(std::string_view what, std::string_view value) {
  if (IsValidUtf8(value)) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " is not UTF-8");
}

Status CheckSource(std::string_view what, const SecretSource& source) {
  if (source.value_from.empty()) {
    return Status::InvalidArgument(std::string(what) +
                                   " needs a source (value_from) for the applier");
  }
  return CheckUtf8(what, source.value_from);
}

}  // namespace cocoplane::gen::trustee::internal
