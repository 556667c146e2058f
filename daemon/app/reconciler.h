// Reconciler: one Git revision in, the targets converged, the record kept.
//
// RunOnce() is the whole GitOps step, one at a time:
//   fetch the ref -> verify the commit(s) -> read the Snapshot from the
//   object database -> compile -> apply to the targets -> commit the record.
// A revision that fails verification or compilation is never applied: the
// targets and the record stay exactly as they were (the last good state), and
// the outcome — with the diagnostics — is what /api/v1/status shows.
//
// The reconciler knows nothing of HTTP, metrics or timers: the daemon loop
// calls it and turns outcomes into metrics, status and logs. All its
// collaborators are injected, so tests run it on real git repositories with
// a fake compiler, or with the real one.
//
// Thread-safety: RunOnce() must not run concurrently with itself (the
// trigger loop serialises it); LastOutcome()/StatusJson() may be called from
// any thread.
#ifndef COCOPLANE_APP_RECONCILER_H_
#define COCOPLANE_APP_RECONCILER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "compile/bundle.h"
#include "reconcile/applier.h"
#include "source/git_source.h"
#include "targets/target.h"
#include "verify/verify_revision.h"

namespace cocoplane::app {

// What one revision compiles to, as far as the daemon is concerned.
struct CompiledRevision {
  compile::Bundle bundle;
  // Per-object drift opt-outs, by artifact owner -> "detect" | "ignore"
  // (reconcile/record.h kDriftLabel); recorded on the applied objects.
  std::map<std::string, std::string> drift_by_owner;
};

// Compiles a snapshot; nullopt (with errors in the sink) when it does not.
using CompileFn = std::function<std::optional<CompiledRevision>(const Snapshot&, DiagnosticSink&)>;

struct ReconcilerDeps {
  source::GitSource* source = nullptr;
  verify::Mode verify_mode = verify::Mode::kNone;
  const verify::TrustStore* trust = nullptr;
  CompileFn compile;
  std::vector<targets::Target*> targets;
  reconcile::ValueResolver* resolver = nullptr;
  std::string record_path;
  // RFC 3339 UTC now, for the record's applied_at.
  std::function<std::string()> now;
};

struct ReconcileOptions {
  // Plan only: compile and compare, touch nothing.
  bool dry_run = false;
  // Apply even when the head equals the applied revision (drift correction).
  bool force = false;
  // Targets whose hand edits this run leaves alone unless Git changed the
  // object (reconcile/applier.h): a correction run passes the targets in
  // `detect` mode.
  std::set<std::string> keep_live_targets;
  // Test-only, passed to the applier.
  std::function<void(size_t)> after_write;
};

struct ReconcileOutcome {
  enum class Kind {
    kApplied,      // the targets now hold `revision`
    kUpToDate,     // nothing to do
    kNotVerified,  // refused: signature verification failed
    kNotCompiled,  // refused: the revision has errors (see diagnostics)
    kFailed,       // an operational error (fetch, apply, record)
  };
  Kind kind = Kind::kFailed;
  std::string revision;
  std::string message;
  std::vector<Diagnostic> diagnostics;
  // Metrics labels: "ok"/"error" for the fetch, the verification reason.
  bool fetch_ok = false;
  std::string verify_reason;
  bool history_rewritten = false;
  reconcile::ApplyResult apply;
};

// "applied", "up_to_date", "not_verified", "not_compiled", "failed".
std::string_view OutcomeName(ReconcileOutcome::Kind kind);

class Reconciler {
 public:
  explicit Reconciler(ReconcilerDeps deps);

  ReconcileOutcome RunOnce(const ReconcileOptions& options = {});

  std::optional<ReconcileOutcome> LastOutcome() const;
  // The last compiled good bundle (drift's desired state), or null. Shared,
  // not copied: a drift check runs every time a target changes.
  std::shared_ptr<const compile::Bundle> DesiredBundle() const;
  // {"desired_revision", "applied_revision", "last": {...}, "record": {...}}.
  std::string StatusJson() const;

 private:
  ReconcileOutcome Run(const ReconcileOptions& options);

  ReconcilerDeps deps_;
  mutable std::mutex mu_;
  std::optional<ReconcileOutcome> last_;
  std::string desired_revision_;
  // Compile cache: a revision compiles to the same bytes every time.
  std::shared_ptr<const CompiledRevision> compiled_;
};

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_RECONCILER_H_
