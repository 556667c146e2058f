#include "model/tree_builder.h"

#include "model/limits.h"

namespace cocoplane::model {

void TreeBuilder::StartDocument(Location start) {
  doc_ = SourceDocument{};
  doc_.file = file_;
  doc_.index = static_cast<int>(documents_started_++);
  doc_.start = std::move(start);
  stack_.clear();
  anchors_.clear();
  nodes_ = 0;
  abandoned_ = false;
}

std::optional<SourceDocument> TreeBuilder::FinishDocument() {
  if (abandoned_ || doc_.value.is_null()) return std::nullopt;
  return std::move(doc_);
}

TreeBuilder::Slot TreeBuilder::Place() {
  if (stack_.empty()) return {&doc_.value, "", {}, false};
  Frame& top = stack_.back();
  if (!top.is_map) {
    if (!top.node) return {};
    top.node->push_back(nullptr);
    return {&top.node->back(),
            AppendPointer(top.pointer, std::to_string(top.node->size() - 1)),
            {},
            false};
  }
  if (top.expect_key) {
    top.expect_key = false;
    Slot key;
    key.is_key = true;
    return key;
  }
  top.expect_key = true;
  if (!top.node || top.discard_value) {
    top.discard_value = false;
    return {};
  }
  if (top.node->contains(top.key)) {
    // YAML 1.2 and RFC 8259 both say keys should be unique; silently keeping
    // one of two values would hide a mistake, so report it and keep the first.
    Location first = doc_.KeyLocation(AppendPointer(top.pointer, top.key));
    sink_.Emit(
        DiagKind::kDuplicateKey, top.key_location,
        "duplicate key \"" + top.key + "\" (first at line " + std::to_string(first.line) + ")",
        "remove one of the two entries");
    return {};
  }
  nlohmann::json& value = (*top.node)[top.key];
  return {&value, AppendPointer(top.pointer, top.key), top.key_location, false};
}

bool TreeBuilder::CountNodes(const Location& at, size_t n) {
  nodes_ += n;
  if (nodes_ <= kMaxNodes) return true;
  sink_.Emit(
      DiagKind::kTooManyNodes, at,
      "document has more than " + std::to_string(kMaxNodes) + " nodes (after expanding aliases)",
      "split the document, or use fewer aliases; a YAML alias bomb stops here");
  abandoned_ = true;
  return false;
}

bool TreeBuilder::CheckString(const Location& at, std::string_view s) {
  if (s.size() <= kMaxStringBytes) return true;
  sink_.Emit(DiagKind::kStringTooLong, at,
             "string of " + std::to_string(s.size()) + " bytes; the limit is " +
                 std::to_string(kMaxStringBytes),
             "keep long content in a separate file and reference its path");
  abandoned_ = true;
  return false;
}

void TreeBuilder::TakeKey(const Location& at, std::string_view raw) {
  Frame& top = stack_.back();
  top.key = std::string(raw);
  top.key_location = at;
}

void TreeBuilder::RejectKey(const Location& at, const std::string& what) {
  sink_.Emit(DiagKind::kUnsupportedYaml, at, what + " cannot be a mapping key",
             "use a plain string as the key");
  stack_.back().discard_value = true;
}

void TreeBuilder::Record(const Slot& slot, const Location& at) {
  NodePosition& pos = doc_.positions[slot.pointer];
  pos.value = at;
  pos.key = slot.key_location;
}

void TreeBuilder::RegisterAnchor(AnchorId anchor, const Slot& slot, size_t nodes, bool complete) {
  if (anchor == 0) return;
  anchors_[anchor] = Anchor{slot.pointer, nodes, complete, slot.target == nullptr};
}

bool TreeBuilder::Scalar(const Location& at, std::string_view raw, nlohmann::json value,
                         AnchorId anchor) {
  if (!CountNodes(at, 1) || !CheckString(at, raw)) return false;
  Slot slot = Place();
  if (slot.is_key) {
    TakeKey(at, raw);
    return true;
  }
  if (slot.target) {
    *slot.target = std::move(value);
    Record(slot, at);
  }
  RegisterAnchor(anchor, slot, 1, true);
  return true;
}

bool TreeBuilder::Null(const Location& at, AnchorId anchor) {
  if (!CountNodes(at, 1)) return false;
  Slot slot = Place();
  if (slot.is_key) {
    RejectKey(at, "a null");
    return true;
  }
  if (slot.target) Record(slot, at);
  RegisterAnchor(anchor, slot, 1, true);
  return true;
}

bool TreeBuilder::Alias(const Location& at, AnchorId anchor) {
  Slot slot = Place();
  if (slot.is_key) {
    RejectKey(at, "an alias");
    return true;
  }
  auto it = anchors_.find(anchor);
  if (it == anchors_.end() || !it->second.complete) {
    // The YAML loader rejects unknown anchors; an incomplete one is an alias
    // inside the node it names, which would expand forever.
    sink_.Emit(DiagKind::kUnsupportedYaml, at, "alias refers to a node that contains it",
               "a YAML alias cannot be recursive");
    return true;
  }
  // Check the budget before copying: this is what keeps an alias bomb from
  // ever being expanded.
  if (!CountNodes(at, it->second.nodes)) return false;
  if (!slot.target) return true;
  if (!it->second.discarded) {
    const nlohmann::json* source = ResolvePointer(doc_.value, it->second.pointer);
    if (source) *slot.target = nlohmann::json(*source);
  }
  Record(slot, at);
  return true;
}

bool TreeBuilder::BeginCollection(const Location& at, bool is_map, AnchorId anchor) {
  if (stack_.size() >= kMaxDepth) {
    sink_.Emit(DiagKind::kNestingTooDeep, at,
               "nesting deeper than " + std::to_string(kMaxDepth) + " levels",
               "flatten the document; no desired-state kind needs this depth");
    abandoned_ = true;
    return false;
  }
  if (!CountNodes(at, 1)) return false;
  Slot slot = Place();
  Frame frame;
  frame.is_map = is_map;
  frame.anchor = anchor;
  frame.nodes_at_start = nodes_;
  if (slot.is_key) {
    RejectKey(at, is_map ? "a mapping" : "a sequence");
  } else if (slot.target) {
    *slot.target = is_map ? nlohmann::json::object() : nlohmann::json::array();
    Record(slot, at);
    frame.node = slot.target;
    frame.pointer = slot.pointer;
  }
  RegisterAnchor(anchor, slot, 0, false);
  stack_.push_back(std::move(frame));
  return true;
}

void TreeBuilder::EndCollection() {
  if (stack_.empty()) return;
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  if (frame.anchor == 0) return;
  auto it = anchors_.find(frame.anchor);
  if (it == anchors_.end()) return;
  it->second.complete = true;
  // +1: the collection node itself was counted before nodes_at_start.
  it->second.nodes = nodes_ - frame.nodes_at_start + 1;
}

void TreeBuilder::UnsupportedTag(const Location& at, std::string_view tag) {
  sink_.Emit(DiagKind::kUnsupportedYaml, at, "tag \"" + std::string(tag) + "\" is not supported",
             "remove the tag; values are typed by the schema");
}

}  // namespace cocoplane::model
