// The parser's core: token access, diagnostics, error recovery, the top
// level and doc-comment attachment. Constructs live in parse_decl.cc,
// parse_block.cc and parse_expr.cc.
#include "cpl/parse/parser.h"

#include <utility>

#include "base/strings.h"
#include "cpl/lex/lexer.h"
#include "cpl/parse/parser_impl.h"

namespace cocoplane::cpl {
namespace internal {

// ------------------------------------------------------------------ tokens

const Token& Parser::Peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  return i < tokens_.tokens.size() ? tokens_.tokens[i] : tokens_.tokens.back();
}

bool Parser::AtWord(std::string_view word) const {
  return At(TokenKind::kIdentifier) && Text(Cur()) == word;
}

bool Parser::AtStatementEnd() const {
  return AtEnd() || At(TokenKind::kRBrace) || Cur().first_on_line();
}

const Token& Parser::Advance() {
  const Token& t = Cur();
  if (!AtEnd()) ++pos_;
  return t;
}

Span Parser::PrevSpan() const {
  return pos_ > 0 ? tokens_.tokens[pos_ - 1].span : Cur().span;
}

Name Parser::NameFrom(const Token& token) const {
  return Name{std::string(Text(token)), token.span, false};
}

bool Parser::AtColumnOne(const Token& token) const {
  return token.span.offset == 0 || tokens_.source->text()[token.span.offset - 1] == '\n';
}

bool Parser::IsDeclKeyword(TokenKind kind) {
  switch (kind) {
    case TokenKind::kImport:
    case TokenKind::kConst:
    case TokenKind::kAgent:
    case TokenKind::kPool:
    case TokenKind::kRelease:
    case TokenKind::kDeny:
    case TokenKind::kAttestation:
      return true;
    default:
      return false;
  }
}

Parser::DepthGuard::DepthGuard(Parser& parser, Span where) : parser_(parser) {
  ok_ = ++parser_.depth_ <= kMaxNestingDepth && !parser_.too_deep_;
  if (!ok_ && !parser_.too_deep_) {
    parser_.too_deep_ = true;
    parser_.Error(DiagKind::kCplNestingTooDeep, where,
                  "nesting is deeper than " + std::to_string(kMaxNestingDepth) + " levels",
                  "flatten the lists, parentheses or any/all blocks, or move parts into consts");
  }
}

// ------------------------------------------------------------- diagnostics

void Parser::Error(DiagKind kind, Span span, std::string message, std::string hint) {
  if (failed_) return;
  failed_ = true;
  sink_.Emit(kind, tokens_.Locate(span), std::move(message), std::move(hint));
}

std::string Parser::DescribeCurrent() const {
  const Token& t = Cur();
  switch (t.kind) {
    case TokenKind::kIdentifier: return "name '" + std::string(Text(t)) + "'";
    case TokenKind::kString: return "string " + std::string(Text(t));
    case TokenKind::kInteger: return "integer " + std::string(Text(t));
    default: return std::string(TokenKindDescription(t.kind));
  }
}

void Parser::ErrorExpected(std::string_view what, std::string hint, DiagKind kind) {
  // A lexing error is already reported; the token says nothing new.
  if (At(TokenKind::kError)) {
    failed_ = true;
    return;
  }
  if (Cur().first_on_line() && bracket_depth_ == 0 && pos_ > statement_start_) {
    // The line ended early: point just past its last token, where the
    // missing piece belongs, rather than at the next line.
    Span end{PrevSpan().end(), 1};
    Error(kind, end, "expected " + std::string(what) + ", found end of line", std::move(hint));
    return;
  }
  Error(kind, Cur().span,
        "expected " + std::string(what) + ", found " + DescribeCurrent(), std::move(hint));
}

bool Parser::Expect(TokenKind kind, std::string_view context) {
  if (At(kind)) {
    Advance();
    return true;
  }
  std::string what = std::string(TokenKindDescription(kind));
  if (!context.empty()) what += " " + std::string(context);
  ErrorExpected(what);
  return false;
}

std::optional<Name> Parser::ExpectName(std::string_view what) {
  if (At(TokenKind::kIdentifier) && OnSameLine()) return NameFrom(Advance());
  if (IsKeyword(Kind()) && OnSameLine()) {
    Error(DiagKind::kCplReservedWord, Cur().span,
          "'" + std::string(Text(Cur())) + "' is a reserved word and cannot be " +
              std::string(what),
          "choose another name; SPEC.md §1.3 lists the reserved words");
    return std::nullopt;
  }
  ErrorExpected(what);
  return std::nullopt;
}

// --------------------------------------------------- recovery, top level

// Skips the rest of a statement that failed to parse. Brackets opened since
// `start` are skipped as a whole; skipping stops
//  - at a declaration keyword that starts a line (always: a broken block
//    must not swallow the next declaration),
//  - in a block, at the '}' that closes it, or at a line start outside any
//    bracket (the next statement).
// At the top level, a line start outside any bracket ends the skip only
// when the line is not indented and does not start with a closer: the
// indented body of a declaration whose header failed (a missing '{') is
// skipped whole instead of being reported line by line.
void Parser::Recover(size_t start, RecoverMode mode) {
  int braces = 0;
  int brackets = 0;
  auto count = [&](TokenKind kind) {
    switch (kind) {
      case TokenKind::kLBrace: ++braces; break;
      case TokenKind::kRBrace: braces = braces > 0 ? braces - 1 : 0; break;
      case TokenKind::kLBracket:
      case TokenKind::kLParen: ++brackets; break;
      case TokenKind::kRBracket:
      case TokenKind::kRParen: brackets = brackets > 0 ? brackets - 1 : 0; break;
      default: break;
    }
  };
  for (size_t i = start; i < pos_; ++i) count(tokens_.tokens[i].kind);
  while (!AtEnd()) {
    const Token& t = Cur();
    bool moved = pos_ > start;
    if (moved && t.first_on_line() && IsDeclKeyword(t.kind)) break;
    if (braces == 0 && mode == RecoverMode::kInBlock && t.kind == TokenKind::kRBrace) break;
    bool line_start = moved && braces == 0 && brackets == 0 && t.first_on_line();
    if (line_start && mode == RecoverMode::kInBlock) break;
    if (line_start && AtColumnOne(t) && t.kind != TokenKind::kRBrace &&
        t.kind != TokenKind::kRBracket && t.kind != TokenKind::kRParen) {
      break;
    }
    count(t.kind);
    Advance();
  }
}

void Parser::ExpectEndOfStatement(std::string_view what, size_t start, RecoverMode mode) {
  if (AtStatementEnd()) return;
  if (At(TokenKind::kError)) {
    Recover(start, mode);
    return;
  }
  Error(DiagKind::kCplExpectedEndOfLine, Cur().span,
        "expected end of line after " + std::string(what) + ", found " + DescribeCurrent(),
        "put each statement on its own line");
  Recover(start, mode);
}

// CP4102, suggesting the declaration keyword the word looks like.
void Parser::ReportNotADeclaration() {
  static const std::vector<std::string> kDeclWords = {"import", "const",       "agent", "pool",
                                                      "release", "attestation", "deny"};
  if (At(TokenKind::kError)) return;
  std::string hint =
      "a file holds import, const, agent profile, pool, release, deny and attestation "
      "declarations";
  if (At(TokenKind::kIdentifier)) {
    std::string near = ClosestMatch(Text(Cur()), kDeclWords);
    if (!near.empty()) hint = "did you mean '" + near + "'?";
  }
  Error(DiagKind::kCplExpectedDeclaration, Cur().span,
        "expected a declaration, found " + DescribeCurrent(), hint);
}

void Parser::ParseTopLevel() {
  while (!AtEnd()) {
    failed_ = false;
    too_deep_ = false;
    size_t start = pos_;
    statement_start_ = pos_;
    if (At(TokenKind::kRBrace) || At(TokenKind::kRBracket) || At(TokenKind::kRParen)) {
      Error(DiagKind::kCplUnmatchedCloser, Cur().span,
            std::string(TokenKindDescription(Kind())) + " does not close anything",
            "remove it, or add the opening bracket it belongs to");
      Advance();
      continue;
    }
    if (!IsDeclKeyword(Kind())) {
      ReportNotADeclaration();
      Recover(start, RecoverMode::kTopLevel);
      continue;
    }
    std::optional<Decl> decl = ParseDecl();
    if (!decl) {
      Recover(start, RecoverMode::kTopLevel);
      continue;
    }
    decls_.push_back(std::move(*decl));
    ExpectEndOfStatement("the declaration", start, RecoverMode::kTopLevel);
  }
}

// A run of `##` lines documents the declaration that starts on the line
// right after the run; any other `##` is probably a mistake for `#`.
void Parser::AttachDocComments(Ast& ast) {
  const SourceText& src = *tokens_.source;
  const std::vector<Comment>& comments = ast.comments;
  size_t next_decl = 0;
  for (size_t i = 0; i < comments.size();) {
    if (!comments[i].doc) {
      ++i;
      continue;
    }
    // A trailing `##` (after code on its line) is a run of its own.
    size_t run_end = i + 1;
    while (!comments[i].trailing && run_end < comments.size() && comments[run_end].doc &&
           !comments[run_end].trailing &&
           src.LineOf(comments[run_end].span.offset) ==
               src.LineOf(comments[run_end - 1].span.offset) + 1) {
      ++run_end;
    }
    const Comment& last = comments[run_end - 1];
    while (next_decl < ast.decls.size() && ast.decls[next_decl].span.offset < last.span.offset) {
      ++next_decl;
    }
    bool attached = !comments[i].trailing && next_decl < ast.decls.size() &&
                    src.LineOf(ast.decls[next_decl].span.offset) == src.LineOf(last.span.offset) + 1;
    if (attached) {
      std::string doc;
      for (size_t k = i; k < run_end; ++k) {
        std::string_view line = src.Slice(comments[k].span).substr(2);
        if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
        if (k > i) doc += '\n';
        doc += line;
      }
      ast.decls[next_decl].doc = std::move(doc);
    } else {
      sink_.Emit(DiagKind::kCplDetachedDocComment, src.Locate(comments[i].span),
                 "'##' doc comment is not directly above a declaration",
                 "put it on the line right above the declaration, or use '#' for a plain comment");
    }
    i = run_end;
  }
}

Ast Parser::Run() {
  ParseTopLevel();
  Ast ast;
  ast.source = tokens_.source;
  ast.decls = std::move(decls_);
  ast.comments = tokens_.comments;
  AttachDocComments(ast);
  return ast;
}

}  // namespace internal

Ast Parse(const TokenBuffer& tokens, DiagnosticSink& sink) {
  return internal::Parser(tokens, sink).Run();
}

Ast ParseFile(std::string path, std::string text, DiagnosticSink& sink) {
  TokenBuffer tokens = Lex(SourceText::Make(std::move(path), std::move(text)), sink);
  return Parse(tokens, sink);
}

}  // namespace cocoplane::cpl
