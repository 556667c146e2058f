#include "gen/trustee/secret_source.h"

#include <cstdio>

#include "base/strings.h"
#include "crypto/digest.h"

namespace cocoplane::gen::trustee {
namespace {

// A TOML basic string (toml.io v1.0.0, "String"): quotation mark, backslash
// and the control characters U+0000-U+001F and U+007F must be escaped.
// JsonQuote() would leave U+007F raw, which TOML rejects.
std::string TomlBasicString(std::string_view value) {
  std::string out = "\"";
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

}  // namespace

SecretPlaceholder MakePlaceholder(std::string_view name, std::string_view field,
                                  const SecretSource& source) {
  SecretPlaceholder out;
  out.placeholder = "${cocoplane.secret:" + std::string(name) + "}";
  out.field = std::string(field);
  out.value_from = source.value_from;
  out.value_sha256 = InlineValueDigest(source);
  return out;
}

Result<std::string> FillTomlPlaceholder(std::string_view toml_text,
                                        const SecretPlaceholder& placeholder,
                                        std::string_view value) {
  if (!IsValidUtf8(value)) {
    return Status::InvalidArgument("value for " + placeholder.field + " is not UTF-8");
  }
  const std::string quoted = "\"" + placeholder.placeholder + "\"";
  size_t at = toml_text.find(quoted);
  if (at == std::string_view::npos || toml_text.find(quoted, at + 1) != std::string_view::npos) {
    return Status::NotFound("placeholder " + placeholder.placeholder +
                            " does not occur exactly once in the file");
  }
  std::string out(toml_text.substr(0, at));
  out += TomlBasicString(value);
  out += toml_text.substr(at + quoted.size());
  return out;
}

std::string InlineValueDigest(const SecretSource& source) {
  if (source.inline_value.empty()) return "";
  return crypto::Sha256Hex(source.inline_value);
}

}  // namespace cocoplane::gen::trustee
