// Drift: how the targets' live state differs from what cocoplane applied and
// from what Git now wants.
//
// CheckDrift compares, for every object the record owns, the live bytes'
// digest with the recorded one; lists what else is present where cocoplane
// manages objects; and compares the desired bundle with the record. Kinds:
//   modified    live digest differs from the recorded one
//   missing     a recorded object is gone
//   unexpected  an object nobody recorded sits beside managed ones (e.g. a
//               hand-made Kata drop-in in the same config.d)
//   pending     the desired bundle differs from what was applied (a new
//               commit not applied yet, or an apply that failed)
// Only digests are compared and reported: secret values are read (to hash
// them) but never kept or returned.
//
// Per-object opt-out (AppliedObject::drift, from the document's label
// `cocoplane.io/drift`): "ignore" objects are neither read nor reported
// (they stay owned, so never `unexpected`); "detect" objects are reported
// with detect_only set, so a `correct`-mode daemon leaves them alone.
#ifndef COCOPLANE_DRIFT_DRIFT_H_
#define COCOPLANE_DRIFT_DRIFT_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "compile/bundle.h"
#include "reconcile/record.h"
#include "targets/target.h"

namespace cocoplane::drift {

enum class DriftKind { kModified, kMissing, kUnexpected, kPending };

// "modified" | "missing" | "unexpected" | "pending"
std::string_view DriftKindName(DriftKind kind);

struct DriftItem {
  DriftKind kind;
  std::string target;
  std::string address;
  // The artifact path (empty for unexpected objects).
  std::string artifact;
  // Digests; empty when not applicable (missing live, unexpected recorded).
  std::string expected_sha256;
  std::string live_sha256;
  // The object opted out of correction (AppliedObject::drift == "detect"):
  // report it, never re-apply it.
  bool detect_only = false;

  friend bool operator==(const DriftItem&, const DriftItem&) = default;
};

struct DriftReport {
  // Sorted by (target, address, kind).
  std::vector<DriftItem> items;
  // Objects checked (recorded objects plus unexpected ones seen).
  size_t checked = 0;
  // Targets that could not be read, with the reason; the check goes on.
  std::vector<std::string> errors;
};

// `desired` may be null (no pending check). Targets not named in the record
// are still listed for unexpected objects only if they hold recorded objects.
DriftReport CheckDrift(const reconcile::Record& record, const compile::Bundle* desired,
                       const std::vector<targets::Target*>& targets);

// Text, JSON and Markdown renderings (for `cocoplane drift` and alerts).
std::string RenderDriftText(const DriftReport& report);
std::string RenderDriftJson(const DriftReport& report);
std::string RenderDriftMarkdown(const DriftReport& report);

}  // namespace cocoplane::drift

#endif  // COCOPLANE_DRIFT_DRIFT_H_
