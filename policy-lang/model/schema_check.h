// Schema checks: every document against schemas/<kind>.schema.json.
//
// The schemas are compiled into the binary (cp_schemas) and parsed once per
// process. Validation runs through valijson's nlohmann adapter; each
// valijson error is turned into a diagnostic at the file:line:col of the
// offending node (a missing property: the mapping that lacks it; a wrong
// type or value: the value; an unknown property: its key), with the
// schema's description as the hint and "did you mean" for near misses.
//
// Internal to cp_model. Thread-safe: the compiled schemas are immutable and
// each thread validates with its own valijson::Validator.
#ifndef COCOPLANE_MODEL_SCHEMA_CHECK_H_
#define COCOPLANE_MODEL_SCHEMA_CHECK_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/source_document.h"

namespace cocoplane::model {

// The document kinds ("Cluster", "TrusteeProfile", ...), in README order.
std::span<const std::string_view> KnownKinds();

// "Workload" -> "workload.schema.json".
std::string SchemaFileFor(std::string_view kind);

// Validates `doc` against the schema of `kind` (one of KnownKinds()).
// Emits CP2005-CP2013 and CP2017; returns true when the document is valid.
bool ValidateAgainstSchema(const SourceDocument& doc, std::string_view kind, DiagnosticSink& sink);

// Problems met while compiling the embedded schemas, one message each;
// empty when every schema compiled. Tests assert it is empty.
const std::vector<std::string>& SchemaLoadErrors();

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_SCHEMA_CHECK_H_
