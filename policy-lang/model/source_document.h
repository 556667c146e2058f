// SourceDocument: one parsed desired-state document with the position of
// every node in its file.
//
// The YAML and JSON loaders produce these; schema validation and decoding
// read them. The value is a plain nlohmann::json tree (so valijson can
// validate it); positions live in a side table keyed by JSON Pointer
// (RFC 6901: "/spec/secrets/0"), one entry per node the file spelled out.
// Nodes copied in by a YAML alias have no entry of their own: a look-up
// falls back to the closest ancestor that has one (the alias itself).
//
// Internal to cp_model (it exposes nlohmann). Not thread-safe to mutate;
// const access from several threads is fine.
#ifndef COCOPLANE_MODEL_SOURCE_DOCUMENT_H_
#define COCOPLANE_MODEL_SOURCE_DOCUMENT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/location.h"

namespace cocoplane::model {

struct NodePosition {
  // Where the value starts (for a block mapping: its first key).
  Location value;
  // Where its key starts, when the node is the value of a mapping entry.
  Location key;
};

struct SourceDocument {
  // Repository-relative path of the file.
  std::string file;
  // 0-based index of the document within the text parsed: the file, or
  // for LoadYamlPiece the piece of it.
  int index = 0;
  // Where the document starts (the "---" line or the first node).
  Location start;
  nlohmann::json value;
  std::map<std::string, NodePosition, std::less<>> positions;

  // The value's position; falls back to the nearest ancestor, then `start`.
  Location ValueLocation(std::string_view pointer) const;
  // The key's position if the node is a mapping value, else ValueLocation.
  Location KeyLocation(std::string_view pointer) const;
};

// Appends one escaped reference token to a JSON Pointer: "/a" + "b/c" ->
// "/a/b~1c".
std::string AppendPointer(std::string_view pointer, std::string_view token);

// The pointer of the parent node ("" for a top-level member or the root).
std::string_view ParentPointer(std::string_view pointer);

// The node `pointer` names under `root`, or nullptr when there is none.
// Never throws (nlohmann::json_pointer does on malformed input): a pointer
// that does not resolve is simply absent.
const nlohmann::json* ResolvePointer(const nlohmann::json& root, std::string_view pointer);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_SOURCE_DOCUMENT_H_
