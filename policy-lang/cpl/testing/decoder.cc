#include "cpl/testing/decoder.h"

#include <algorithm>

#include "base/strings.h"

namespace cocoplane::cpl::testing::internal {

using nlohmann::json;

Node Node::Child(std::string_view key) const {
  Node out{doc, model::AppendPointer(pointer, key), nullptr};
  if (is_mapping()) {
    auto it = value->find(key);
    if (it != value->end()) out.value = &*it;
  }
  return out;
}

std::vector<Node> Node::Items() const {
  std::vector<Node> out;
  if (value == nullptr || !value->is_array()) return out;
  for (size_t i = 0; i < value->size(); ++i) {
    out.push_back({doc, pointer + "/" + std::to_string(i), &(*value)[i]});
  }
  return out;
}

Node Root(const model::SourceDocument& doc) { return {&doc, "", &doc.value}; }

std::string_view JsonTypeNoun(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "a mapping";
    case json::value_t::array:
      return "a list";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    case json::value_t::null:
      return "null";
    default:
      return "a value";
  }
}

std::string LastToken(std::string_view pointer) {
  size_t slash = pointer.rfind('/');
  std::string_view raw = slash == std::string_view::npos ? pointer : pointer.substr(slash + 1);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '~' && i + 1 < raw.size()) {
      out += raw[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += raw[i];
    }
  }
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string close = ClosestMatch(word, candidates);
  return close.empty() ? "" : "did you mean `" + close + "`?";
}

void Decoder::Report(DiagKind kind, const Location& at, std::string message, std::string hint) {
  sink_.Emit(kind, at, std::move(message), std::move(hint));
}

void Decoder::CheckKeys(const Node& mapping, std::initializer_list<std::string_view> known,
                        std::string_view what) {
  if (!mapping.is_mapping()) return;
  std::vector<std::string> names(known.begin(), known.end());
  for (const auto& [key, value] : mapping.value->items()) {
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string hint = DidYouMean(key, names);
    if (hint.empty()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      hint = "the keys of " + std::string(what) + " are: " + list;
    }
    Report(DiagKind::kTestUnknownKey, mapping.Child(key).key_at(),
           "unknown key `" + key + "` in " + std::string(what), hint);
  }
}

bool Decoder::ExpectMapping(const Node& node, std::string_view what) {
  if (node.is_mapping()) return true;
  Report(DiagKind::kTestWrongType, node.at(),
         std::string(what) + " must be a mapping, not " + std::string(JsonTypeNoun(*node.value)));
  return false;
}

bool Decoder::Require(const Node& parent, const Node& node, std::string_view what,
                      std::string_view hint) {
  if (node.present()) return true;
  Report(DiagKind::kTestMissingKey, parent.at(),
         "`" + LastToken(node.pointer) + "` is missing from " + std::string(what),
         std::string(hint));
  return false;
}

std::optional<std::string> Decoder::String(const Node& node, std::string_view what) {
  if (node.value->is_string()) return node.value->get<std::string>();
  Report(DiagKind::kTestWrongType, node.at(),
         std::string(what) + " must be a string, not " + std::string(JsonTypeNoun(*node.value)),
         node.value->is_number() || node.value->is_boolean() ? "quote the value" : "");
  return std::nullopt;
}

std::optional<int64_t> Decoder::Integer(const Node& node, std::string_view what, int64_t min,
                                        int64_t max) {
  if (!node.value->is_number_integer()) {
    Report(
        DiagKind::kTestWrongType, node.at(),
        std::string(what) + " must be an integer, not " + std::string(JsonTypeNoun(*node.value)));
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX read back as negative; reject them too.
  if (node.value->is_number_unsigned() &&
      node.value->get<uint64_t>() > static_cast<uint64_t>(max)) {
    Report(DiagKind::kTestBadValue, node.at(),
           std::string(what) + " must be between " + std::to_string(min) + " and " +
               std::to_string(max));
    return std::nullopt;
  }
  int64_t v = node.value->get<int64_t>();
  if (v < min || v > max) {
    Report(DiagKind::kTestBadValue, node.at(),
           std::string(what) + " must be between " + std::to_string(min) + " and " +
               std::to_string(max) + ", not " + std::to_string(v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Decoder::Bool(const Node& node, std::string_view what) {
  if (node.value->is_boolean()) return node.value->get<bool>();
  Report(
      DiagKind::kTestWrongType, node.at(),
      std::string(what) + " must be true or false, not " + std::string(JsonTypeNoun(*node.value)));
  return std::nullopt;
}

}  // namespace cocoplane::cpl::testing::internal
