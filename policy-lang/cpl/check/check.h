// Check: the third phase of CPL. Syntax trees + desired-state model in,
// resolved and typed IR (cpl/ir/ir.h) out.
//
// What it does (policy-lang/SPEC.md §4-§6):
// - resolves names: imports between files (by repository path, not
//   transitive), file-scoped consts, global agent profiles and pools, and
//   the model's workloads, node pools, KBS resources (by resource path
//   pattern), reference values and TEE kinds, with "did you mean" hints;
// - type-checks every value and condition against the vocabulary of
//   SPEC.md §6 and lowers it to the IR. `or`, `any {}` and `not` are put in
//   disjunctive normal form: a release rule with alternatives becomes one IR
//   rule per alternative, ids `<id>_1`, `<id>_2`, ... (at most
//   kMaxAlternatives, CP5036);
// - reports rules that can never match, resources no rule releases, rules
//   that release to any attested TEE under a Restricted TrusteeProfile,
//   shells allowed in workloads that receive secrets, and pool blocks that
//   contradict their NodePool. Every finding is a CP5xxx diagnostic
//   (base/diagnostics/cpl_check.def) at the offending token or YAML field.
//
// What the IR gets besides the lowered declarations:
// - an ir::Workload for EVERY model workload: TEE from its node pool,
//   agent_profile from spec.agentPolicy, init_data_binding left empty (the
//   compiler fills it in once it has built the initdata);
// - reference_values: every name the model's ReferenceValues declare;
// - an ir::PoolConstraints for EVERY model NodePool (see lower_pool.cc for
//   how a `pool` block and the NodePool's kata settings combine);
// - the implicit agent profile kDefaultProfileName for workloads without
//   spec.agentPolicy: a `agent profile default { ... }` declared in CPL if
//   there is one, otherwise the built-in profile with SPEC.md §4.3's
//   genpolicy-like defaults (no exec, no logs, no stdin, SetPolicy locked,
//   host-path volumes refused);
// - for release rules (not deny rules) that neither target workloads nor
//   constrain `tee`, the implicit `tee != sample` of SPEC.md §4.4.
//
// Failure: mistakes are diagnostics in `sink`; the returned Policy then
// holds what could be lowered and must not be compiled further (callers
// decide by sink.has_errors()). When the sink has no errors, the result
// passes ir::Verify once the compiler has filled in the init_data bindings.
//
// Pure (no I/O, clock or environment) and deterministic: the same input
// gives the same IR and the same diagnostics in the same order. Work is
// linear in the size of the input (hash-map look-ups, each regex compiled
// once). Thread-safe: no shared state; run concurrently on different sinks.
#ifndef COCOPLANE_CPL_CHECK_CHECK_H_
#define COCOPLANE_CPL_CHECK_CHECK_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "cpl/ir/ir.h"
#include "cpl/parse/ast.h"
#include "model/model.h"

namespace cocoplane::cpl {

// The profile a Workload without spec.agentPolicy runs with.
inline constexpr std::string_view kDefaultProfileName = "default";

// Upper bound on the IR rules one `release`/`deny` declaration may expand
// to (patterns x alternatives); more is CP5036.
inline constexpr size_t kMaxAlternatives = 64;

// Checks and lowers parsed files. `files` should come from a parse without
// errors (their Locations name the repository paths that `import` refers
// to); their order decides the order of rules and of diagnostics, so pass
// them sorted by path. The model is only read.
ir::Policy Check(const std::vector<Ast>& files, const model::Model& model, DiagnosticSink& sink);

// What the compiler calls: parses every `*.cpl` file of `snapshot` (sorted
// by path; files under the top-level `tests/` directory are test suites and
// are skipped, as the model loader skips them) and, if none has a syntax
// error, checks them against `model`. Symbolic links are followed inside
// the repository; unreadable files are reported as the model loader
// reports them (CP1004-CP1008). With syntax errors the result carries only
// what comes from the model (workloads, reference values, pools).
//
// `cache`, when given, keeps each file's syntax tree and syntax diagnostics
// between calls, keyed by path and git blob id, so an unchanged file is not
// lexed and parsed again (see ParseCache). Same result with or without it.
class ParseCache;
ir::Policy CompileCpl(const Snapshot& snapshot, const model::Model& model, DiagnosticSink& sink,
                      ParseCache* cache = nullptr);

// The parsed `.cpl` files of earlier CompileCpl calls. The caller owns it;
// CompileCpl drops the entries of paths the snapshot no longer has. Regular
// files only (a symbolic link is read through its target). Not thread-safe:
// one CompileCpl at a time per cache.
class ParseCache {
 public:
  // Files with a cached syntax tree.
  size_t size() const { return entries_.size(); }
  // Files the last CompileCpl took from the cache instead of parsing them.
  size_t reused() const { return reused_; }

 private:
  friend ir::Policy CompileCpl(const Snapshot& snapshot, const model::Model& model,
                               DiagnosticSink& sink, ParseCache* cache);
  struct Entry {
    std::string blob_id;
    // Lent to the checker during CompileCpl, here in between.
    Ast ast;
    DiagnosticSink diagnostics;
    // False when the file could not be read as text (see `diagnostics`).
    bool readable = false;
  };
  std::map<std::string, Entry, std::less<>> entries_;
  size_t reused_ = 0;
};

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_CHECK_CHECK_H_
