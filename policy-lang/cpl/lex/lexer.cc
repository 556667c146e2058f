#include "cpl/lex/lexer.h"

#include <cstdio>
#include <string>

#include "base/strings.h"

namespace cocoplane::cpl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsWordChar(char c) { return IsAlpha(c) || IsDigit(c); }
// Value of a hex digit, or -1.
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the UTF-8 sequence starting at `s[0]` if it is well formed,
// else 0.
size_t Utf8SequenceLength(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || len > s.size()) return 0;
  return IsValidUtf8(s.substr(0, len)) ? len : 0;
}

std::string DescribeByte(unsigned char c) {
  char buf[32];
  if (c >= 0x21 && c < 0x7F) {
    std::snprintf(buf, sizeof buf, "'%c'", c);
  } else {
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  }
  return buf;
}

class Lexer {
 public:
  Lexer(std::shared_ptr<const SourceText> source, DiagnosticSink& sink)
      : text_(source->text()), sink_(sink) {
    out_.source = std::move(source);
    // Roughly one token per five bytes in real policies; one reservation
    // avoids most regrowth.
    out_.tokens.reserve(text_.size() / 5 + 1);
  }

  TokenBuffer Run() {
    if (out_.source->too_large()) {
      sink_.Emit(DiagKind::kFileTooLarge, Location{out_.source->path()},
                 "policy file is larger than " + std::to_string(kMaxSourceBytes) + " bytes",
                 "split it into several .cpl files");
    }
    // A UTF-8 byte order mark is harmless; skip it.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    while (SkipTrivia()) LexToken();
    Push(TokenKind::kEndOfFile, pos_);
    return std::move(out_);
  }

