// TreeBuilder: turns a stream of parse events into SourceDocuments, with a
// position for every node, while enforcing the loader limits (limits.h).
//
// Both loaders feed it: the YAML loader from libyaml's events, the JSON
// loader from its own token walk. Events come in document order; inside a
// mapping, nodes alternate key, value, key, value (as in YAML's event model).
//
// Every event method returns false when the input crossed a limit (depth,
// node count, string length); the diagnostic has been emitted and the caller
// must stop feeding this document. Other mistakes (duplicate or complex keys,
// unsupported tags) are reported and parsing goes on.
//
// Not thread-safe; one builder per file.
#ifndef COCOPLANE_MODEL_TREE_BUILDER_H_
#define COCOPLANE_MODEL_TREE_BUILDER_H_

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/source_document.h"

namespace cocoplane::model {

class TreeBuilder {
 public:
  // Anchor ids as the YAML parser numbers them; 0 means "no anchor".
  using AnchorId = size_t;

  TreeBuilder(std::string file, DiagnosticSink& sink) : file_(std::move(file)), sink_(sink) {}

  void StartDocument(Location start);
  // Returns the finished document, or nullopt when it was empty (a null
  // root) or abandoned after an error that makes its content untrustworthy.
  std::optional<SourceDocument> FinishDocument();

  // A scalar. `raw` is its text as written (used when it is a mapping key);
  // `value` its typed value.
  bool Scalar(const Location& at, std::string_view raw, nlohmann::json value, AnchorId anchor);
  // An explicit or implicit null ("~", "null", or nothing after "key:").
  bool Null(const Location& at, AnchorId anchor);
  // A YAML alias: a copy of the anchored node.
  bool Alias(const Location& at, AnchorId anchor);
  bool BeginCollection(const Location& at, bool is_map, AnchorId anchor);
  void EndCollection();

  // Reports a YAML tag the builder does not understand (e.g. "!vault");
  // parsing goes on and the node keeps its text.
  void UnsupportedTag(const Location& at, std::string_view tag);

 private:
  struct Frame {
    // Null when the collection's content is being discarded (e.g. it is a
    // complex key or the value of a duplicate key).
    nlohmann::json* node = nullptr;
    std::string pointer;
    bool is_map = false;
    bool expect_key = true;
    bool discard_value = false;
    std::string key;
    Location key_location;
    AnchorId anchor = 0;
    size_t nodes_at_start = 0;
  };
  struct Slot {
    nlohmann::json* target = nullptr;
    std::string pointer;
    Location key_location;
    bool is_key = false;
  };
  struct Anchor {
    std::string pointer;
    size_t nodes = 0;
    bool complete = false;
    bool discarded = false;
  };

  Slot Place();
  bool CountNodes(const Location& at, size_t n);
  bool CheckString(const Location& at, std::string_view s);
  void TakeKey(const Location& at, std::string_view raw);
  void RejectKey(const Location& at, const std::string& what);
  void Record(const Slot& slot, const Location& at);
  void RegisterAnchor(AnchorId anchor, const Slot& slot, size_t nodes, bool complete);

  std::string file_;
  DiagnosticSink& sink_;
  SourceDocument doc_;
  std::vector<Frame> stack_;
  std::map<AnchorId, Anchor> anchors_;
  size_t nodes_ = 0;
  size_t documents_started_ = 0;
  bool abandoned_ = false;
};

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_TREE_BUILDER_H_
