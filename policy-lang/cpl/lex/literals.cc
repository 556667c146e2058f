#include "cpl/lex/literals.h"

#include <cstdio>

namespace cocoplane::cpl {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes "\u{...}" starting at text[i] == 'u'; advances i past '}'.
void DecodeUnicodeEscape(std::string_view text, size_t& i, std::string* out) {
  uint32_t cp = 0;
  size_t j = i + 2;
  while (j < text.size() && HexValue(text[j]) >= 0 && cp <= 0x10FFFF) {
    cp = cp * 16 + static_cast<uint32_t>(HexValue(text[j]));
    ++j;
  }
  if (cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) AppendUtf8(cp, out);
  i = (j < text.size() && text[j] == '}') ? j : j - 1;
}

}  // namespace

std::string_view IntUnitSuffix(IntUnit unit) {
  switch (unit) {
    case IntUnit::kNone: return "";
    case IntUnit::kMi: return "Mi";
    case IntUnit::kGi: return "Gi";
  }
  return "";
}

int64_t IntUnitFactor(IntUnit unit) {
  switch (unit) {
    case IntUnit::kNone: return 1;
    case IntUnit::kMi: return 1;
    case IntUnit::kGi: return 1024;
  }
  return 1;
}

IntLiteralValue DecodeInteger(std::string_view text) {
  IntLiteralValue out;
  bool negative = !text.empty() && text[0] == '-';
  size_t i = negative ? 1 : 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    // Saturate instead of overflowing: only reachable for tokens the lexer
    // already rejected as out of range.
    if (out.digits > (INT64_MAX - 9) / 10) {
      out.digits = INT64_MAX;
      continue;
    }
    out.digits = out.digits * 10 + (text[i] - '0');
  }
  std::string_view suffix = text.substr(i);
  if (suffix == "Mi") out.unit = IntUnit::kMi;
  if (suffix == "Gi") out.unit = IntUnit::kGi;
  if (negative) out.digits = -out.digits;
  return out;
}

std::string DecodeString(std::string_view text) {
  std::string out;
  if (text.size() < 2) return out;
  std::string_view body = text.substr(1, text.size() - (text.back() == '"' ? 2 : 1));
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    ++i;
    switch (body[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'u': DecodeUnicodeEscape(body, i, &out); break;
      default: out += body[i]; break;
    }
  }
  return out;
}

std::string EncodeString(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '"';
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[12];
          std::snprintf(buf, sizeof buf, "\\u{%x}", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace cocoplane::cpl
