// Declarations: import, const, agent profile, pool, release/deny rules and
// attestation blocks (SPEC.md §4).
#include <algorithm>
#include <utility>

#include "cpl/lex/literals.h"
#include "cpl/parse/parser_impl.h"

namespace cocoplane::cpl::internal {
namespace {

// One segment of a KBS resource path: ^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-\.]*$
// (reference trustee.md §1, ResourceDesc::try_from).
bool IsResourceSegment(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-';
    if (!word && !(c == '.' && i > 0)) return false;
  }
  return true;
}

// A pattern segment is "*", a literal segment, or a literal prefix + "*".
bool IsPatternSegment(std::string_view s) {
  if (s == "*") return true;
  if (!s.empty() && s.back() == '*') s.remove_suffix(1);
  return IsResourceSegment(s);
}

}  // namespace

std::optional<Decl> Parser::ParseDecl() {
  Span start = Cur().span;
  auto wrap = [&](auto node) -> std::optional<Decl> {
    if (!node) return std::nullopt;
    return Decl{Span::Cover(start, PrevSpan()), "", std::move(*node)};
  };
  TokenKind kind = Kind();
  if (kind != TokenKind::kImport) seen_non_import_ = true;
  switch (kind) {
    case TokenKind::kImport: return wrap(ParseImport());
    case TokenKind::kConst: return wrap(ParseConst());
    case TokenKind::kAgent: return wrap(ParseAgentProfile());
    case TokenKind::kPool: return wrap(ParsePool());
    case TokenKind::kRelease:
    case TokenKind::kDeny: return wrap(ParseRule());
    case TokenKind::kAttestation: return wrap(ParseAttestation());
    default: return std::nullopt;
  }
}

// import "policies/common.cpl"
std::optional<ImportDecl> Parser::ParseImport() {
  const Token& keyword = Advance();
  if (seen_non_import_) {
    // Independent of anything else wrong with this import: report it
    // without silencing the rest of the statement.
    sink_.Emit(DiagKind::kCplImportNotFirst, tokens_.Locate(keyword.span),
               "import after other declarations", "move every import to the top of the file");
  }
  if (!At(TokenKind::kString) || !OnSameLine()) {
    ErrorExpected("a quoted file path after 'import'", "write import \"policies/common.cpl\"");
    return std::nullopt;
  }
  const Token& path = Advance();
  ImportDecl decl{Name{DecodeString(Text(path)), path.span, true}};
  CheckImportPath(decl.path);
  return decl;
}

// Imports name files by repository-relative path (SPEC.md §5.2).
void Parser::CheckImportPath(const Name& path) {
  std::string_view p = path.text;
  std::string problem;
  if (p.size() < 5 || p.substr(p.size() - 4) != ".cpl") {
    problem = "does not end in .cpl";
  } else if (p[0] == '/') {
    problem = "is absolute";
  } else if (p.find('\\') != std::string_view::npos) {
    problem = "contains '\\'";
  } else {
    for (size_t begin = 0; begin <= p.size();) {
      size_t end = p.find('/', begin);
      if (end == std::string_view::npos) end = p.size();
      std::string_view seg = p.substr(begin, end - begin);
      if (seg.empty() || seg == "." || seg == "..") {
        problem = "has an empty, '.' or '..' segment";
        break;
      }
      begin = end + 1;
    }
  }
  if (problem.empty()) return;
  Error(DiagKind::kCplBadImportPath, path.span, "import path \"" + path.text + "\" " + problem,
        "name the file by its path from the repository root, e.g. \"policies/common.cpl\"");
}

// const NAME = VALUE
std::optional<ConstDecl> Parser::ParseConst() {
  Advance();
  std::optional<Name> name = ExpectName("a const name");
  if (!name || !Expect(TokenKind::kAssign, "after the const name")) return std::nullopt;
  std::optional<Expr> value = ParseOperand();
  if (!value) return std::nullopt;
  return ConstDecl{std::move(*name), std::move(*value)};
}

// agent profile NAME { settings }
std::optional<AgentProfileDecl> Parser::ParseAgentProfile() {
  Advance();
  if (!Expect(TokenKind::kProfile, "after 'agent'")) return std::nullopt;
  std::optional<Name> name = ExpectName("a profile name");
  if (!name) return std::nullopt;
  if (!At(TokenKind::kLBrace)) {
    ErrorExpected("'{' to open the profile");
    return std::nullopt;
  }
  AgentProfileDecl decl{std::move(*name), {}, {}};
  ParseStatements(&decl.body, [&] { return ParseSetting(SettingBlock::kAgentProfile, decl.settings); });
  if (too_deep_) return std::nullopt;
  return decl;
}

// pool NAME { settings }
std::optional<PoolDecl> Parser::ParsePool() {
  Advance();
  std::optional<Name> name = ExpectName("a pool name");
  if (!name) return std::nullopt;
  if (!At(TokenKind::kLBrace)) {
    ErrorExpected("'{' to open the pool");
    return std::nullopt;
  }
  PoolDecl decl{std::move(*name), {}, {}};
  ParseStatements(&decl.body, [&] { return ParseSetting(SettingBlock::kPool, decl.settings); });
  if (too_deep_) return std::nullopt;
  return decl;
}

