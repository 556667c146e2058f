// Record: what cocoplane last applied, kept crash-safe on disk.
//
// The record is the only source of ownership: an object is cocoplane's if and
// only if the record (current or pending) names it — never guessed from file
// names. Drift detection compares live state with `current`.
//
// Crash safety: before touching any target the applier saves the record with
// `pending` = every object it is about to write. A crash mid-apply therefore
// leaves a record that still owns everything possibly written; the next
// reconcile converges and clears `pending`. The file itself is replaced
// atomically (temp + fsync + rename).
#ifndef COCOPLANE_RECONCILE_RECORD_H_
#define COCOPLANE_RECONCILE_RECORD_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace cocoplane::reconcile {

// The per-object drift opt-out: a desired-state document labelled
// `cocoplane.io/drift: detect` or `cocoplane.io/drift: ignore` gives every
// object compiled from it that mode (AppliedObject::drift).
inline constexpr char kDriftLabel[] = "cocoplane.io/drift";
inline constexpr char kDriftDetect[] = "detect";
inline constexpr char kDriftIgnore[] = "ignore";

struct AppliedObject {
  // Target name ("node/snp-a", "kbs-storage") and address inside it.
  std::string target;
  std::string address;
  // sha256 hex of the bytes written (for secrets: of the resolved value).
  std::string sha256;
  // The manifest artifact it came from, and the sha256 of that artifact's
  // bytes in the bundle (for a resource reference: of the descriptor). Drift
  // detection compares it with the desired bundle to find pending changes
  // without resolving any secret.
  std::string artifact;
  std::string artifact_sha256;
  bool secret = false;
  // The object's own drift mode, from its desired-state document (label
  // `cocoplane.io/drift`): "" follows the target's mode, "detect" is
  // reported but never corrected, "ignore" is not checked at all.
  std::string drift;

  friend bool operator==(const AppliedObject&, const AppliedObject&) = default;
};

struct RecordEntry {
  std::string revision;
  // RFC 3339 UTC, from the daemon's clock (not part of any artifact).
  std::string applied_at;
  // Sorted by (target, address).
  std::vector<AppliedObject> objects;
};

struct Record {
  // Empty revision = nothing applied yet.
  RecordEntry current;
  // Objects an interrupted apply may have written (see above).
  std::vector<AppliedObject> pending;
  // The last kHistory applied entries, newest first, current included.
  static constexpr size_t kHistory = 5;
  std::vector<RecordEntry> history;

  // True if `target`/`address` is in current or pending.
  bool Owns(const std::string& target, const std::string& address) const;
  // Makes `entry` current and pushes it onto the history.
  void Commit(RecordEntry entry);
};

// Loads the record; a missing file is an empty Record, a corrupt one an error
// (never silently reset: ownership would be lost).
Result<Record> LoadRecord(const std::string& path);
Status SaveRecord(const std::string& path, const Record& record);

// JSON form (also served in /api/v1/status).
std::string RecordToJson(const Record& record);

}  // namespace cocoplane::reconcile

#endif  // COCOPLANE_RECONCILE_RECORD_H_
