#include "gen/trustee/yaml_writer.h"

#include <array>
#include <cstdio>
#include <utility>

#include "base/strings.h"

namespace cocoplane::gen::yaml {
namespace {

std::string Spaces(int n) { return std::string(static_cast<size_t>(n), ' '); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// Words YAML 1.1 resolvers (yaml-cpp, and go-yaml v2 used by some tools)
// read as booleans or null; they must be quoted to stay strings.
bool IsReservedWord(std::string_view s) {
  static constexpr std::array<std::string_view, 9> kWords = {"true", "false", "yes", "no",  "on",
                                                             "off",  "y",     "n",   "null"};
  for (std::string_view w : kWords) {
    if (EqualsIgnoreCase(s, w)) return true;
  }
  return false;
}

bool IsPlainSafe(std::string_view s) {
  if (s.empty() || IsReservedWord(s)) return false;
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  char first = s.front();
  if (!alpha(first) && first != '_' && first != '/' && first != '.') return false;
  for (char c : s) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '/' && c != '-') {
      return false;
    }
  }
  return true;
}

// Byte length of the character at `i` if YAML 1.2 §5.1 forbids it raw
// (C0 controls other than tab and newline, DEL, C1 controls, U+2028/U+2029,
// the BOM), else 0.
size_t NonPrintableLength(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c = at(0);
  if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return 1;
  if (c == 0xC2 && at(1) >= 0x80 && at(1) <= 0x9F) return 2;
  if (c == 0xE2 && at(1) == 0x80 && (at(2) == 0xA8 || at(2) == 0xA9)) return 3;
  if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return 3;
  return 0;
}

// The code point of a NonPrintableLength() sequence, for a \u escape.
unsigned CodePoint(std::string_view s, size_t i, size_t len) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (len == 1) return at(0);
  if (len == 2) return ((at(0) & 0x1Fu) << 6) | (at(1) & 0x3Fu);
  return ((at(0) & 0x0Fu) << 12) | ((at(1) & 0x3Fu) << 6) | (at(2) & 0x3Fu);
}

bool IsPrintable(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    // Printable ASCII, the common case, needs no closer look.
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) continue;
    if (NonPrintableLength(s, i) != 0) return false;
  }
  return true;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (size_t len = NonPrintableLength(s, i); len != 0) {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04X", CodePoint(s, i, len));
      out += buf;
      i += len - 1;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

// Calls `fn` with each line of `s` (without its LF), the last one too
// when it is empty; stops early when `fn` returns false.
template <typename Fn>
void ForEachLine(std::string_view s, Fn fn) {
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      fn(s.substr(start));
      return;
    }
    if (!fn(s.substr(start, nl - start))) return;
    start = nl + 1;
  }
}

// A literal block keeps text byte for byte only if every character is
// printable, no line ends in blanks (invisible, and fragile under editors)
// and some line has content to detect the indentation from.
bool IsBlockSafe(std::string_view s) {
  if (s.find('\n') == std::string_view::npos || !IsValidUtf8(s)) return false;
  if (!IsPrintable(s)) return false;
  bool has_content = false;
  bool trailing_blank = false;
  ForEachLine(s, [&](std::string_view line) {
    trailing_blank = !line.empty() && (line.back() == ' ' || line.back() == '\t');
    if (!line.empty()) has_content = true;
    return !trailing_blank;
  });
  return has_content && !trailing_blank;
}

// "|" header plus lines indented by `indent`. The chomping indicator keeps
// the exact number of trailing newlines; an indentation indicator is needed
// when the first line with content starts with a space.
void EmitBlock(std::string_view s, int indent, std::string* out) {
  size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  std::string_view body = s.substr(0, s.size() - trailing);
  *out += "|";
  ForEachLine(body, [&](std::string_view line) {
    if (line.empty()) return true;
    if (line.front() == ' ') *out += "2";
    return false;
  });
  *out += trailing == 0 ? "-" : trailing == 1 ? "" : "+";
  *out += "\n";
  out->reserve(out->size() + body.size() + (body.size() / 16 + 1) * static_cast<size_t>(indent));
  ForEachLine(body, [&](std::string_view line) {
    if (!line.empty()) out->append(static_cast<size_t>(indent), ' ').append(line);
    *out += "\n";
    return true;
  });
  for (size_t i = 1; i < trailing; ++i) *out += "\n";
}