// release|deny RESOURCES [to workload NAME | to workloads LIST] [when {...}]
std::optional<RuleDecl> Parser::ParseRule() {
  RuleEffect effect = At(TokenKind::kRelease) ? RuleEffect::kRelease : RuleEffect::kDeny;
  Advance();
  if (AtStatementEnd()) {
    ErrorExpected("a resource pattern such as \"default/payments/*\"");
    return std::nullopt;
  }
  std::optional<Expr> resources = ParseOperand();
  if (!resources) return std::nullopt;
  CheckResourcePatterns(*resources);
  RuleDecl rule{effect, std::move(*resources), std::nullopt, std::nullopt};
  if (At(TokenKind::kTo) && OnSameLine()) {
    rule.target = ParseRuleTarget();
    if (!rule.target) return std::nullopt;
  }
  if (At(TokenKind::kWhen) && OnSameLine()) {
    Advance();
    rule.when = ParseConditionBlock("'when'");
    if (!rule.when) return std::nullopt;
  }
  return rule;
}

std::optional<RuleTarget> Parser::ParseRuleTarget() {
  Span start = Advance().span;
  if (At(TokenKind::kWorkload) && OnSameLine()) {
    Advance();
    std::optional<Name> name = ExpectName("a workload name");
    if (!name) return std::nullopt;
    Span span = name->span;
    Expr path{span, PathExpr{{std::move(*name)}}};
    return RuleTarget{Span::Cover(start, span), TargetKind::kWorkload, std::move(path)};
  }
  if (At(TokenKind::kWorkloads) && OnSameLine()) {
    Advance();
    if (AtStatementEnd()) {
      ErrorExpected("a list of workloads after 'workloads'");
      return std::nullopt;
    }
    std::optional<Expr> names = ParseOperand();
    if (!names) return std::nullopt;
    Span span = Span::Cover(start, names->span);
    return RuleTarget{span, TargetKind::kWorkloads, std::move(*names)};
  }
  ErrorExpected("'workload' or 'workloads' after 'to'",
                "write `to workload payments` or `to workloads [payments, inference]`");
  return std::nullopt;
}

void Parser::CheckResourcePatterns(const Expr& resources) {
  if (std::holds_alternative<StringLit>(resources.node)) {
    CheckResourcePattern(resources);
  } else if (const auto* list = std::get_if<ListExpr>(&resources.node)) {
    for (const Expr& e : list->elements) {
      if (std::holds_alternative<StringLit>(e.node)) CheckResourcePattern(e);
    }
  }
}

// "repo/type/tag", each segment literal, "*" or prefix* (SPEC.md §4.4).
void Parser::CheckResourcePattern(const Expr& literal) {
  const std::string& pattern = std::get<StringLit>(literal.node).value;
  size_t segments = 0;
  size_t bad_at = std::string::npos;
  size_t bad_len = 0;
  for (size_t begin = 0; begin <= pattern.size();) {
    size_t end = pattern.find('/', begin);
    if (end == std::string::npos) end = pattern.size();
    ++segments;
    std::string_view seg = std::string_view(pattern).substr(begin, end - begin);
    if (bad_at == std::string::npos && (!IsPatternSegment(seg) || segments > 3)) {
      bad_at = begin;
      bad_len = seg.size();
    }
    begin = end + 1;
  }
  if (segments == 3 && bad_at == std::string::npos) return;
  // Point into the literal when it has no escapes (offsets then match);
  // otherwise at the whole literal.
  Span span = literal.span;
  std::string_view source_text = tokens_.source->Slice(literal.span);
  if (bad_at != std::string::npos && source_text.find('\\') == std::string_view::npos) {
    span = Span{literal.span.offset + 1 + static_cast<uint32_t>(bad_at),
                static_cast<uint32_t>(std::max<size_t>(bad_len, 1))};
  }
  std::string why = segments != 3 ? "has " + std::to_string(segments) + " segments, not 3"
                                  : "has an invalid segment";
  Error(DiagKind::kCplBadResourcePattern, span, "resource pattern \"" + pattern + "\" " + why,
        "write repo/type/tag; each segment is letters, digits, '_', '-', '.', or '*', or a "
        "prefix followed by '*'");
}

// attestation TEE { claims }
std::optional<AttestationDecl> Parser::ParseAttestation() {
  Advance();
  std::optional<Name> tee = ExpectName("a TEE kind such as snp or tdx");
  if (!tee) return std::nullopt;
  if (!At(TokenKind::kLBrace)) {
    ErrorExpected("'{' to open the attestation block");
    return std::nullopt;
  }
  AttestationDecl decl{std::move(*tee), {}, {}};
  ParseStatements(&decl.body, [&] { return ParseClaim(decl.claims); });
  if (too_deep_) return std::nullopt;
  return decl;
}

}  // namespace cocoplane::cpl::internal
