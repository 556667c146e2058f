// Internal to cpl/check: the state the checker's passes share and the entry
// function of each pass. Not a public header; check.h is the API.
//
// The passes, in the order check.cc runs them:
//   scope.cc        imports (missing, duplicate, cycles) and file scopes of
//                   consts (duplicates, reserved names); value.cc evaluates
//                   consts (cycles) and every other value
//   declarations.cc profiles, pools, attestation blocks and rules by name
//   workloads.cc    model workloads -> ir::Workload; agentPolicy resolution
//   rules.cc        release/deny -> ir::ReleaseRule; release_conditions.cc
//                   (with release_paths.cc and dnf.h) lowers `when` blocks
//                   to DNF, satisfiable.cc finds alternatives that never hold
//   attestation.cc  attestation blocks -> ir::Appraisal (conditions:
//                   appraisal_conditions.cc)
//   profiles.cc     agent profiles -> ir::AgentProfile (shells.cc: shells)
//   pools.cc        pool blocks + NodePools -> ir::PoolConstraints
//   findings.cc     cross checks: unreleased resources, shells x secrets
// context.cc holds the diagnostics helpers and the typed readers,
// model_index.cc the hash indexes over the model, vocabulary.cc the closed
// name sets (TEE kinds, volume kinds, annotations, path roots).
#ifndef COCOPLANE_CPL_CHECK_INTERNAL_H_
#define COCOPLANE_CPL_CHECK_INTERNAL_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.h"
#include "cpl/check/model_index.h"
#include "cpl/ir/ir.h"
#include "cpl/parse/ast.h"

namespace cocoplane::cpl::check {

// ---------------------------------------------------------------- values

// A CPL value after const substitution (value.cc). Keeps the Ast and Span it
// was written at, so a mistake inside a const points into the const's file.
struct Value {
  enum class Kind {
    // Already reported; callers stay silent.
    kError,
    kString,
    kInt,
    kBool,
    kRegex,
    // A bare name that is not a const: an enum member, a model object or a
    // path root, decided by the position (SPEC.md §5.3).
    kName,
    // Two or more segments: `ear.status`, `init_data_claims."cdh.toml".kbc`.
    kPath,
    kList,
    // `reference NAME`.
    kReference,
    // A comparison or logical expression used where a value belongs.
    kCondition,
  };
  Kind kind = Kind::kError;
  // kString, kRegex (the pattern), kName, kReference (the name).
  std::string text;
  // kInt, kBool (0/1).
  int64_t number = 0;
  // kName, kPath: the path as written (the Ast outlives every Value).
  const PathExpr* path_expr = nullptr;
  // kList elements.
  std::vector<Value> items;
  const Ast* ast = nullptr;
  Span span;

  Location where() const { return ast->Locate(span); }

  // kName, kPath: the segments (a name is a path of one segment).
  size_t segment_count() const { return path_expr != nullptr ? path_expr->segments.size() : 1; }
  const std::string& segment(size_t i) const { return path_expr != nullptr ? path_expr->segments[i].text : text; }
  Location segment_where(size_t i) const {
    return path_expr != nullptr ? ast->Locate(path_expr->segments[i].span) : where();
  }
};

// "a string", "an integer", "a list", ... for messages.
std::string_view KindNoun(Value::Kind kind);

// ---------------------------------------------------------------- scopes

struct ConstEntry {
  enum class State { kUnvisited, kVisiting, kDone };
  const ConstDecl* decl = nullptr;
  const Ast* ast = nullptr;
  size_t file = 0;
  State state = State::kUnvisited;
  Value value;
};

struct FileScope {
  const Ast* ast = nullptr;
  // Consts visible in this file: its own and those of files it imports.
  std::unordered_map<std::string_view, ConstEntry*> visible;
  // Files this one imports, by index.
  std::vector<size_t> imports;
};

// A declaration of kind D, the scope of its file, and the span of the whole
// declaration (D itself has none).
template <typename D>
struct DeclRef {
  const D* decl = nullptr;
  const FileScope* scope = nullptr;
  Span span;

