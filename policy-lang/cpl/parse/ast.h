// The CPL abstract syntax tree: what Parse() returns and what the checker
// (AST -> IR) and the formatter read. SPEC.md §3 is the grammar it mirrors.
//
// Plain structs and variants, owned by value (children by std::vector or
// std::unique_ptr), no back pointers, no behaviour. Every node carries a
// Span; Ast::Locate(span) turns it into a file:line:col Location when one is
// needed, so building the tree allocates no location strings.
//
// Fidelity: the tree keeps everything the formatter needs to print the file
// back — names as written (quoted or not), integer units, parentheses, and
// whether a list or a condition block was written on one line. Comments are
// kept in Ast::comments (source order) and doc comments are also attached
// to their declaration (Decl::doc).
//
// An Ast built from input with errors holds what could be parsed; consumers
// should only use it when the sink has no errors.
//
// Thread-safety: a value; safe to read from several threads.
#ifndef COCOPLANE_CPL_PARSE_AST_H_
#define COCOPLANE_CPL_PARSE_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/location.h"
#include "cpl/lex/literals.h"
#include "cpl/lex/token.h"
#include "cpl/source/source_text.h"

namespace cocoplane::cpl {

// A name as written: an identifier (`payments`, `snp-a`), or a string where
// the grammar allows one (`reference "snp_launch_measurement"`, the path
// segment in `init_data_claims."cdh.toml"`, an import path).
struct Name {
  // Decoded text (escapes resolved when quoted).
  std::string text;
  Span span;
  bool quoted = false;
};

// ---------------------------------------------------------------- expressions

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kContains, kMatches };
enum class LogicalOp : uint8_t { kAnd, kOr };
enum class GroupKind : uint8_t { kAny, kAll };

// "==", "not in", "matches", ...
std::string_view CompareOpSpelling(CompareOp op);
std::string_view LogicalOpSpelling(LogicalOp op);
std::string_view GroupKindSpelling(GroupKind kind);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// `tee`, `ear.status`, `trust.executables`, `init_data_claims."cdh.toml".kbc.name`,
// and every bare name (`snp`, `affirming`, `payments`, a const). One segment
// means "a name"; what it names is the checker's to resolve (SPEC.md §5).
struct PathExpr {
  std::vector<Name> segments;
};
struct StringLit {
  std::string value;
};
struct IntLit {
  int64_t digits = 0;
  IntUnit unit = IntUnit::kNone;
  // The value in base units (MiB for `Gi`): digits * factor. The lexer
  // guarantees it fits.
  int64_t value() const { return digits * IntUnitFactor(unit); }
};
struct BoolLit {
  bool value = false;
};
// `regex "^/usr/bin/[a-z]+$"`; `pattern` is the decoded string.
struct RegexLit {
  std::string pattern;
  Span pattern_span;
};
struct ListExpr {
  std::vector<Expr> elements;
  // Written with a line break after '[' (the formatter keeps one element
  // per line).
  bool multiline = false;
};
// `reference snp_launch_measurement` or `reference "snp-launch"`: the RVPS
// reference value of that name (a set of accepted values).
struct ReferenceExpr {
  Name name;
};
struct NotExpr {
  ExprPtr operand;
};
// `a and b and c` is one node with three operands (never left-nested, so a
// long chain cannot make the tree deep). `and` binds tighter than `or`.
struct LogicalExpr {
  LogicalOp op = LogicalOp::kAnd;
  // Two or more.
  std::vector<Expr> operands;
};
// `lhs op rhs`. A bare operand used as a condition (`gpu.attested`,
// `not snp.debug`) is not wrapped: it is the operand itself.
struct CompareExpr {
  CompareOp op = CompareOp::kEq;
  Span op_span;
  ExprPtr lhs;
  ExprPtr rhs;
};
struct ParenExpr {
  ExprPtr inner;
};

// `{ cond \n cond ... }` after `when`, `any` or `all`: a conjunction of
// conditions, one per line.
struct ConditionBlock {
  // From '{' to '}' inclusive.
  Span span;
  std::vector<Expr> conditions;
  // '{' and '}' on the same line (the formatter keeps it so).
  bool single_line = false;
};

// `any { ... }` (true if one condition holds) / `all { ... }`.
struct GroupExpr {
  GroupKind kind = GroupKind::kAny;
  ConditionBlock block;
};

