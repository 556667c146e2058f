// Tokens of the CPL language and the buffer the lexer fills.
//
// A Token is 12 bytes: kind, flags and a Span into the SourceText. It holds
// no text and allocates nothing; Text() slices the source on demand, and
// literal values are decoded by the parser (lex/literals.h). Comments are
// not tokens: they go into a side table in source order so that the parser
// never sees them and the formatter can put them back.
//
// Thread-safety: a TokenBuffer is a value; read it from any number of
// threads once Lex() has returned it.
#ifndef COCOPLANE_CPL_LEX_TOKEN_H_
#define COCOPLANE_CPL_LEX_TOKEN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "cpl/source/source_text.h"

namespace cocoplane::cpl {

enum class TokenKind : uint8_t {
#define CPL_TOKEN(Name, description) k##Name,
#define CPL_PUNCT(Name, spelling) k##Name,
#define CPL_KEYWORD(Name, spelling) k##Name,
#include "cpl/lex/token_kinds.def"
};

// "end of file", "'{'", "'release'": how messages name a kind.
std::string_view TokenKindDescription(TokenKind kind);
// The exact spelling of a punctuation or keyword kind, else "".
std::string_view TokenKindSpelling(TokenKind kind);
bool IsKeyword(TokenKind kind);
// The keyword spelled `word`, or nullopt when `word` is not reserved.
std::optional<TokenKind> KeywordFromText(std::string_view word);

struct Token {
  enum Flags : uint8_t {
    // The token is the first one on its line (or in the file).
    kFirstOnLine = 1,
  };
  TokenKind kind = TokenKind::kEndOfFile;
  uint8_t flags = 0;
  Span span;

  bool first_on_line() const { return (flags & kFirstOnLine) != 0; }
};

struct Comment {
  // The whole comment, from '#' to the end of the line (without the
  // newline or a trailing '\r').
  Span span;
  // "##" doc comment (exactly two '#'); "###..." banners are plain.
  bool doc = false;
  // A token precedes it on the same line (`logs deny  # why`).
  bool trailing = false;
};

struct TokenBuffer {
  std::shared_ptr<const SourceText> source;
  // In source order; always ends with one kEndOfFile token.
  std::vector<Token> tokens;
  // In source order.
  std::vector<Comment> comments;

  std::string_view Text(const Token& token) const { return source->Slice(token.span); }
  Location Locate(Span span) const { return source->Locate(span); }
};

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_LEX_TOKEN_H_
