// Statements inside braces: settings of `agent profile` and `pool`, claims
// of `attestation`, and condition blocks after `when`, `any` and `all`
// (SPEC.md §4.3-§4.6, §6).
#include <utility>

#include "base/strings.h"
#include "cpl/parse/parser_impl.h"

namespace cocoplane::cpl::internal {
namespace {

std::string_view BlockNoun(SettingBlock block) {
  switch (block) {
    case SettingBlock::kAgentProfile: return "agent profile";
    case SettingBlock::kPool: return "pool";
  }
  return "";
}

// "exec, logs, ...": for messages only.
std::string SettingsList(SettingBlock block) {
  std::string out;
  for (const std::string& s : SettingSpellings(block)) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "allow or deny", "allow, deny or require".
std::string JoinVerbs(const std::vector<SettingVerb>& verbs) {
  std::string out;
  for (size_t i = 0; i < verbs.size(); ++i) {
    if (i > 0) out += i + 1 == verbs.size() ? " or " : ", ";
    out += SettingVerbSpelling(verbs[i]);
  }
  return out;
}

// A setting is either verbless (`kernel_params [...]`) or has only verb
// forms; settings.def never mixes the two.
bool HasVerbForms(SettingKind kind) { return !SettingHasForm(kind, SettingVerb::kNone, nullptr); }

}  // namespace

// SETTING [VERB] [VALUE]
bool Parser::ParseSetting(SettingBlock block, std::vector<SettingStmt>& out) {
  if (!At(TokenKind::kIdentifier)) {
    ErrorExpected("a " + std::string(BlockNoun(block)) + " setting",
                  "settings are: " + SettingsList(block));
    return false;
  }
  const Token& word = Cur();
  std::optional<SettingKind> kind = SettingKindFromText(block, Text(word));
  if (!kind) {
    ReportUnknownSetting(block, word);
    return false;
  }
  Advance();
  SettingStmt stmt;
  stmt.kind = *kind;
  stmt.name = NameFrom(word);
  std::optional<SettingVerb> verb = ParseVerb(*kind);
  if (!verb) return false;
  stmt.verb = *verb;
  if (stmt.verb != SettingVerb::kNone) stmt.verb_span = PrevSpan();
  bool takes_value = false;
  SettingHasForm(stmt.kind, stmt.verb, &takes_value);
  if (takes_value == AtStatementEnd()) {
    ReportValueMismatch(stmt, takes_value);
    return false;
  }
  if (takes_value) {
    stmt.value = ParseOperand();
    if (!stmt.value) return false;
  }
  stmt.span = Span::Cover(word.span, PrevSpan());
  out.push_back(std::move(stmt));
  return true;
}

// CP4103 with a "did you mean", or a note that the word belongs to the
// other kind of block (`memory` in an agent profile).
void Parser::ReportUnknownSetting(SettingBlock block, const Token& word) {
  std::string_view text = Text(word);
  SettingBlock other =
      block == SettingBlock::kPool ? SettingBlock::kAgentProfile : SettingBlock::kPool;
  std::string near = ClosestMatch(text, SettingSpellings(block));
  std::string hint = near.empty() ? "settings are: " + SettingsList(block)
                                  : "did you mean '" + near + "'?";
  if (SettingKindFromText(other, text)) {
    hint = "'" + std::string(text) + "' is a " + std::string(BlockNoun(other)) + " setting; " +
           std::string(BlockNoun(block)) + " settings are: " + SettingsList(block);
  }
  Error(DiagKind::kCplUnknownSetting, word.span,
        "unknown " + std::string(BlockNoun(block)) + " setting '" + std::string(text) + "'", hint);
}

// `exec allow` without a value, or `logs deny 3` with one.
void Parser::ReportValueMismatch(const SettingStmt& stmt, bool takes_value) {
  std::string form = std::string(SettingKindSpelling(stmt.kind));
  if (stmt.verb != SettingVerb::kNone) form += " " + std::string(SettingVerbSpelling(stmt.verb));
  if (takes_value) {
    Error(DiagKind::kCplBadSettingForm, Span{PrevSpan().end(), 1}, "'" + form + "' needs a value",
          "see SPEC.md §4 for what each setting takes");
  } else if (At(TokenKind::kError)) {
    failed_ = true;
  } else {
    Error(DiagKind::kCplBadSettingForm, Cur().span, "'" + form + "' takes no value",
          "remove " + DescribeCurrent());
  }
}

// Reads the verb after a setting name, if the setting has verbs. Returns
// nullopt (after reporting CP4104) when the verb is missing or not one the
// setting has.
std::optional<SettingVerb> Parser::ParseVerb(SettingKind kind) {
  std::string_view setting = SettingKindSpelling(kind);
  if (!HasVerbForms(kind)) return SettingVerb::kNone;
  std::optional<SettingVerb> verb;
  if (OnSameLine() && (At(TokenKind::kIdentifier) || IsKeyword(Kind()))) {
    verb = SettingVerbFromText(Text(Cur()));
  }
  if (!verb) {
    if (At(TokenKind::kError)) {
      failed_ = true;
      return std::nullopt;
    }
    std::string expected = JoinVerbs(SettingVerbs(kind)) + " after '" + std::string(setting) + "'";
    std::string hint = "write e.g. `" + std::string(setting) + " " +
                       std::string(SettingVerbSpelling(SettingVerbs(kind).front())) + "`";
    if (OnSameLine()) {
      Error(DiagKind::kCplBadSettingForm, Cur().span,
            "expected " + expected + ", found " + DescribeCurrent(), hint);
    } else {
      Error(DiagKind::kCplBadSettingForm, Span{PrevSpan().end(), 1},
            "expected " + expected + ", found end of line", hint);
    }
    return std::nullopt;
  }
  if (!SettingHasForm(kind, *verb, nullptr)) {
    Error(DiagKind::kCplBadSettingForm, Cur().span,
          "'" + std::string(setting) + "' cannot be '" + std::string(Text(Cur())) + "'",
          "'" + std::string(setting) + "' takes " + JoinVerbs(SettingVerbs(kind)));
    return std::nullopt;
  }
  Advance();
  return verb;
}

// [default] CLAIM = VALUE [when {...}]
bool Parser::ParseClaim(std::vector<ClaimStmt>& out) {
  ClaimStmt claim;
  Span start = Cur().span;
  if (AtWord("default") && Peek(1).kind == TokenKind::kIdentifier && !Peek(1).first_on_line()) {
    claim.is_default = true;
    Advance();
  }
  if (!At(TokenKind::kIdentifier)) {
    ErrorExpected("a trust claim such as hardware or executables",
                  "write `hardware = 2 when { ... }` or `default hardware = 97`");
    return false;
  }
  claim.claim = NameFrom(Advance());
  if (!Expect(TokenKind::kAssign, "after the claim name")) return false;
  if (AtStatementEnd()) {
    ErrorExpected("a value after '='");
    return false;
  }
  std::optional<Expr> value = ParseOperand();
  if (!value) return false;
  claim.value = std::move(*value);
  if (At(TokenKind::kWhen) && OnSameLine()) {
    if (claim.is_default) {
      Error(DiagKind::kCplUnexpectedToken, Cur().span, "a default claim cannot have 'when'",
            "the default applies when no other rule for the claim matches; drop the condition");
      return false;
    }
    Advance();
    claim.when = ParseConditionBlock("'when'");
    if (!claim.when) return false;
  }
  claim.span = Span::Cover(start, PrevSpan());
  out.push_back(std::move(claim));
  return true;
}

// { CONDITION \n CONDITION ... } with at least one condition.
std::optional<ConditionBlock> Parser::ParseConditionBlock(std::string_view owner) {
  if (!At(TokenKind::kLBrace) || !OnSameLine()) {
    ErrorExpected("'{' after " + std::string(owner));
    return std::nullopt;
  }
  ConditionBlock block;
  Span open = Cur().span;
  bool attempted = false;
  bool closed = ParseStatements(&block.span, [&] {
    attempted = true;
    std::optional<Expr> cond = ParseCondition();
    if (!cond) return false;
    block.conditions.push_back(std::move(*cond));
    return true;
  });
  if (too_deep_) return std::nullopt;
  if (closed && !attempted) {
    failed_ = false;
    Error(DiagKind::kCplEmptyConditionBlock, open,
          "empty " + std::string(owner) + " block",
          "add a condition, or remove the block (no block means no extra conditions)");
  }
  const SourceText& src = *tokens_.source;
  block.single_line = src.LineOf(block.span.offset) == src.LineOf(block.span.end() - 1);
  return block;
}

}  // namespace cocoplane::cpl::internal
