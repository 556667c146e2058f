#include "cpl/parse/ast_dump.h"  // tests/cpl/parse

#include "cpl/lex/literals.h"

namespace cocoplane::cpl::testing {
namespace {

std::string DumpName(const Name& name) {
  return name.quoted ? EncodeString(name.text) : name.text;
}

std::string DumpBlock(const ConditionBlock& block) {
  std::string out;
  for (const Expr& c : block.conditions) out += " " + DumpExpr(c);
  return out;
}

std::string DumpSetting(const SettingStmt& s) {
  std::string out = "(" + std::string(SettingKindSpelling(s.kind));
  if (s.verb != SettingVerb::kNone) out += " " + std::string(SettingVerbSpelling(s.verb));
  if (s.value) out += " " + DumpExpr(*s.value);
  return out + ")";
}

std::string DumpClaim(const ClaimStmt& c) {
  std::string out = c.is_default ? "(default " : "(claim ";
  out += DumpName(c.claim) + " " + DumpExpr(c.value);
  if (c.when) out += " (when" + DumpBlock(*c.when) + ")";
  return out + ")";
}

}  // namespace

std::string DumpExpr(const Expr& expr) {
  return std::visit(
      [](const auto& n) -> std::string {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, PathExpr>) {
          std::string out = "(path";
          for (const Name& s : n.segments) out += " " + DumpName(s);
          return out + ")";
        } else if constexpr (std::is_same_v<T, StringLit>) {
          return "(str " + EncodeString(n.value) + ")";
        } else if constexpr (std::is_same_v<T, IntLit>) {
          return "(int " + std::to_string(n.digits) + std::string(IntUnitSuffix(n.unit)) + ")";
        } else if constexpr (std::is_same_v<T, BoolLit>) {
          return n.value ? "true" : "false";
        } else if constexpr (std::is_same_v<T, RegexLit>) {
          return "(regex " + EncodeString(n.pattern) + ")";
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          std::string out = "(list";
          for (const Expr& e : n.elements) out += " " + DumpExpr(e);
          return out + ")";
        } else if constexpr (std::is_same_v<T, ReferenceExpr>) {
          return "(reference " + DumpName(n.name) + ")";
        } else if constexpr (std::is_same_v<T, NotExpr>) {
          return "(not " + DumpExpr(*n.operand) + ")";
        } else if constexpr (std::is_same_v<T, LogicalExpr>) {
          std::string out = "(" + std::string(LogicalOpSpelling(n.op));
          for (const Expr& e : n.operands) out += " " + DumpExpr(e);
          return out + ")";
        } else if constexpr (std::is_same_v<T, CompareExpr>) {
          return "(" + std::string(CompareOpSpelling(n.op)) + " " + DumpExpr(*n.lhs) + " " +
                 DumpExpr(*n.rhs) + ")";
        } else if constexpr (std::is_same_v<T, ParenExpr>) {
          return "(paren " + DumpExpr(*n.inner) + ")";
        } else {
          return "(" + std::string(GroupKindSpelling(n.kind)) + DumpBlock(n.block) + ")";
        }
      },
      expr.node);
}

std::string DumpDecl(const Decl& decl) {
  return std::visit(
      [](const auto& n) -> std::string {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ImportDecl>) {
          return "(import " + DumpName(n.path) + ")";
        } else if constexpr (std::is_same_v<T, ConstDecl>) {
          return "(const " + DumpName(n.name) + " " + DumpExpr(n.value) + ")";
        } else if constexpr (std::is_same_v<T, AgentProfileDecl>) {
          std::string out = "(profile " + DumpName(n.name);
          for (const SettingStmt& s : n.settings) out += " " + DumpSetting(s);
          return out + ")";
        } else if constexpr (std::is_same_v<T, PoolDecl>) {
          std::string out = "(pool " + DumpName(n.name);
          for (const SettingStmt& s : n.settings) out += " " + DumpSetting(s);
          return out + ")";
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          std::string out = n.effect == RuleEffect::kRelease ? "(release " : "(deny ";
          out += DumpExpr(n.resources);
          if (n.target) {
            out += n.target->kind == TargetKind::kWorkload ? " (to workload " : " (to workloads ";
            out += DumpExpr(n.target->workloads) + ")";
          }
          if (n.when) out += " (when" + DumpBlock(*n.when) + ")";
          return out + ")";
        } else {
          std::string out = "(attestation " + DumpName(n.tee);
          for (const ClaimStmt& c : n.claims) out += " " + DumpClaim(c);
          return out + ")";
        }
      },
      decl.node);
}

std::string DumpAst(const Ast& ast) {
  std::string out;
  for (const Decl& d : ast.decls) out += DumpDecl(d) + "\n";
  return out;
}

}  // namespace cocoplane::cpl::testing