std::string ScalarText(const YamlNode& node) {
  if (node.kind() != YamlNode::Kind::kString) return node.scalar();
  return IsPlainSafe(node.scalar()) ? node.scalar() : Quote(node.scalar());
}

bool IsScalar(const YamlNode& node) {
  return node.kind() != YamlNode::Kind::kMap && node.kind() != YamlNode::Kind::kList;
}

void EmitMapBody(const YamlNode& map, int indent, std::string* out);
void EmitListBody(const YamlNode& list, int indent, std::string* out);

// Writes what follows "key:" — a scalar on the same line, or a nested block.
void EmitValue(const YamlNode& value, int indent, std::string* out) {
  if (value.kind() == YamlNode::Kind::kString && IsBlockSafe(value.scalar())) {
    *out += " ";
    EmitBlock(value.scalar(), indent + 2, out);
  } else if (IsScalar(value)) {
    *out += " " + ScalarText(value) + "\n";
  } else if (value.children().empty()) {
    *out += value.kind() == YamlNode::Kind::kMap ? " {}\n" : " []\n";
  } else if (value.kind() == YamlNode::Kind::kMap) {
    *out += "\n";
    EmitMapBody(value, indent + 2, out);
  } else {
    *out += "\n";
    EmitListBody(value, indent + 2, out);
  }
}

void EmitMapBody(const YamlNode& map, int indent, std::string* out) {
  for (size_t i = 0; i < map.keys().size(); ++i) {
    *out += Spaces(indent) + (IsPlainSafe(map.keys()[i]) ? map.keys()[i] : Quote(map.keys()[i]));
    *out += ":";
    EmitValue(map.children()[i], indent, out);
  }
}

// "- item". A non-empty map starts on the dash line (compact form); block
// strings in lists are double-quoted to avoid indentation-indicator rules
// for sequence entries.
void EmitListBody(const YamlNode& list, int indent, std::string* out) {
  for (const YamlNode& item : list.children()) {
    if (IsScalar(item)) {
      const std::string& s = item.scalar();
      bool quote = item.kind() == YamlNode::Kind::kString && !IsPlainSafe(s);
      *out += Spaces(indent) + "- " + (quote ? Quote(s) : s) + "\n";
    } else if (item.children().empty()) {
      *out += Spaces(indent) + (item.kind() == YamlNode::Kind::kMap ? "- {}\n" : "- []\n");
    } else if (item.kind() == YamlNode::Kind::kMap) {
      std::string body;
      EmitMapBody(item, indent + 2, &body);
      *out += Spaces(indent) + "- " + body.substr(static_cast<size_t>(indent) + 2);
    } else {
      *out += Spaces(indent) + "-\n";
      EmitListBody(item, indent + 2, out);
    }
  }
}

}  // namespace

YamlNode YamlNode::String(std::string_view value) {
  YamlNode node(Kind::kString);
  node.scalar_ = std::string(value);
  return node;
}

YamlNode YamlNode::Bool(bool value) {
  YamlNode node(Kind::kBool);
  node.scalar_ = value ? "true" : "false";
  return node;
}

YamlNode YamlNode::Int(int64_t value) {
  YamlNode node(Kind::kInt);
  node.scalar_ = std::to_string(value);
  return node;
}

YamlNode YamlNode::Map() { return YamlNode(Kind::kMap); }
YamlNode YamlNode::List() { return YamlNode(Kind::kList); }

YamlNode& YamlNode::Set(std::string_view key, YamlNode value) {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) {
      children_[i] = std::move(value);
      return *this;
    }
  }
  keys_.emplace_back(key);
  children_.push_back(std::move(value));
  return *this;
}

YamlNode& YamlNode::Append(YamlNode value) {
  children_.push_back(std::move(value));
  return *this;
}

std::string EmitDocument(const YamlNode& root) {
  std::string out;
  if (root.kind() == YamlNode::Kind::kMap && !root.children().empty()) {
    EmitMapBody(root, 0, &out);
  } else if (root.kind() == YamlNode::Kind::kList && !root.children().empty()) {
    EmitListBody(root, 0, &out);
  } else if (IsScalar(root)) {
    out = ScalarText(root) + "\n";
  } else {
    out = root.kind() == YamlNode::Kind::kMap ? "{}\n" : "[]\n";
  }
  return out;
}

std::string EmitStream(const std::vector<YamlNode>& documents) {
  std::string out;
  for (const YamlNode& doc : documents) out += "---\n" + EmitDocument(doc);
  return out;
}

}  // namespace cocoplane::gen::yaml
