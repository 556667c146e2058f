// Test helpers: read generated text back with the libraries the real
// consumers' formats are defined by (toml++, yaml-cpp), without letting
// their exceptions escape into test bodies.
#ifndef COCOPLANE_TESTS_GEN_TRUSTEE_PARSE_UTIL_H_
#define COCOPLANE_TESTS_GEN_TRUSTEE_PARSE_UTIL_H_

#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::testing {

// The parsed table, or nullopt (with the error in *error) if `text` is not TOML.
inline std::optional<toml::table> ParseToml(std::string_view text, std::string* error = nullptr) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    if (error) *error = std::string(e.description());
    return std::nullopt;
  }
}

// Every document of a YAML stream, or nullopt if it does not parse.
inline std::optional<std::vector<YAML::Node>> ParseYamlAll(const std::string& text) {
  try {
    return YAML::LoadAll(text);
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_GEN_TRUSTEE_PARSE_UTIL_H_
