// SchemaRegistry: the embedded JSON Schemas, parsed once, plus a walker
// that finds the subschema describing a document node (for messages: the
// allowed values, the description, the known property names).
//
// Internal to cp_model's schema checks. Immutable after first use; safe to
// read from any thread.
#ifndef COCOPLANE_MODEL_SCHEMA_REGISTRY_H_
#define COCOPLANE_MODEL_SCHEMA_REGISTRY_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace valijson {
class Schema;
}

namespace cocoplane::model {

// A place inside one of the schema documents.
struct SchemaNode {
  const nlohmann::json* node = nullptr;
  // The schema file `node` lives in, for resolving its "$ref"s: the
  // registry's own name of it (SchemaRegistry::Find), or a name that
  // outlives the SchemaNode.
  std::string_view file;

  explicit operator bool() const { return node != nullptr; }
};

class SchemaRegistry {
 public:
  // The process-wide registry, built on first use (thread-safe static).
  static const SchemaRegistry& Get();

  ~SchemaRegistry();

  // The compiled schema of `kind`, or nullptr when it failed to compile.
  const valijson::Schema* Compiled(std::string_view kind) const;
  // The parsed JSON of a schema file ("common.schema.json"), or nullptr.
  const nlohmann::json* Document(std::string_view file) const;
  // The registry's name of `file` (a view as long-lived as the registry)
  // and its parsed JSON; {"", nullptr} when there is no such file.
  std::pair<std::string_view, const nlohmann::json*> Find(std::string_view file) const;
  // Where the "$ref" of `node`, a node of one of the registry's documents,
  // leads (one hop; an empty SchemaNode when it does not resolve), or
  // nullptr when `node` is not such a node or has no "$ref". Resolved once,
  // at construction: walking a document node by node follows thousands.
  const SchemaNode* Ref(const nlohmann::json* node) const;
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  SchemaRegistry();

  std::map<std::string, nlohmann::json, std::less<>> documents_;
  std::map<std::string, std::unique_ptr<valijson::Schema>, std::less<>> compiled_;
  std::unordered_map<const nlohmann::json*, SchemaNode> refs_;
  std::vector<std::string> errors_;
};

// The root schema of `kind`.
SchemaNode KindSchema(std::string_view kind);

// Follows "$ref" (local "#/definitions/x" or "common.schema.json#/...")
// until a node without one.
SchemaNode Deref(SchemaNode node);

// The subschema for a member `key` of an object (properties, then
// additionalProperties) or, with `is_index`, for an array item.
SchemaNode ChildSchema(SchemaNode node, std::string_view key, bool is_index);

// The description at `node`, or the one its "$ref" leads to; "" if none.
std::string DescriptionOf(SchemaNode node);

// The property names an object schema declares, sorted.
std::vector<std::string> PropertyNames(SchemaNode node);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_SCHEMA_REGISTRY_H_
