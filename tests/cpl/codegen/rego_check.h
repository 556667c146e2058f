// A structural checker for generated Rego, the independent second check
// for the golden and generator tests. No Rego engine is installable here
// (no OPA or regorus package in Debian or npm), so this checks what can be
// checked from the text alone:
//
// - strings and comments are lexed; (), [], {} balance and nest;
// - the first statement is `package <expected>`;
// - every block-opening top-level rule uses `if` (Rego v1 and v0+future
//   keywords both accept it; a v0-only head `name {` is reported), except
//   value assignments `name := {` and `} else := v if {` continuations;
// - `default` lines are counted per rule name;
// - `query_reference_value("...")` names and `targets_*` bindings are
//   extracted for the callers to compare with the IR.
#ifndef COCOPLANE_TESTS_CPL_CODEGEN_REGO_CHECK_H_
#define COCOPLANE_TESTS_CPL_CODEGEN_REGO_CHECK_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::cpl::testing {

// Problems found; empty when the text passes.
std::vector<std::string> CheckRegoStructure(std::string_view text, std::string_view package);

// rule name -> number of `default <name> := ...` lines.
std::map<std::string, int> DefaultCounts(std::string_view text);
// rule name -> the default's value text ("true", "33", ...).
std::map<std::string, std::string> DefaultValues(std::string_view text);

// Arguments of every `<builtin>("name")` call, in order of appearance.
std::vector<std::string> BuiltinStringArgs(std::string_view text, std::string_view builtin);

// One top-level block: its leading comment lines (without "# "), the head
// line (e.g. "released if {"), and the body lines, trimmed, including
// nested blocks' lines and comments.
struct RegoBlock {
  std::vector<std::string> comments;
  std::string head;
  std::vector<std::string> body;
};
std::vector<RegoBlock> TopLevelBlocks(std::string_view text);

// Lines of the text, tabs stripped from the left.
std::vector<std::string> TrimmedLines(std::string_view text);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_TESTS_CPL_CODEGEN_REGO_CHECK_H_
