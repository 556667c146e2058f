// Turns one valijson error into a diagnostic with a position, a plain
// message and a hint. Internal to cp_model's schema checks.
#ifndef COCOPLANE_MODEL_SCHEMA_ERRORS_H_
#define COCOPLANE_MODEL_SCHEMA_ERRORS_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/schema_registry.h"
#include "model/source_document.h"

namespace cocoplane::model {

// A document node as a path: its JSON Pointer, and each step with whether
// it indexes an array.
struct NodePath {
  struct Step {
    std::string key;
    bool is_index = false;
  };
  std::string pointer;
  std::vector<Step> steps;

  // "spec.secrets[1]"; "the document" for the root.
  std::string Display() const;
  // The subschema describing this node in `kind`'s schema.
  SchemaNode Schema(std::string_view kind) const;
};

// Emits the diagnostic for valijson's `description` about the node at
// `path`. Wrapper errors ("Failed to validate against schema associated
// with property ...") must have been filtered out by the caller.
void ReportSchemaError(const SourceDocument& doc, std::string_view kind, const NodePath& path,
                       const std::string& description, DiagnosticSink& sink);

// Reports keys of maps whose schema has "propertyNames" that do not match
// it (valijson checks propertyNames but records no error for it).
void CheckPropertyNames(const SourceDocument& doc, std::string_view kind, DiagnosticSink& sink);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_SCHEMA_ERRORS_H_
