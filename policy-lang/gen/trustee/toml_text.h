// Internal to the generators (includes toml++; never include it from a
// public header): serialises a toml::table deterministically.
//
// toml++ tables are std::map-ordered, so keys come out sorted and the text
// depends only on the table's content. Thread-safe.
#ifndef COCOPLANE_GEN_TRUSTEE_TOML_TEXT_H_
#define COCOPLANE_GEN_TRUSTEE_TOML_TEXT_H_

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace cocoplane::gen {

// `header` (comment lines, each starting with "# " and ending in "\n") followed
// by `table` in toml++'s formatter with no optional flags (basic strings
// only, no literal or multi-line strings, no indentation), ending in "\n".
std::string TomlToText(std::string_view header, const toml::table& table);

}  // namespace cocoplane::gen

#endif  // COCOPLANE_GEN_TRUSTEE_TOML_TEXT_H_
