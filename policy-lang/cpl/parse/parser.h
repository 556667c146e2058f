// Parse: the second phase of CPL. Tokens in, syntax tree out.
//
// Parse() never fails as a whole. Syntax mistakes become CP41xx diagnostics
// in `sink` (with file:line:col, a message naming what was expected and
// found, and a hint); the parser then skips to the next statement or
// declaration and goes on, so one run reports every independent mistake.
// The returned Ast holds every declaration that could be parsed; use it only
// if the sink has no errors.
//
// Recursion is capped: lists, parentheses, `not` and `any`/`all` blocks may
// nest at most kMaxNestingDepth deep (CP4105), so hostile input cannot
// exhaust the stack. Work is linear in the number of tokens.
//
// Thread-safety: pure functions; the results are values.
#ifndef COCOPLANE_CPL_PARSE_PARSER_H_
#define COCOPLANE_CPL_PARSE_PARSER_H_

#include <string>

#include "base/diagnostic.h"
#include "cpl/lex/token.h"
#include "cpl/parse/ast.h"

namespace cocoplane::cpl {

inline constexpr int kMaxNestingDepth = 64;

// Parses a lexed file. The Ast shares ownership of the buffer's source.
Ast Parse(const TokenBuffer& tokens, DiagnosticSink& sink);

// Lex + Parse of one file: `path` is the repository-relative path used in
// Locations, `text` its bytes.
Ast ParseFile(std::string path, std::string text, DiagnosticSink& sink);

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_PARSE_PARSER_H_
