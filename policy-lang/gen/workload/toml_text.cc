#include "gen/workload/toml_text.h"

#include <cstdio>

#include "base/strings.h"

namespace cocoplane::gen::workload {
namespace {

bool IsTomlControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string UnicodeEscape(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04X", c);
  return buf;
}

// Escapes one byte for a basic string; `keep_newline` leaves LF literal, as a
// multi-line basic string allows.
void AppendEscaped(unsigned char c, bool keep_newline, std::string& out) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\t': out += '\t'; return;
    case '\n': out += keep_newline ? "\n" : "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default:
      if (IsTomlControl(c)) {
        out += UnicodeEscape(c);
      } else {
        out += static_cast<char>(c);
      }
  }
}

}  // namespace

Status CheckTomlText(std::string_view what, std::string_view text) {
  size_t bad = 0;
  if (IsValidUtf8(text, &bad)) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " is not valid UTF-8 (byte " +
                                 std::to_string(bad) + ")");
}

std::string TomlBasicString(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) AppendEscaped(static_cast<unsigned char>(ch), false, out);
  out += '"';
  return out;
}

bool FitsMultilineLiteral(std::string_view text) {
  if (text.find("'''") != std::string_view::npos) return false;
  if (!text.empty() && text.back() == '\'') return false;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsTomlControl(c) && c != '\t' && c != '\n') return false;
  }
  return true;
}

std::string TomlMultilineString(std::string_view text) {
  if (FitsMultilineLiteral(text)) {
    std::string out = "'''\n";
    out += text;
    out += "'''";
    return out;
  }
  std::string out = "\"\"\"\n";
  for (char ch : text) AppendEscaped(static_cast<unsigned char>(ch), true, out);
  out += "\"\"\"";
  return out;
}

}  // namespace cocoplane::gen::workload
