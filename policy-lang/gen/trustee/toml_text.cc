#include "gen/trustee/toml_text.h"

#include <sstream>

namespace cocoplane::gen {

std::string TomlToText(std::string_view header, const toml::table& table) {
  std::ostringstream body;
  // format_flags::none: every string is a basic "..." string with escapes,
  // which every TOML reader (Rust toml, Go BurntSushi, toml++) accepts.
  body << toml::toml_formatter(table, toml::format_flags::none);
  std::string out(header);
  out += body.str();
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

}  // namespace cocoplane::gen
