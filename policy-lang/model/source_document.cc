#include "model/source_document.h"

#include <charconv>

namespace cocoplane::model {

std::string AppendPointer(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view ParentPointer(std::string_view pointer) {
  size_t slash = pointer.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : pointer.substr(0, slash);
}

const nlohmann::json* ResolvePointer(const nlohmann::json& root, std::string_view pointer) {
  const nlohmann::json* node = &root;
  size_t start = 0;
  while (start < pointer.size()) {
    size_t next = pointer.find('/', start + 1);
    std::string_view raw =
        pointer.substr(start + 1, next == std::string_view::npos ? next : next - start - 1);
    std::string key;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size()) {
        key += raw[++i] == '1' ? '/' : '~';
      } else {
        key += raw[i];
      }
    }
    if (node->is_object()) {
      auto it = node->find(key);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
      if (ec != std::errc() || end != key.data() + key.size() || index >= node->size()) {
        return nullptr;
      }
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    if (next == std::string_view::npos) break;
    start = next;
  }
  return node;
}

Location SourceDocument::ValueLocation(std::string_view pointer) const {
  // Walk up until a node with a recorded position: alias copies and values
  // filled in by defaults have none of their own.
  while (true) {
    auto it = positions.find(pointer);
    if (it != positions.end() && it->second.value.has_position()) return it->second.value;
    if (pointer.empty()) return start;
    pointer = ParentPointer(pointer);
  }
}

Location SourceDocument::KeyLocation(std::string_view pointer) const {
  auto it = positions.find(pointer);
  if (it != positions.end() && it->second.key.has_position()) return it->second.key;
  return ValueLocation(pointer);
}

}  // namespace cocoplane::model
