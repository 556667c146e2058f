// A small deterministic YAML emitter for Kubernetes manifests.
//
// Why not yaml-cpp's Emitter: it writes the string "true" as a plain scalar
// (which Kubernetes reads back as a boolean, so a nodeSelector value "true"
// would be rejected) and its literal blocks do not round-trip trailing
// newlines. Here every string comes back as the same string:
//   - plain only when it cannot be read as anything else
//     (^[A-Za-z_/.][A-Za-z0-9_./-]*$ and not a YAML 1.1 bool/null word),
//   - a literal block (| |- |+) for multi-line text such as Rego and TOML,
//   - otherwise double-quoted with escapes.
// Maps keep insertion order; callers insert in the order they want printed
// (sorted for maps that come from std::map). No anchors, tags or flow style
// beyond {} and [] for empty collections.
//
// YamlNode is a value type; the functions are pure and thread-safe.
#ifndef COCOPLANE_GEN_TRUSTEE_YAML_WRITER_H_
#define COCOPLANE_GEN_TRUSTEE_YAML_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::gen::yaml {

class YamlNode {
 public:
  enum class Kind { kString, kBool, kInt, kMap, kList };

  static YamlNode String(std::string_view value);
  static YamlNode Bool(bool value);
  static YamlNode Int(int64_t value);
  static YamlNode Map();
  static YamlNode List();

  // Map only: appends `key`, or replaces its value in place if present.
  YamlNode& Set(std::string_view key, YamlNode value);
  // List only: appends `value`.
  YamlNode& Append(YamlNode value);

  Kind kind() const { return kind_; }
  // The scalar text: the string itself, "true"/"false", or the integer.
  const std::string& scalar() const { return scalar_; }
  // Map keys (parallel to children()); empty for lists and scalars.
  const std::vector<std::string>& keys() const { return keys_; }
  // Map values or list items.
  const std::vector<YamlNode>& children() const { return children_; }

 private:
  explicit YamlNode(Kind kind) : kind_(kind) {}

  Kind kind_;
  std::string scalar_;
  std::vector<std::string> keys_;
  std::vector<YamlNode> children_;
};

// One document: the block form of `root` (normally a map), ending in "\n".
std::string EmitDocument(const YamlNode& root);

// A multi-document stream: each document preceded by "---\n", in order.
std::string EmitStream(const std::vector<YamlNode>& documents);

}  // namespace cocoplane::gen::yaml

#endif  // COCOPLANE_GEN_TRUSTEE_YAML_WRITER_H_
