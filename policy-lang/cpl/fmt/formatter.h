// Internal to cpl/fmt: the tree walker behind Format(). Declarations and
// statements are in format.cc, expressions in format_expr.cc.
#ifndef COCOPLANE_CPL_FMT_FORMATTER_H_
#define COCOPLANE_CPL_FMT_FORMATTER_H_

#include <string>

#include "cpl/fmt/printer.h"
#include "cpl/parse/ast.h"

namespace cocoplane::cpl::internal {

class Formatter {
 public:
  explicit Formatter(const Ast& ast) : ast_(ast), p_(*ast.source, ast.comments) {}

  std::string Run();

 private:
  // format.cc
  void Declaration(const Decl& decl);
  void Rule(const RuleDecl& rule);
  void Setting(const SettingStmt& setting);
  void Claim(const ClaimStmt& claim);
  // `{ statements }` of a profile, pool or attestation block: `{}` when
  // empty, else one statement per line.
  template <typename Stmt, typename PrintOne>
  void StatementBlock(Span body, const std::vector<Stmt>& stmts, PrintOne print_one);
  static bool PrintsAsBlock(const Decl& decl);

  // format_expr.cc
  void Expression(const Expr& expr);
  void Name(const cpl::Name& name);
  void List(const Expr& expr, const ListExpr& list);
  void Conditions(const ConditionBlock& block);

  const Ast& ast_;
  Printer p_;
};

template <typename Stmt, typename PrintOne>
void Formatter::StatementBlock(Span body, const std::vector<Stmt>& stmts, PrintOne print_one) {
  uint32_t close = body.end() - 1;
  if (stmts.empty() && !p_.HasCommentsIn(body)) {
    p_.Write("{}");
    return;
  }
  p_.Write("{");
  p_.EndLine(body.offset + 1);
  p_.OpenBlock();
  for (const Stmt& stmt : stmts) {
    p_.StartLine(stmt.span.offset);
    print_one(stmt);
    p_.EndLine(stmt.span.end());
  }
  p_.FlushComments(close);
  p_.CloseBlock();
  p_.StartLine(close, Printer::Blank::kNever);
  p_.Write("}");
}

}  // namespace cocoplane::cpl::internal

#endif  // COCOPLANE_CPL_FMT_FORMATTER_H_
