// Conditions and values (SPEC.md §3.3, §6):
//
//   condition  = or
//   or         = and { "or" and }
//   and        = not { "and" not }
//   not        = "not" not | comparison
//   comparison = operand [ compare_op operand ]
//   operand    = path | string | integer | bool | regex | list | reference
//              | "(" condition ")" | ("any" | "all") block
#include <utility>

#include "cpl/lex/literals.h"
#include "cpl/parse/parser_impl.h"

namespace cocoplane::cpl::internal {

std::optional<Expr> Parser::ParseCondition() { return ParseOr(); }

std::optional<Expr> Parser::ParseOr() { return ParseLogical(LogicalOp::kOr); }

std::optional<Expr> Parser::ParseAnd() { return ParseLogical(LogicalOp::kAnd); }

// One n-ary node per run of the same operator; operands of `or` are `and`
// chains, operands of `and` are `not` conditions.
std::optional<Expr> Parser::ParseLogical(LogicalOp op) {
  auto operand = [&] { return op == LogicalOp::kOr ? ParseAnd() : ParseNot(); };
  TokenKind token = op == LogicalOp::kOr ? TokenKind::kOr : TokenKind::kAnd;
  std::optional<Expr> first = operand();
  if (!first || !At(token) || !Continues()) return first;
  LogicalExpr chain{op, {}};
  chain.operands.push_back(std::move(*first));
  while (At(token) && Continues()) {
    Advance();
    std::optional<Expr> next = operand();
    if (!next) return std::nullopt;
    chain.operands.push_back(std::move(*next));
  }
  Span span = Span::Cover(chain.operands.front().span, chain.operands.back().span);
  return Expr{span, std::move(chain)};
}

std::optional<Expr> Parser::ParseNot() {
  if (!At(TokenKind::kNot)) return ParseComparison();
  Span start = Cur().span;
  DepthGuard guard(*this, start);
  if (!guard.ok()) return std::nullopt;
  Advance();
  std::optional<Expr> operand = ParseNot();
  if (!operand) return std::nullopt;
  Span span = Span::Cover(start, operand->span);
  return Expr{span, NotExpr{std::make_unique<Expr>(std::move(*operand))}};
}

std::optional<CompareOp> Parser::PeekCompareOp() const {
  if (!Continues()) return std::nullopt;
  switch (Kind()) {
    case TokenKind::kEqualEqual: return CompareOp::kEq;
    case TokenKind::kNotEqual: return CompareOp::kNe;
    case TokenKind::kLess: return CompareOp::kLt;
    case TokenKind::kLessEqual: return CompareOp::kLe;
    case TokenKind::kGreater: return CompareOp::kGt;
    case TokenKind::kGreaterEqual: return CompareOp::kGe;
    case TokenKind::kIn: return CompareOp::kIn;
    case TokenKind::kContains: return CompareOp::kContains;
    case TokenKind::kMatches: return CompareOp::kMatches;
    case TokenKind::kNot:
      if (Peek(1).kind == TokenKind::kIn) return CompareOp::kNotIn;
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<Expr> Parser::ParseComparison() {
  std::optional<Expr> lhs = ParseOperand();
  if (!lhs) return std::nullopt;
  std::optional<CompareOp> op = PeekCompareOp();
  if (!op) return lhs;
  Span op_span = Advance().span;
  if (*op == CompareOp::kNotIn) op_span = Span::Cover(op_span, Advance().span);
  std::optional<Expr> rhs = ParseOperand();
  if (!rhs) return std::nullopt;
  if (PeekCompareOp()) {
    Error(DiagKind::kCplChainedComparison, Cur().span,
          "comparison operators cannot be chained",
          "split it into two conditions, e.g. `a <= b` and `b <= c` on separate lines");
    return std::nullopt;
  }
  Span span = Span::Cover(lhs->span, rhs->span);
  return Expr{span, CompareExpr{*op, op_span, std::make_unique<Expr>(std::move(*lhs)),
                                std::make_unique<Expr>(std::move(*rhs))}};
}

std::optional<Expr> Parser::ParseOperand() {
  if (!Continues()) {
    ErrorExpected("a value", "", DiagKind::kCplExpectedExpression);
    return std::nullopt;
  }
  switch (Kind()) {
    case TokenKind::kIdentifier: return ParsePath();
    case TokenKind::kString:
    case TokenKind::kInteger:
    case TokenKind::kTrue:
    case TokenKind::kFalse: return ParseLiteral();
    case TokenKind::kRegex: return ParseRegex();
    case TokenKind::kLBracket: return ParseList();
    case TokenKind::kReference: return ParseReference();
    case TokenKind::kLParen: return ParseParen();
    case TokenKind::kAny:
    case TokenKind::kAll: return ParseGroup();
    default:
      ErrorExpected("a value or condition", "", DiagKind::kCplExpectedExpression);
      return std::nullopt;
  }
}

// NAME { "." (NAME | keyword | STRING) }
std::optional<Expr> Parser::ParsePath() {
  PathExpr path;
  path.segments.push_back(NameFrom(Advance()));
  while (At(TokenKind::kDot) && Continues()) {
    Advance();
    if (!Continues()) {
      ErrorExpected("a name or a quoted key after '.'");
      return std::nullopt;
    }
    if (At(TokenKind::kIdentifier) || IsKeyword(Kind())) {
      path.segments.push_back(NameFrom(Advance()));
    } else if (At(TokenKind::kString)) {
      const Token& t = Advance();
      path.segments.push_back(Name{DecodeString(Text(t)), t.span, true});
    } else {
      ErrorExpected("a name or a quoted key after '.'");
      return std::nullopt;
    }
  }
  Span span = Span::Cover(path.segments.front().span, path.segments.back().span);
  return Expr{span, std::move(path)};
}

std::optional<Expr> Parser::ParseLiteral() {
  const Token& t = Advance();
  switch (t.kind) {
    case TokenKind::kString: return Expr{t.span, StringLit{DecodeString(Text(t))}};
    case TokenKind::kInteger: {
      IntLiteralValue v = DecodeInteger(Text(t));
      return Expr{t.span, IntLit{v.digits, v.unit}};
    }
    case TokenKind::kTrue: return Expr{t.span, BoolLit{true}};
    default: return Expr{t.span, BoolLit{false}};
  }
}

// regex "PATTERN"
std::optional<Expr> Parser::ParseRegex() {
  Span start = Advance().span;
  if (!At(TokenKind::kString)) {
    ErrorExpected("a quoted pattern after 'regex'", "write regex \"^/usr/bin/[a-z]+$\"");
    return std::nullopt;
  }
  const Token& t = Advance();
  return Expr{Span::Cover(start, t.span), RegexLit{DecodeString(Text(t)), t.span}};
}

// reference NAME | reference "NAME"
std::optional<Expr> Parser::ParseReference() {
  Span start = Advance().span;
  Name name;
  if (At(TokenKind::kIdentifier)) {
    name = NameFrom(Advance());
  } else if (At(TokenKind::kString)) {
    const Token& t = Advance();
    name = Name{DecodeString(Text(t)), t.span, true};
  } else {
    ErrorExpected("a reference value name after 'reference'",
                  "write reference snp_launch_measurement or reference \"name\"");
    return std::nullopt;
  }
  Span span = Span::Cover(start, name.span);
  return Expr{span, ReferenceExpr{std::move(name)}};
}

// [ OPERAND { "," OPERAND } [","] ]
std::optional<Expr> Parser::ParseList() {
  const Token& open = Cur();
  DepthGuard guard(*this, open.span);
  if (!guard.ok()) return std::nullopt;
  Advance();
  ++bracket_depth_;
  ListExpr list;
  list.multiline = Cur().first_on_line();
  std::optional<Expr> result;
  while (true) {
    if (At(TokenKind::kRBracket)) {
      result = Expr{Span::Cover(open.span, Advance().span), std::move(list)};
      break;
    }
    if (AtEnd()) {
      Error(DiagKind::kCplUnclosedBracket, open.span, "'[' is not closed", "add the matching ']'");
      break;
    }
    std::optional<Expr> element = ParseOperand();
    if (!element) break;
    list.elements.push_back(std::move(*element));
    if (At(TokenKind::kComma)) {
      Advance();
      continue;
    }
    if (At(TokenKind::kRBracket)) continue;
    if (AtEnd()) {
      Error(DiagKind::kCplUnclosedBracket, open.span, "'[' is not closed", "add the matching ']'");
    } else {
      ErrorExpected("',' or ']' in the list");
    }
    break;
  }
  --bracket_depth_;
  return result;
}

// ( CONDITION )
std::optional<Expr> Parser::ParseParen() {
  const Token& open = Cur();
  DepthGuard guard(*this, open.span);
  if (!guard.ok()) return std::nullopt;
  Advance();
  ++bracket_depth_;
  std::optional<Expr> inner = ParseCondition();
  std::optional<Expr> result;
  if (inner) {
    if (At(TokenKind::kRParen)) {
      Span span = Span::Cover(open.span, Advance().span);
      result = Expr{span, ParenExpr{std::make_unique<Expr>(std::move(*inner))}};
    } else if (AtEnd()) {
      Error(DiagKind::kCplUnclosedBracket, open.span, "'(' is not closed", "add the matching ')'");
    } else {
      ErrorExpected("')'");
    }
  }
  --bracket_depth_;
  return result;
}

// any { ... } | all { ... }
std::optional<Expr> Parser::ParseGroup() {
  const Token& keyword = Advance();
  DepthGuard guard(*this, keyword.span);
  if (!guard.ok()) return std::nullopt;
  GroupKind kind = keyword.kind == TokenKind::kAny ? GroupKind::kAny : GroupKind::kAll;
  std::string owner = "'" + std::string(GroupKindSpelling(kind)) + "'";
  std::optional<ConditionBlock> block = ParseConditionBlock(owner);
  if (!block) return std::nullopt;
  Span span = Span::Cover(keyword.span, block->span);
  return Expr{span, GroupExpr{kind, std::move(*block)}};
}

}  // namespace cocoplane::cpl::internal
