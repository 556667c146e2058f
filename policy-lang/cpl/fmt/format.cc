// Declarations and statements. See format.h for the layout rules.
#include "cpl/fmt/format.h"

#include "cpl/fmt/formatter.h"
#include "cpl/lex/literals.h"
#include "cpl/parse/parser.h"

namespace cocoplane::cpl {
namespace internal {

std::string Formatter::Run() {
  const Decl* prev = nullptr;
  for (const Decl& decl : ast_.decls) {
    bool force = prev && (PrintsAsBlock(*prev) || PrintsAsBlock(decl));
    p_.StartLine(decl.span.offset, force ? Printer::Blank::kForce : Printer::Blank::kKeep);
    Declaration(decl);
    p_.EndLine(decl.span.end());
    prev = &decl;
  }
  return p_.Finish();
}

namespace {

bool IsMultilineList(const Expr& expr) {
  const auto* list = std::get_if<ListExpr>(&expr.node);
  return list && list->multiline && !list->elements.empty();
}

}  // namespace

// Declarations that span several lines get a blank line above and below.
// Decided from the tree alone, so the decision survives re-parsing.
bool Formatter::PrintsAsBlock(const Decl& decl) {
  if (const auto* rule = std::get_if<RuleDecl>(&decl.node)) {
    return (rule->when && !rule->when->single_line) || IsMultilineList(rule->resources) ||
           (rule->target && IsMultilineList(rule->target->workloads));
  }
  if (const auto* c = std::get_if<ConstDecl>(&decl.node)) return IsMultilineList(c->value);
  return !std::holds_alternative<ImportDecl>(decl.node);
}

void Formatter::Declaration(const Decl& decl) {
  if (const auto* import = std::get_if<ImportDecl>(&decl.node)) {
    p_.Write("import ");
    p_.Write(EncodeString(import->path.text));
  } else if (const auto* c = std::get_if<ConstDecl>(&decl.node)) {
    p_.Write("const ");
    Name(c->name);
    p_.Write(" = ");
    Expression(c->value);
  } else if (const auto* profile = std::get_if<AgentProfileDecl>(&decl.node)) {
    p_.Write("agent profile ");
    Name(profile->name);
    p_.Write(" ");
    StatementBlock(profile->body, profile->settings, [&](const SettingStmt& s) { Setting(s); });
  } else if (const auto* pool = std::get_if<PoolDecl>(&decl.node)) {
    p_.Write("pool ");
    Name(pool->name);
    p_.Write(" ");
    StatementBlock(pool->body, pool->settings, [&](const SettingStmt& s) { Setting(s); });
  } else if (const auto* rule = std::get_if<RuleDecl>(&decl.node)) {
    Rule(*rule);
  } else if (const auto* att = std::get_if<AttestationDecl>(&decl.node)) {
    p_.Write("attestation ");
    Name(att->tee);
    p_.Write(" ");
    StatementBlock(att->body, att->claims, [&](const ClaimStmt& claim) { Claim(claim); });
  }
}

void Formatter::Rule(const RuleDecl& rule) {
  p_.Write(rule.effect == RuleEffect::kRelease ? "release " : "deny ");
  Expression(rule.resources);
  if (rule.target) {
    p_.Write(rule.target->kind == TargetKind::kWorkload ? " to workload " : " to workloads ");
    Expression(rule.target->workloads);
  }
  if (rule.when) {
    p_.Write(" when ");
    Conditions(*rule.when);
  }
}

void Formatter::Setting(const SettingStmt& setting) {
  p_.Write(SettingKindSpelling(setting.kind));
  if (setting.verb != SettingVerb::kNone) {
    p_.Write(" ");
    p_.Write(SettingVerbSpelling(setting.verb));
  }
  if (setting.value) {
    p_.Write(" ");
    Expression(*setting.value);
  }
}

void Formatter::Claim(const ClaimStmt& claim) {
  if (claim.is_default) p_.Write("default ");
  Name(claim.claim);
  p_.Write(" = ");
  Expression(claim.value);
  if (claim.when) {
    p_.Write(" when ");
    Conditions(*claim.when);
  }
}

}  // namespace internal

std::string Format(const Ast& ast) { return internal::Formatter(ast).Run(); }

std::optional<std::string> FormatSource(std::string path, std::string text, DiagnosticSink& sink) {
  DiagnosticSink local;
  Ast ast = ParseFile(std::move(path), std::move(text), local);
  sink.Merge(local);
  if (local.has_errors()) return std::nullopt;
  return Format(ast);
}

}  // namespace cocoplane::cpl
