// Loaders: the bytes of one file -> positioned documents, or diagnostics.
//
// Each loader is the adapter for one third-party parser (libyaml, nlohmann,
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

#include <cstdint>
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

// One document of a multi-document YAML file, cut out by SplitYamlDocuments
// so that the documents of a large file are parsed in parallel and cached
// one by one.
struct YamlPiece {
  // Starts at the first byte of a line.
  std::string_view text;
  // 0-based line of the file the piece starts at.
  uint32_t first_line = 0;
};

// Cuts `text` before every document start marker ("---" at the start of a
// line, followed by a blank or the line's end), where YAML itself ends the
// previous document: the marker ends even a block scalar, and libyaml
// refuses one inside a quoted scalar or a flow collection, as it refuses
// either left open at the end of a piece (so such a file fails to parse in
// pieces, and the caller parses it whole). Comments and blank lines before
// the first marker go with the first piece. The pieces' texts, in order,
// make up `text`. One piece, the whole text, when there would be more than
// kMaxYamlPieces (each piece costs a parser and a cache entry: a file of
// millions of empty documents must not cost gigabytes), when
// the file has directives ("%" lines) or document end markers ("..."), which
// tie documents together, or a single document.
inline constexpr size_t kMaxYamlPieces = 4096;
std::vector<YamlPiece> SplitYamlDocuments(std::string_view text);

// LoadYaml of one piece of `file`: positions are the file's, and a piece
// without a document is not reported (the file as a whole may have some).
// `clean` is set when the YAML layer reported nothing: no syntax error, no
// crossed limit, no warning. Only then are the pieces' results together
// the same as LoadYaml's of the whole file; otherwise the caller parses the
// file whole.
std::vector<SourceDocument> LoadYamlPiece(const std::string& file, const YamlPiece& piece,
                                          DiagnosticSink& sink, bool* clean);

// The single document of a JSON file, or nullopt after an error (CP1003,
// CP1009, CP1010, CP1012, CP1015).
std::optional<SourceDocument> LoadJson(const std::string& file, std::string_view text,
                                       DiagnosticSink& sink);

// Checks that a TOML file parses (CP1002) and is not nested too deeply
// (CP1009). Returns true when it is usable.
bool CheckToml(const std::string& file, std::string_view text, DiagnosticSink& sink);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_LOADERS_H_