  Location where() const { return scope->ast->Locate(span); }
};

// ---------------------------------------------------------------- context

class Context {
 public:
  Context(const std::vector<Ast>& files, const model::Model& model, DiagnosticSink& sink);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  void Emit(DiagKind kind, const Location& at, std::string message, std::string hint = "");
  // CP5030 "<what> must be <expected>, not <kind of v>"; silent for kError.
  void TypeError(const Value& v, std::string_view what, std::string_view expected, std::string hint = "");
  // CP5004 for a bare name that can only be a const, and is not one.
  void UnknownConst(const Value& v);

  const std::vector<Ast>& files;
  const ModelIndex index;
  std::vector<FileScope> scopes;
  // Stable addresses: FileScope::visible points into it.
  std::deque<ConstEntry> consts;
  // Global declarations, filled by declarations.cc. Sorted by name.
  std::map<std::string, DeclRef<AgentProfileDecl>, std::less<>> profiles;
  std::map<std::string, DeclRef<PoolDecl>, std::less<>> pools;
  std::vector<DeclRef<AttestationDecl>> attestations;
  std::vector<DeclRef<RuleDecl>> rules;
  // Agent profiles whose exec settings admit a shell: profile name -> the
  // setting's value and the shell it admits (profiles.cc, for findings.cc).
  struct ShellExec {
    Location at;
    std::string shell;
  };
  std::map<std::string, ShellExec, std::less<>> shell_execs;

 private:
  DiagnosticSink& sink_;
};

// ---------------------------------------------------------------- passes

// scope.cc
void BuildScopes(Context& ctx);

// value.cc: `e` in the scope of its file, consts substituted.
Value Evaluate(Context& ctx, const FileScope& scope, const Expr& e);
// Evaluates every const once, so mistakes in unused consts are reported.
void EvaluateConsts(Context& ctx);

// context.cc: readers that check a Value's type and resolve names. Each
// reports its own diagnostic and returns nullopt on a mistake.
std::optional<ir::TeeKind> ReadTee(Context& ctx, const Value& v);
std::optional<ir::EarStatus> ReadStatus(Context& ctx, const Value& v);
std::optional<int64_t> ReadInt(Context& ctx, const Value& v, std::string_view what);
// An integer within the AR4SI trust-claim range -127..127 (CP5xxx out of
// range otherwise).
std::optional<int> ReadTrustValue(Context& ctx, const Value& v, std::string_view what);
std::optional<std::string> ReadString(Context& ctx, const Value& v, std::string_view what);
// A list (or a const holding one) whose every element `read` accepts.
template <typename T, typename Read>
std::optional<std::vector<T>> ReadList(Context& ctx, const Value& v, std::string_view what, Read read) {
  if (v.kind == Value::Kind::kError) return std::nullopt;
  if (v.kind == Value::Kind::kName) {
    // A bare name where a list belongs can only be a const.
    ctx.UnknownConst(v);
    return std::nullopt;
  }
  if (v.kind != Value::Kind::kList) {
    ctx.TypeError(v, what, "a list `[...]`");
    return std::nullopt;
  }
  std::vector<T> out;
  bool ok = true;
  for (const Value& item : v.items) {
    std::optional<T> one = read(item);
    if (one) {
      out.push_back(std::move(*one));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}
// A regex that compiles (std::regex ECMAScript) and stays portable to the
// Rego engines (ir::PortableRegex); CP5032 otherwise.
bool CheckRegex(Context& ctx, const Value& v);

// declarations.cc
void CollectDeclarations(Context& ctx);

// workloads.cc
void LowerWorkloads(Context& ctx, ir::Policy& policy);
void LowerReferenceValues(Context& ctx, ir::Policy& policy);

// rules.cc; `released` gets, per ModelIndex resource, whether some release
// rule's pattern matches it.
void LowerRules(Context& ctx, ir::Policy& policy, std::vector<bool>& released);

// attestation.cc
void LowerAttestations(Context& ctx, ir::Policy& policy);

// profiles.cc. Also adds the implicit default profile when a workload needs it.
void LowerProfiles(Context& ctx, ir::Policy& policy);

// pools.cc
void LowerPools(Context& ctx, ir::Policy& policy);

// findings.cc
void ReportUnreleasedResources(Context& ctx, const std::vector<bool>& released);
void ReportShellsWithSecrets(Context& ctx, const ir::Policy& policy);

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_INTERNAL_H_
