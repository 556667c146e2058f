#include "model/schema_check.h"

#include <cctype>
#include <set>
#include <tuple>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "model/schema_errors.h"
#include "model/schema_registry.h"

namespace cocoplane::model {
namespace {

constexpr std::string_view kKinds[] = {"Cluster",        "TrusteeProfile", "NodePool",
                                       "Workload",       "ImagePolicy",    "KbsResource",
                                       "ReferenceValues"};

// valijson reports a failure at every level above the real one ("Failed to
// validate against schema associated with property name 'spec'"). Those add
// nothing but noise; the leaf error is reported on its own.
bool IsWrapper(const std::string& description) {
  static constexpr std::string_view kWrappers[] = {
      "Failed to validate against schema associated with property name",
      "Failed to validate item #",
      "Failed to validate against child schema #",
      "Failed to validate against a conditional schema",
      "Failed to validate against additional properties schema",
      "Failed to validate against schema associated with pattern",
  };
  for (std::string_view prefix : kWrappers) {
    if (description.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// valijson's context is {"<root>", "[spec]", "[secrets]", "[0]"}; whether a
// step is an array index is decided by the document itself.
NodePath ToNodePath(const nlohmann::json& root, const std::vector<std::string>& context) {
  NodePath path;
  const nlohmann::json* node = &root;
  for (size_t i = 1; i < context.size(); ++i) {
    const std::string& step = context[i];
    if (step.size() < 2 || step.front() != '[' || step.back() != ']') break;
    std::string key = step.substr(1, step.size() - 2);
    bool is_index = node && node->is_array();
    path.pointer = AppendPointer(path.pointer, key);
    path.steps.push_back({key, is_index});
    if (!node) continue;
    if (is_index) {
      size_t index = std::strtoul(key.c_str(), nullptr, 10);
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else if (node->is_object() && node->contains(key)) {
      node = &node->at(key);
    } else {
      node = nullptr;
    }
  }
  return path;
}

}  // namespace

std::span<const std::string_view> KnownKinds() { return kKinds; }

std::string SchemaFileFor(std::string_view kind) {
  std::string file;
  for (char c : kind) file += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return file + ".schema.json";
}

const std::vector<std::string>& SchemaLoadErrors() { return SchemaRegistry::Get().errors(); }

bool ValidateAgainstSchema(const SourceDocument& doc, std::string_view kind, DiagnosticSink& sink) {
  size_t errors_before = sink.error_count();
  const valijson::Schema* schema = SchemaRegistry::Get().Compiled(kind);
  if (!schema) {
    // Every known kind has an embedded schema (SchemaTest); a kind without
    // one is a kind this build cannot check.
    sink.Emit(DiagKind::kUnknownKind, doc.start,
              "the schema for " + std::string(kind) + " is not available",
              "this is a bug in cocoplane; please report it");
    return false;
  }
  // One validator per thread: it caches compiled regexes, and compiling
  // them per document would dominate the cost of validation.
  thread_local valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc.value);
  validator.validate(*schema, target, &results);
  // valijson can report one problem twice (e.g. through allOf); report once.
  std::set<std::tuple<std::string, std::string>> seen;
  for (const auto& error : results) {
    if (IsWrapper(error.description)) continue;
    NodePath path = ToNodePath(doc.value, error.context);
    if (!seen.emplace(path.pointer, error.description).second) continue;
    ReportSchemaError(doc, kind, path, error.description, sink);
  }
  CheckPropertyNames(doc, kind, sink);
  return sink.error_count() == errors_before;
}

}  // namespace cocoplane::model
