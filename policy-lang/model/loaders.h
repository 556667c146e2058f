// Loaders: the bytes of one file -> positioned documents, or diagnostics.
//
// Each loader is the adapter for one third-party parser (yaml-cpp, nlohmann,
// toml++). It catches every exception that parser throws; nothing escapes.
// The caller has already checked the bytes (file_checks.h): at most
// kMaxFileBytes, valid UTF-8, no NUL byte, not blank.
//
// On a syntax error or a crossed limit the loader emits the diagnostic with
// the file:line:col of the problem and returns what it could load before it
// (YAML: the complete documents before the broken one).
//
// Pure functions; safe to call from several threads with separate sinks.
#ifndef COCOPLANE_MODEL_LOADERS_H_
#define COCOPLANE_MODEL_LOADERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/source_document.h"

namespace cocoplane::model {

// Every non-empty document of a (multi-document) YAML file. Plain scalars
// are typed by the YAML 1.2 core schema (so `yes` and `on` stay strings).
// Null documents (e.g. a trailing "---") are skipped.
std::vector<SourceDocument> LoadYaml(const std::string& file, std::string_view text,
                                     DiagnosticSink& sink);

// The single document of a JSON file, or nullopt after an error (CP1003,
// CP1009, CP1010, CP1012, CP1015).
std::optional<SourceDocument> LoadJson(const std::string& file, std::string_view text,
                                       DiagnosticSink& sink);

// Checks that a TOML file parses (CP1002) and is not nested too deeply
// (CP1009). Returns true when it is usable.
bool CheckToml(const std::string& file, std::string_view text, DiagnosticSink& sink);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_LOADERS_H_
