#include "model/schema_registry.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>

#include "embedded_schemas.h"
#include "model/schema_check.h"

namespace cocoplane::model {
namespace {

// valijson resolves cross-file "$ref"s through plain function pointers, so
// the registry under construction is reached through this pointer. It is set
// only inside the constructor, which runs once under the static's lock.
const std::map<std::string, nlohmann::json, std::less<>>* g_documents = nullptr;

std::string_view FileOfUri(std::string_view uri) {
  std::string_view file = uri.substr(0, uri.find('#'));
  size_t slash = file.rfind('/');
  return slash == std::string_view::npos ? file : file.substr(slash + 1);
}

const nlohmann::json* FetchDocument(const std::string& uri) {
  auto it = g_documents->find(std::string(FileOfUri(uri)));
  return it == g_documents->end() ? nullptr : &it->second;
}

// Documents belong to the registry; valijson must not free them.
void FreeDocument(const nlohmann::json*) {}

// Where the "$ref" of `node` (in file `file`) leads, one hop: an empty
// SchemaNode when it does not resolve.
SchemaNode FollowRef(const SchemaRegistry& registry, const nlohmann::json& node,
                     std::string_view file) {
  const std::string& uri = node.at("$ref").get_ref<const std::string&>();
  size_t hash = uri.find('#');
  auto [name, doc] = registry.Find(hash == 0 ? file : FileOfUri(uri));
  if (!doc) return {};
  try {
    nlohmann::json::json_pointer pointer(hash == std::string::npos ? "" : uri.substr(hash + 1));
    if (!doc->contains(pointer)) return {};
    return SchemaNode{&doc->at(pointer), name};
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

bool HasRef(const nlohmann::json& node) {
  auto ref = node.find("$ref");
  return ref != node.end() && ref->is_string();
}

}  // namespace

SchemaRegistry::SchemaRegistry() {
  for (const EmbeddedSchema& schema : EmbeddedSchemas()) {
    nlohmann::json parsed = nlohmann::json::parse(schema.text, nullptr, false);
    if (parsed.is_discarded()) {
      errors_.push_back(std::string(schema.file) + ": not valid JSON");
      continue;
    }
    documents_.emplace(std::string(schema.file), std::move(parsed));
  }
  for (const auto& [file, document] : documents_) {
    std::vector<const nlohmann::json*> work{&document};
    while (!work.empty()) {
      const nlohmann::json* node = work.back();
      work.pop_back();
      if (node->is_object() && HasRef(*node)) refs_.emplace(node, FollowRef(*this, *node, file));
      if (node->is_structured()) {
        for (const auto& child : *node) work.push_back(&child);
      }
    }
  }
  g_documents = &documents_;
  for (std::string_view kind : KnownKinds()) {
    std::string file = SchemaFileFor(kind);
    auto it = documents_.find(file);
    if (it == documents_.end()) {
      errors_.push_back(file + ": missing");
      continue;
    }
    auto compiled = std::make_unique<valijson::Schema>();
    try {
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter adapter(it->second);
      parser.populateSchema(adapter, *compiled, FetchDocument, FreeDocument);
      compiled_.emplace(std::string(kind), std::move(compiled));
    } catch (const std::exception& e) {
      errors_.push_back(file + ": " + e.what());
    }
  }
  g_documents = nullptr;
}

SchemaRegistry::~SchemaRegistry() = default;

const SchemaRegistry& SchemaRegistry::Get() {
  static const SchemaRegistry* registry = new SchemaRegistry();
  return *registry;
}

const valijson::Schema* SchemaRegistry::Compiled(std::string_view kind) const {
  auto it = compiled_.find(kind);
  return it == compiled_.end() ? nullptr : it->second.get();
}

const nlohmann::json* SchemaRegistry::Document(std::string_view file) const {
  return Find(file).second;
}

std::pair<std::string_view, const nlohmann::json*> SchemaRegistry::Find(
    std::string_view file) const {
  auto it = documents_.find(file);
  if (it == documents_.end()) return {"", nullptr};
  return {it->first, &it->second};
}

const SchemaNode* SchemaRegistry::Ref(const nlohmann::json* node) const {
  auto it = refs_.find(node);
  return it == refs_.end() ? nullptr : &it->second;
}

SchemaNode KindSchema(std::string_view kind) {
  auto [name, doc] = SchemaRegistry::Get().Find(SchemaFileFor(kind));
  return SchemaNode{doc, name};
}

SchemaNode Deref(SchemaNode node) {
  const SchemaRegistry& registry = SchemaRegistry::Get();
  // Bounded: our schemas never chain more than two references.
  for (int hops = 0; node && hops < 8; ++hops) {
    if (const SchemaNode* known = registry.Ref(node.node)) {
      node = *known;
    } else if (node.node->is_object() && HasRef(*node.node)) {
      node = FollowRef(registry, *node.node, node.file);  // not a registry node
    } else {
      return node;
    }
  }
  return node;
}

SchemaNode ChildSchema(SchemaNode node, std::string_view key, bool is_index) {
  node = Deref(node);
  if (!node || !node.node->is_object()) return {};
  const nlohmann::json& schema = *node.node;
  if (is_index) {
    auto items = schema.find("items");
    if (items == schema.end() || !items->is_object()) return {};
    return SchemaNode{&*items, node.file};
  }
  auto properties = schema.find("properties");
  if (properties != schema.end()) {
    auto property = properties->find(key);
    if (property != properties->end()) return SchemaNode{&*property, node.file};
  }
  auto additional = schema.find("additionalProperties");
  if (additional != schema.end() && additional->is_object()) {
    return SchemaNode{&*additional, node.file};
  }
  return {};
}

std::string DescriptionOf(SchemaNode node) {
  for (int hops = 0; node && hops < 8; ++hops) {
    auto description = node.node->find("description");
    if (description != node.node->end() && description->is_string()) {
      return description->get<std::string>();
    }
    SchemaNode next = node.node->contains("$ref") ? Deref(node) : SchemaNode{};
    if (next.node == node.node) break;
    node = next;
  }
  return "";
}

std::vector<std::string> PropertyNames(SchemaNode node) {
  node = Deref(node);
  std::vector<std::string> names;
  if (!node || !node.node->contains("properties")) return names;
  for (const auto& [name, unused] : node.node->at("properties").items()) names.push_back(name);
  return names;
}

}  // namespace cocoplane::model