 private:
  // Skips whitespace and comments. Returns false at the end of the text.
  bool SkipTrivia() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        at_line_start_ = true;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        LexComment();
      } else {
        return true;
      }
    }
    return false;
  }

  void LexComment() {
    size_t begin = pos_;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    pos_ = end;
    if (end > begin && text_[end - 1] == '\r') --end;
    std::string_view body = text_.substr(begin, end - begin);
    CheckUtf8(body, begin);
    bool doc = body.size() >= 2 && body[1] == '#' && (body.size() == 2 || body[2] != '#');
    out_.comments.push_back({MakeSpan(begin, end), doc, !at_line_start_});
  }

  void LexToken() {
    size_t begin = pos_;
    char c = text_[pos_];
    if (IsAlpha(c)) return LexWord();
    if (IsDigit(c) || (c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]))) {
      return LexNumber();
    }
    if (c == '"') return LexString();
    if (auto kind = Punctuation(); kind) {
      Push(*kind, begin);
      return;
    }
    LexBadCharacters();
  }

  // Names are DNS-1123-friendly: letters, digits, '_' and single '-'
  // between them (`snp-a`, `az-snp-vtpm`). See SPEC.md §1.2.
  void LexWord() {
    size_t begin = pos_;
    while (pos_ < text_.size() && (IsWordChar(text_[pos_]) || text_[pos_] == '-')) ++pos_;
    std::string_view word = text_.substr(begin, pos_ - begin);
    if (word.back() == '-' || word.find("--") != std::string_view::npos) {
      Error(DiagKind::kCplBadIdentifier, begin, pos_ - begin,
            "malformed name '" + std::string(word) + "'",
            "a '-' must sit between two letters or digits, as in snp-a");
      Push(TokenKind::kError, begin);
      return;
    }
    Push(KeywordFromText(word).value_or(TokenKind::kIdentifier), begin);
  }

  void LexNumber() {
    size_t begin = pos_;
    if (text_[pos_] == '-') ++pos_;
    // Take everything that could belong to the literal so that "12abc" or
    // "1.5" is one bad number rather than a number followed by surprises.
    while (pos_ < text_.size() &&
           (IsWordChar(text_[pos_]) ||
            (text_[pos_] == '.' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1])))) {
      ++pos_;
    }
    std::string_view lit = text_.substr(begin, pos_ - begin);
    Push(CheckNumber(lit, begin) ? TokenKind::kInteger : TokenKind::kError, begin);
  }

  bool CheckNumber(std::string_view lit, size_t begin) {
    size_t digits_begin = lit[0] == '-' ? 1 : 0;
    size_t i = digits_begin;
    while (i < lit.size() && IsDigit(lit[i])) ++i;
    std::string_view digits = lit.substr(digits_begin, i - digits_begin);
    std::string_view suffix = lit.substr(i);
    if (!suffix.empty() && suffix != "Mi" && suffix != "Gi") {
      Error(DiagKind::kCplBadNumber, begin, lit.size(),
            "malformed integer '" + std::string(lit) + "'",
            "integers are decimal digits with an optional Mi or Gi suffix, e.g. 4096 or 64Gi");
      return false;
    }
    if (digits.size() > 1 && digits[0] == '0') {
      Error(DiagKind::kCplBadNumber, begin, lit.size(),
            "integer '" + std::string(lit) + "' has a leading zero",
            "write it without leading zeros; CPL has no octal numbers");
      return false;
    }
    // Out of range means the value (after the Gi factor) does not fit in a
    // signed 64-bit integer; every consumer stores int64.
    int64_t limit = INT64_MAX / (suffix == "Gi" ? 1024 : 1);
    int64_t value = 0;
    for (char d : digits) {
      if (value > (limit - (d - '0')) / 10) {
        Error(DiagKind::kCplNumberOutOfRange, begin, lit.size(),
              "integer '" + std::string(lit) + "' does not fit in 64 bits", "use a smaller number");
        return false;
      }
      value = value * 10 + (d - '0');
    }
    return true;
  }

  void LexString() {
    size_t begin = pos_++;
    bool ok = true;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        Push(ok ? TokenKind::kString : TokenKind::kError, begin);
        return;
      }
      if (c == '\n') break;
      if (c == '\\') {
        ok = LexEscape() && ok;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        ok = LexUtf8InString() && ok;
      } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
        if (!(c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
          Error(DiagKind::kCplBadCharacter, pos_, 1,
                "control character " + DescribeByte(c) + " in a string",
                "write it as an escape such as \\n or \\u{7f}");
          ok = false;
        }
        ++pos_;
      } else {
        ++pos_;
      }
    }
    Error(DiagKind::kCplUnterminatedString, begin, 1, "string is not closed on this line",
          "add the closing '\"'; strings cannot span lines (use \\n)");
    Push(TokenKind::kError, begin);
  }

  // At a backslash inside a string. Returns false (and reports) when the
  // escape is not one of \" \\ \n \t \r \u{X..}.
  bool LexEscape() {
    size_t begin = pos_++;
    if (pos_ >= text_.size() || text_[pos_] == '\n') {
      return true;  // Reported as an unterminated string by the caller.
    }
    char e = text_[pos_];
    if (e == '"' || e == '\\' || e == 'n' || e == 't' || e == 'r') {
      ++pos_;
      return true;
    }
    if (e == 'u') return LexUnicodeEscape(begin);
    size_t len = Utf8SequenceLength(text_.substr(pos_));
    pos_ += len == 0 ? 1 : len;
    Error(DiagKind::kCplBadEscape, begin, pos_ - begin,
          "unknown escape '" + std::string(text_.substr(begin, pos_ - begin)) + "' in a string",
          "valid escapes are \\\" \\\\ \\n \\t \\r and \\u{hex}; in a regex write \\\\ for one "
          "backslash");
    return false;
  }

  bool LexUnicodeEscape(size_t begin) {
    ++pos_;  // 'u'
    bool ok = pos_ < text_.size() && text_[pos_] == '{';
    uint32_t cp = 0;
    size_t digits = 0;
    if (ok) {
      ++pos_;
      while (pos_ < text_.size() && HexValue(text_[pos_]) >= 0 && digits < 7) {
        cp = cp * 16 + static_cast<uint32_t>(HexValue(text_[pos_]));
        ++pos_;
        ++digits;
      }
      ok = pos_ < text_.size() && text_[pos_] == '}' && digits >= 1 && digits <= 6 &&
           cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
      if (pos_ < text_.size() && text_[pos_] == '}') ++pos_;
    }
    if (!ok) {
      Error(DiagKind::kCplBadEscape, begin, pos_ - begin,
            "invalid unicode escape '" + std::string(text_.substr(begin, pos_ - begin)) + "'",
            "write \\u{...} with 1 to 6 hex digits naming a code point up to 10FFFF, not a "
            "surrogate");
    }
    return ok;
  }

  bool LexUtf8InString() {
    size_t len = Utf8SequenceLength(text_.substr(pos_));
    if (len == 0) {
      Error(DiagKind::kInvalidUtf8, pos_, 1, "string is not valid UTF-8",
            "save the file as UTF-8");
      ++pos_;
      return false;
    }
    pos_ += len;
    return true;
  }

  void CheckUtf8(std::string_view body, size_t begin) {
    size_t bad = 0;
    if (!IsValidUtf8(body, &bad)) {
      Error(DiagKind::kInvalidUtf8, begin + bad, 1, "comment is not valid UTF-8",
            "save the file as UTF-8");
    }
  }

  std::optional<TokenKind> Punctuation() {
    char c = text_[pos_];
    char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    auto one = [&](TokenKind k) {
      pos_ += 1;
      return k;
    };
    auto two = [&](TokenKind k) {
      pos_ += 2;
      return k;
    };
    switch (c) {
      case '{': return one(TokenKind::kLBrace);
      case '}': return one(TokenKind::kRBrace);
      case '[': return one(TokenKind::kLBracket);
      case ']': return one(TokenKind::kRBracket);
      case '(': return one(TokenKind::kLParen);
      case ')': return one(TokenKind::kRParen);
      case ',': return one(TokenKind::kComma);
      case '.': return one(TokenKind::kDot);
      case '=': return next == '=' ? two(TokenKind::kEqualEqual) : one(TokenKind::kAssign);
      case '!':
        if (next == '=') return two(TokenKind::kNotEqual);
        return std::nullopt;
      case '<': return next == '=' ? two(TokenKind::kLessEqual) : one(TokenKind::kLess);
      case '>': return next == '=' ? two(TokenKind::kGreaterEqual) : one(TokenKind::kGreater);
      default: return std::nullopt;
    }
  }

  // One diagnostic for a run of characters that cannot start a token.
  void LexBadCharacters() {
    size_t begin = pos_;
    std::string first;
    bool utf8_error = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      size_t save = pos_;
      if (IsWordChar(c) || c == '"' || c == '#' || c == ' ' || c == '\t' || c == '\r' ||
          c == '\n' || (c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1])) ||
          Punctuation()) {
        pos_ = save;
        break;
      }
      size_t len = Utf8SequenceLength(text_.substr(pos_));
      if (len == 0) utf8_error = true;
      if (first.empty()) first = DescribeCharacter(pos_, len);
      pos_ += len == 0 ? 1 : len;
    }
    if (utf8_error) {
      Error(DiagKind::kInvalidUtf8, begin, pos_ - begin, "text is not valid UTF-8",
            "save the file as UTF-8");
    } else {
      Error(DiagKind::kCplBadCharacter, begin, pos_ - begin, "unexpected character " + first,
            HintForCharacter(text_[begin]));
    }
    Push(TokenKind::kError, begin);
  }

  std::string DescribeCharacter(size_t at, size_t len) const {
    auto c = static_cast<unsigned char>(text_[at]);
    if (len <= 1) return DescribeByte(c);
    return "'" + std::string(text_.substr(at, len)) + "'";
  }

  static std::string HintForCharacter(char c) {
    switch (c) {
      case '!': return "write `not` for negation and `!=` for inequality";
      case '-': return "'-' may only appear inside a name (snp-a) or before a number";
      case '&': return "write `and`, or put the conditions on separate lines";
      case '|': return "write `or`, or use an `any { ... }` block";
      case ';': return "put each statement on its own line";
      case '\'': return "strings use double quotes";
      default: return "remove it, or put it inside a string or a comment";
    }
  }

  Span MakeSpan(size_t begin, size_t end) const {
    return Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin)};
  }

  void Push(TokenKind kind, size_t begin) {
    Token t;
    t.kind = kind;
    t.span = MakeSpan(begin, pos_);
    if (at_line_start_) t.flags |= Token::kFirstOnLine;
    at_line_start_ = false;
    out_.tokens.push_back(t);
  }

  void Error(DiagKind kind, size_t begin, size_t length, std::string message, std::string hint) {
    sink_.Emit(kind, out_.source->Locate(MakeSpan(begin, begin + length)), std::move(message),
               std::move(hint));
  }

  std::string_view text_;
  DiagnosticSink& sink_;
  TokenBuffer out_;
  size_t pos_ = 0;
  bool at_line_start_ = true;
};

}  // namespace

TokenBuffer Lex(std::shared_ptr<const SourceText> source, DiagnosticSink& sink) {
  return Lexer(std::move(source), sink).Run();
}

}  // namespace cocoplane::cpl
