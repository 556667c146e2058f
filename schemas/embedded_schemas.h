// The JSON Schemas of schemas/*.schema.json, compiled into the binary.
#ifndef COCOPLANE_SCHEMAS_EMBEDDED_SCHEMAS_H_
#define COCOPLANE_SCHEMAS_EMBEDDED_SCHEMAS_H_

#include <span>
#include <string_view>

namespace cocoplane {

struct EmbeddedSchema {
  // File name, e.g. "workload.schema.json".
  std::string_view file;
  std::string_view text;
};

// Every embedded schema, sorted by file name. Static storage; never fails.
std::span<const EmbeddedSchema> EmbeddedSchemas();

}  // namespace cocoplane

#endif  // COCOPLANE_SCHEMAS_EMBEDDED_SCHEMAS_H_
