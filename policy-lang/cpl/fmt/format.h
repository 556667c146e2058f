// Format: canonical CPL text from a syntax tree (`cocoplane fmt`).
//
// The output depends only on the tree and its comments, never on the
// original spacing, except for three choices the author makes and the
// formatter keeps: blank lines between statements (collapsed to one), a
// list written with a line break after '[' (kept one element per line), and
// a condition block written on one line (`when { tee == snp }`). Everything
// else is fixed: two-space indentation, one space around operators, no space
// inside brackets, strings re-escaped canonically, a blank line around every
// block declaration, exactly one final newline. Every comment is kept, on
// its own line or at the end of the line it followed (SPEC.md §8).
//
// Format is idempotent: Format(Parse(Format(t))) == Format(t). Formatting a
// tree built from input with errors is allowed but may drop the broken
// parts; FormatSource refuses such input instead.
//
// Thread-safety: pure functions.
#ifndef COCOPLANE_CPL_FMT_FORMAT_H_
#define COCOPLANE_CPL_FMT_FORMAT_H_

#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "cpl/parse/ast.h"

namespace cocoplane::cpl {

std::string Format(const Ast& ast);

// Parses `text` and formats it. Returns nullopt when parsing reported an
// error (the diagnostics are in `sink`); warnings do not stop formatting.
std::optional<std::string> FormatSource(std::string path, std::string text, DiagnosticSink& sink);

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_FMT_FORMAT_H_
