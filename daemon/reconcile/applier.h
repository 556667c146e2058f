// Applier: makes the targets hold a Bundle, and records what it did.
//
// Apply() plans against what the targets hold *now* (not against the last
// record), so it converges after a crash, a failed apply or a hand edit:
//   1. map every artifact to the first target that accepts its manifest
//      target (artifacts no configured target accepts are reported skipped);
//   2. resolve KBS resource values (ValueResolver) — in memory only;
//   3. save the record with `pending` = everything about to be written;
//   4. write, in apply-step order (plan/plan.h), every object whose live
//      digest differs — except an object opted out of drift correction
//      (or in one of `keep_live_targets`) whose desired digest is the one
//      last applied (its live edit stays);
//      then remove objects the record owns that the bundle no longer has
//      (resource removals last);
//   5. commit the new record entry (atomic file replace).
// With dry_run, steps 3–5 are skipped and the result says what would happen.
// On error, the record keeps owning everything possibly written.
#ifndef COCOPLANE_RECONCILE_APPLIER_H_
#define COCOPLANE_RECONCILE_APPLIER_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "compile/bundle.h"
#include "reconcile/record.h"
#include "reconcile/value_resolver.h"
#include "targets/target.h"

namespace cocoplane::reconcile {

struct ApplyOptions {
  bool dry_run = false;
  // Per-object drift opt-outs: artifact owner ("nodepool/snp", "trustee",
  // "resource/default/x/y", ...) -> "detect" | "ignore". Recorded on every
  // object of that owner (AppliedObject::drift).
  std::map<std::string, std::string> drift_by_owner;
  // Targets whose live edits are kept like opted-out objects' (a drift
  // correction run leaves targets in `detect` mode alone).
  std::set<std::string> keep_live_targets;
  // Test-only hook, called after each object written with the count so far
  // (the crash test blocks here and kills the process).
  std::function<void(size_t written)> after_write;
};

struct ApplyResult {
  Record record;
  // "<target> <address>" per object, in the order acted on.
  std::vector<std::string> written;
  std::vector<std::string> removed;
  size_t unchanged = 0;
  // Opted-out objects (AppliedObject::drift) whose live value differs from
  // an unchanged desired one: left as they are, still reported as drift.
  std::vector<std::string> kept_drifted;
  // Artifact paths no configured target accepts.
  std::vector<std::string> skipped;
};

Result<ApplyResult> Apply(const compile::Bundle& desired, const Record& last,
                          const std::vector<targets::Target*>& targets, ValueResolver& resolver,
                          const std::string& record_path, const std::string& now,
                          const ApplyOptions& options);

}  // namespace cocoplane::reconcile

#endif  // COCOPLANE_RECONCILE_APPLIER_H_
