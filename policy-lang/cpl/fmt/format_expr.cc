// Expressions, lists and condition blocks.
#include "cpl/fmt/formatter.h"
#include "cpl/lex/literals.h"

namespace cocoplane::cpl::internal {

void Formatter::Name(const cpl::Name& name) {
  if (name.quoted) {
    p_.Write(EncodeString(name.text));
  } else {
    p_.Write(name.text);
  }
}

void Formatter::Expression(const Expr& expr) {
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, PathExpr>) {
          for (size_t i = 0; i < node.segments.size(); ++i) {
            if (i > 0) p_.Write(".");
            Name(node.segments[i]);
          }
        } else if constexpr (std::is_same_v<T, StringLit>) {
          p_.Write(EncodeString(node.value));
        } else if constexpr (std::is_same_v<T, IntLit>) {
          p_.Write(std::to_string(node.digits));
          p_.Write(IntUnitSuffix(node.unit));
        } else if constexpr (std::is_same_v<T, BoolLit>) {
          p_.Write(node.value ? "true" : "false");
        } else if constexpr (std::is_same_v<T, RegexLit>) {
          p_.Write("regex ");
          p_.Write(EncodeString(node.pattern));
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          List(expr, node);
        } else if constexpr (std::is_same_v<T, ReferenceExpr>) {
          p_.Write("reference ");
          Name(node.name);
        } else if constexpr (std::is_same_v<T, NotExpr>) {
          p_.Write("not ");
          Expression(*node.operand);
        } else if constexpr (std::is_same_v<T, LogicalExpr>) {
          for (size_t i = 0; i < node.operands.size(); ++i) {
            if (i > 0) {
              p_.Write(" ");
              p_.Write(LogicalOpSpelling(node.op));
              p_.Write(" ");
            }
            Expression(node.operands[i]);
          }
        } else if constexpr (std::is_same_v<T, CompareExpr>) {
          Expression(*node.lhs);
          p_.Write(" ");
          p_.Write(CompareOpSpelling(node.op));
          p_.Write(" ");
          Expression(*node.rhs);
        } else if constexpr (std::is_same_v<T, ParenExpr>) {
          p_.Write("(");
          Expression(*node.inner);
          p_.Write(")");
        } else if constexpr (std::is_same_v<T, GroupExpr>) {
          p_.Write(GroupKindSpelling(node.kind));
          p_.Write(" ");
          Conditions(node.block);
        }
      },
      expr.node);
}

// `[a, b]` on one line, or one element per line with a trailing comma when
// the author broke the line after '[' or a comment sits inside.
void Formatter::List(const Expr& expr, const ListExpr& list) {
  bool multiline = (list.multiline || p_.HasCommentsIn(expr.span)) && !list.elements.empty();
  if (!multiline) {
    p_.Write("[");
    for (size_t i = 0; i < list.elements.size(); ++i) {
      if (i > 0) p_.Write(", ");
      Expression(list.elements[i]);
    }
    if (list.elements.empty() && p_.HasCommentsIn(expr.span)) {
      // `[  # why empty` — keep the comment; the line break is harmless.
      p_.EndLine(expr.span.offset + 1);
      p_.StartLine(expr.span.end() - 1, Printer::Blank::kNever);
    }
    p_.Write("]");
    return;
  }
  p_.Write("[");
  p_.EndLine(expr.span.offset + 1);
  p_.OpenBlock();
  for (const Expr& element : list.elements) {
    p_.StartLine(element.span.offset);
    Expression(element);
    p_.Write(",");
    p_.EndLine(element.span.end());
  }
  uint32_t close = expr.span.end() - 1;
  p_.FlushComments(close);
  p_.CloseBlock();
  p_.StartLine(close, Printer::Blank::kNever);
  p_.Write("]");
}

// `{ cond }` when written on one line, else one condition per line.
void Formatter::Conditions(const ConditionBlock& block) {
  uint32_t close = block.span.end() - 1;
  if (block.single_line && block.conditions.size() == 1 && !p_.HasCommentsIn(block.span)) {
    p_.Write("{ ");
    Expression(block.conditions.front());
    p_.Write(" }");
    return;
  }
  p_.Write("{");
  p_.EndLine(block.span.offset + 1);
  p_.OpenBlock();
  for (const Expr& cond : block.conditions) {
    p_.StartLine(cond.span.offset);
    Expression(cond);
    p_.EndLine(cond.span.end());
  }
  p_.FlushComments(close);
  p_.CloseBlock();
  p_.StartLine(close, Printer::Blank::kNever);
  p_.Write("}");
}

}  // namespace cocoplane::cpl::internal
