// Lex: the first phase of CPL. Bytes in, tokens out.
//
// Lex() never fails as a whole: every lexical mistake (a stray character, an
// unterminated string, a bad escape, a malformed or out-of-range number, a
// malformed name, invalid UTF-8) is reported into `sink` with its position
// as a CP40xx diagnostic (or CP1007 for UTF-8), the offending bytes become
// one kError token, and lexing goes on. The parser skips kError tokens
// without reporting them again.
//
// Cost: one pass over the bytes, no regexes, no allocation per token (the
// token vector grows geometrically). The returned buffer shares ownership
// of `source`.
#ifndef COCOPLANE_CPL_LEX_LEXER_H_
#define COCOPLANE_CPL_LEX_LEXER_H_

#include <memory>

#include "base/diagnostic.h"
#include "cpl/lex/token.h"
#include "cpl/source/source_text.h"

namespace cocoplane::cpl {

TokenBuffer Lex(std::shared_ptr<const SourceText> source, DiagnosticSink& sink);

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_LEX_LEXER_H_
