// One-shot commands on the daemon's configuration: `cocoplane apply` and
// `cocoplane drift`. They build the same Pipeline as `serve`
// (app/components.h), so they act on exactly what the daemon would, and
// they share its state dir (record, git mirror). Do not run them against a
// state dir a running daemon is applying to at the same moment.
//
// Output: what was done goes to `out`, problems (config diagnostics,
// refused revisions with their diagnostics, operational errors) to `err`.
// Neither ever holds a secret value: objects are named by target and
// address, drift by digest.
#ifndef COCOPLANE_APP_ONE_SHOT_H_
#define COCOPLANE_APP_ONE_SHOT_H_

#include <ostream>
#include <string>
#include <string_view>

#include "app/components.h"
#include "app/reconciler.h"

namespace cocoplane::app {

struct OneShotDeps {
  CompilerFactory compiler;
  ResolverFactory resolver = LocalResolverFactory();
  Clock clock = SystemClock();
};

// `cocoplane apply --config FILE [--dry-run]`: one reconcile. Exit 0 when
// applied or nothing to do, 1 when refused (not verified, does not compile;
// the diagnostics are printed), 2 on an error (config, fetch, apply).
int RunApply(const std::string& config_path, bool dry_run, const OneShotDeps& deps,
             std::ostream& out, std::ostream& err);

// `cocoplane drift --config FILE [--output text|json|markdown]`: one check
// of the configured targets against the record, plus `pending` against the
// desired state compiled from the source's current head. Exit 0 no drift, 1
// drift, 2 error (config, record, an unreadable target, a failed fetch).
// A head that does not compile is reported on `err` and leaves `pending`
// unchecked; it is not an error of the drift check.
int RunDrift(const std::string& config_path, std::string_view format, const OneShotDeps& deps,
             std::ostream& out, std::ostream& err);

// Prints what a reconcile applied (or, with dry_run, would apply) and where:
// a headline, then one line per object with its target, address and path.
void PrintApplied(const ReconcileOutcome& outcome, const TargetSet& targets, bool dry_run,
                  std::ostream& out);

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_ONE_SHOT_H_