struct Expr {
  Span span;
  std::variant<PathExpr, StringLit, IntLit, BoolLit, RegexLit, ListExpr, ReferenceExpr, NotExpr,
               LogicalExpr, CompareExpr, ParenExpr, GroupExpr>
      node;
};

// --------------------------------------------------------------- settings

enum class SettingBlock : uint8_t { kAgentProfile, kPool };

enum class SettingKind : uint8_t {
#define CPL_SETTING(Block, Name, spelling) k##Name,
#include "cpl/parse/settings.def"
};

enum class SettingVerb : uint8_t { kNone, kAllow, kDeny, kRequire, kForbid, kMax };

std::string_view SettingKindSpelling(SettingKind kind);
SettingBlock SettingKindBlock(SettingKind kind);
// "" for kNone.
std::string_view SettingVerbSpelling(SettingVerb verb);
// The setting of `block` spelled `word`, or nullopt.
std::optional<SettingKind> SettingKindFromText(SettingBlock block, std::string_view word);
std::optional<SettingVerb> SettingVerbFromText(std::string_view word);
// Whether `kind` has the form `verb`; *takes_value says if it needs a value.
bool SettingHasForm(SettingKind kind, SettingVerb verb, bool* takes_value);
// The verbs `kind` accepts, for messages ("allow or deny").
std::vector<SettingVerb> SettingVerbs(SettingKind kind);
// All setting spellings of `block`, for "did you mean".
std::vector<std::string> SettingSpellings(SettingBlock block);

// `exec allow ["/usr/bin/healthcheck"]`, `logs deny`, `memory max 64Gi`,
// `kernel_params ["agent.log=info"]`.
struct SettingStmt {
  Span span;
  SettingKind kind = SettingKind::kExec;
  // The setting word as written, for its Location.
  Name name;
  SettingVerb verb = SettingVerb::kNone;
  Span verb_span;
  std::optional<Expr> value;
};

// ---------------------------------------------------------- declarations

struct ImportDecl {
  // Repository-relative path of a .cpl file (always quoted).
  Name path;
};

struct ConstDecl {
  Name name;
  Expr value;
};

struct AgentProfileDecl {
  Name name;
  // From '{' to '}' inclusive.
  Span body;
  std::vector<SettingStmt> settings;
};

struct PoolDecl {
  Name name;
  Span body;
  std::vector<SettingStmt> settings;
};

enum class RuleEffect : uint8_t { kRelease, kDeny };
enum class TargetKind : uint8_t { kWorkload, kWorkloads };

// `to workload payments` / `to workloads [payments, inference]`.
struct RuleTarget {
  Span span;
  TargetKind kind = TargetKind::kWorkload;
  // kWorkload: a one-segment PathExpr naming the workload. kWorkloads: a
  // ListExpr of names, or a PathExpr naming a const list.
  Expr workloads;
};

// `release <resources> [to ...] [when {...}]` and `deny <resources> [to ...]
// [when {...}]`. `resources` is a string pattern, a list of them, or a const.
struct RuleDecl {
  RuleEffect effect = RuleEffect::kRelease;
  Expr resources;
  std::optional<RuleTarget> target;
  std::optional<ConditionBlock> when;
};

// `hardware = 2 when { ... }` or `default hardware = 97` inside an
// `attestation <tee>` block.
struct ClaimStmt {
  Span span;
  bool is_default = false;
  // The AR4SI trust-vector claim (checked by the checker).
  Name claim;
  Expr value;
  std::optional<ConditionBlock> when;
};

struct AttestationDecl {
  // The TEE kind (`snp`, `tdx`, `az-snp-vtpm`, ...), checked by the checker.
  Name tee;
  Span body;
  std::vector<ClaimStmt> claims;
};

struct Decl {
  // The whole declaration, without its doc comment.
  Span span;
  // Text of the `##` lines right above the declaration, without the "##"
  // and one following space, joined by '\n'. Empty when there are none.
  std::string doc;
  std::variant<ImportDecl, ConstDecl, AgentProfileDecl, PoolDecl, RuleDecl, AttestationDecl> node;
};

struct Ast {
  std::shared_ptr<const SourceText> source;
  std::vector<Decl> decls;
  // Every comment of the file, in source order (for the formatter).
  std::vector<Comment> comments;

  const std::string& path() const { return source->path(); }
  Location Locate(Span span) const { return source->Locate(span); }
};

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_PARSE_AST_H_
