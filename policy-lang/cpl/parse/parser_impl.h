// Internal to cpl/parse: the recursive-descent parser shared by parser.cc
// (tokens, diagnostics, recovery, the top level, doc comments),
// parse_decl.cc (declarations), parse_block.cc (statements inside blocks)
// and parse_expr.cc (conditions and values). Not a public header.
#ifndef COCOPLANE_CPL_PARSE_PARSER_IMPL_H_
#define COCOPLANE_CPL_PARSE_PARSER_IMPL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "cpl/lex/token.h"
#include "cpl/parse/ast.h"

namespace cocoplane::cpl::internal {

class Parser {
 public:
  Parser(const TokenBuffer& tokens, DiagnosticSink& sink) : tokens_(tokens), sink_(sink) {}

  Ast Run();

 private:
  // Where Recover() stops (see parser.cc).
  enum class RecoverMode { kTopLevel, kInBlock };

  // Counts one level of nesting for as long as it lives (lists, parens,
  // `not`, groups). When the cap is passed it reports CP4105 once and the
  // whole declaration is abandoned.
  class DepthGuard {
   public:
    DepthGuard(Parser& parser, Span where);
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    bool ok() const { return ok_; }

   private:
    Parser& parser_;
    bool ok_;
  };

  // ---- parser.cc: tokens
  const Token& Cur() const { return tokens_.tokens[pos_]; }
  const Token& Peek(size_t ahead) const;
  TokenKind Kind() const { return Cur().kind; }
  bool At(TokenKind kind) const { return Cur().kind == kind; }
  bool AtEnd() const { return Cur().kind == TokenKind::kEndOfFile; }
  // An identifier spelled `word` (contextual keywords: `default`, verbs).
  bool AtWord(std::string_view word) const;
  // The current token is on the same line as the previous one.
  bool OnSameLine() const { return !Cur().first_on_line() && !AtEnd(); }
  // The statement may end here: end of line, '}' or end of file.
  bool AtStatementEnd() const;
  // The current token continues the statement being parsed: it is on the
  // same line, or inside '[' / '(' where line breaks do not count.
  bool Continues() const {
    return !AtEnd() && (bracket_depth_ > 0 || pos_ == statement_start_ || !Cur().first_on_line());
  }
  const Token& Advance();
  Span PrevSpan() const;
  std::string_view Text(const Token& token) const { return tokens_.Text(token); }
  Name NameFrom(const Token& token) const;
  static bool IsDeclKeyword(TokenKind kind);
  // Nothing but a line break precedes the token.
  bool AtColumnOne(const Token& token) const;

  // ---- parser.cc: diagnostics
  void Error(DiagKind kind, Span span, std::string message, std::string hint = "");
  // "expected <what>, found <current token>" (CP4101) at the current token,
  // or just after the previous one when the line ended.
  void ErrorExpected(std::string_view what, std::string hint = "",
                     DiagKind kind = DiagKind::kCplUnexpectedToken);
  bool Expect(TokenKind kind, std::string_view context);
  // An identifier, consumed; reports CP4114 for a reserved word and CP4101
  // otherwise. `what` names the thing ("a profile name").
  std::optional<Name> ExpectName(std::string_view what);
  std::string DescribeCurrent() const;

  // ---- parser.cc: recovery and the top level
  void Recover(size_t start, RecoverMode mode);
  void ParseTopLevel();
  void ReportNotADeclaration();
  void ExpectEndOfStatement(std::string_view what, size_t start, RecoverMode mode);
  void AttachDocComments(Ast& ast);

  // ---- parse_decl.cc
  std::optional<Decl> ParseDecl();
  std::optional<ImportDecl> ParseImport();
  std::optional<ConstDecl> ParseConst();
  std::optional<AgentProfileDecl> ParseAgentProfile();
  std::optional<PoolDecl> ParsePool();
  std::optional<RuleDecl> ParseRule();
  std::optional<RuleTarget> ParseRuleTarget();
  std::optional<AttestationDecl> ParseAttestation();
  void CheckImportPath(const Name& path);
  void CheckResourcePatterns(const Expr& resources);
  void CheckResourcePattern(const Expr& literal);

  // ---- parse_block.cc
  // Parses `{ statement \n statement ... }` calling parse_one for each
  // statement; recovers inside the block after a failed statement. Sets
  // *body to the braces' span. Returns false if the block is not closed.
  template <typename ParseOne>
  bool ParseStatements(Span* body, ParseOne parse_one);
  bool ParseSetting(SettingBlock block, std::vector<SettingStmt>& out);
  std::optional<SettingVerb> ParseVerb(SettingKind kind);
  void ReportUnknownSetting(SettingBlock block, const Token& word);
  void ReportValueMismatch(const SettingStmt& stmt, bool takes_value);
  bool ParseClaim(std::vector<ClaimStmt>& out);
  std::optional<ConditionBlock> ParseConditionBlock(std::string_view owner);

  // ---- parse_expr.cc
  std::optional<Expr> ParseCondition();
  std::optional<Expr> ParseOr();
  std::optional<Expr> ParseAnd();
  std::optional<Expr> ParseLogical(LogicalOp op);
  std::optional<Expr> ParseNot();
  std::optional<Expr> ParseComparison();
  std::optional<CompareOp> PeekCompareOp() const;
  std::optional<Expr> ParseOperand();
  std::optional<Expr> ParsePath();
  std::optional<Expr> ParseList();
  std::optional<Expr> ParseParen();
  std::optional<Expr> ParseGroup();
  std::optional<Expr> ParseReference();
  std::optional<Expr> ParseRegex();
  std::optional<Expr> ParseLiteral();

  const TokenBuffer& tokens_;
  DiagnosticSink& sink_;
  std::vector<Decl> decls_;
  size_t pos_ = 0;
  // Set after the first error of a statement: later errors in the same
  // statement are consequences and stay silent.
  bool failed_ = false;
  int depth_ = 0;
  // The nesting cap was hit: unwind to the top level.
  bool too_deep_ = false;
  // Open '[' and '(' around the current token: newlines inside them do not
  // end a statement.
  int bracket_depth_ = 0;
  // Index of the first token of the statement being parsed.
  size_t statement_start_ = 0;
  // A declaration other than `import` was seen (imports come first).
  bool seen_non_import_ = false;
};

template <typename ParseOne>
bool Parser::ParseStatements(Span* body, ParseOne parse_one) {
  const Token& open = Advance();
  // Statements inside braces are line-based again, whatever surrounds them.
  int saved_brackets = bracket_depth_;
  size_t saved_start = statement_start_;
  bracket_depth_ = 0;
  bool closed = false;
  while (!too_deep_) {
    failed_ = false;
    if (At(TokenKind::kRBrace)) {
      closed = true;
      Advance();
      break;
    }
    if (AtEnd() || (Cur().first_on_line() && IsDeclKeyword(Kind()))) {
      Error(DiagKind::kCplUnclosedBracket, open.span, "'{' is not closed",
            "add the matching '}' before the next declaration");
      break;
    }
    size_t start = pos_;
    statement_start_ = pos_;
    if (!parse_one()) {
      if (too_deep_) break;
      Recover(start, RecoverMode::kInBlock);
      continue;
    }
    ExpectEndOfStatement("the statement", start, RecoverMode::kInBlock);
  }
  bracket_depth_ = saved_brackets;
  statement_start_ = saved_start;
  *body = Span::Cover(open.span, PrevSpan());
  return closed;
}

}  // namespace cocoplane::cpl::internal

#endif  // COCOPLANE_CPL_PARSE_PARSER_IMPL_H_
