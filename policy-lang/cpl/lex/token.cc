#include "cpl/lex/token.h"

#include <array>

namespace cocoplane::cpl {
namespace {

struct KindInfo {
  std::string_view description;
  std::string_view spelling;
  bool keyword;
};

constexpr KindInfo kKindInfo[] = {
#define CPL_TOKEN(Name, description) {description, "", false},
#define CPL_PUNCT(Name, spelling) {"'" spelling "'", spelling, false},
#define CPL_KEYWORD(Name, spelling) {"'" spelling "'", spelling, true},
#include "cpl/lex/token_kinds.def"
};

struct Keyword {
  std::string_view spelling;
  TokenKind kind;
};

constexpr Keyword kKeywords[] = {
#define CPL_KEYWORD(Name, spelling) {spelling, TokenKind::k##Name},
#include "cpl/lex/token_kinds.def"
};

}  // namespace

std::string_view TokenKindDescription(TokenKind kind) {
  return kKindInfo[static_cast<size_t>(kind)].description;
}

std::string_view TokenKindSpelling(TokenKind kind) {
  return kKindInfo[static_cast<size_t>(kind)].spelling;
}

bool IsKeyword(TokenKind kind) { return kKindInfo[static_cast<size_t>(kind)].keyword; }

std::optional<TokenKind> KeywordFromText(std::string_view word) {
  // 25 short words: a linear scan that compares lengths first is faster
  // than hashing and needs no table to keep in sync.
  for (const Keyword& k : kKeywords) {
    if (k.spelling.size() == word.size() && k.spelling == word) return k.kind;
  }
  return std::nullopt;
}

}  // namespace cocoplane::cpl
