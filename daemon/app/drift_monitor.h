// DriftMonitor: the daemon's drift loop — when to check, what to do with
// the findings.
//
// A check (drift/drift.h CheckDrift: record x live targets x desired bundle)
// is requested by
//   * a periodic timer: `[drift] interval_seconds` (default 300) ± 10 %;
//   * inotify (`[drift] watch`): a DirWatcher on the directory of every
//     object the record owns, so a hand edit is seen within a second;
//   * the daemon after every reconcile.
// Requests coalesce (one worker, server/reconcile_trigger.h). A check never
// runs during an apply: it try-locks the daemon's apply mutex and, if an
// apply holds it, skips — the reconcile requests a check when it ends. So an
// apply's own intermediate state is never reported as drift.
//
// After each check the findings go to the Notifier (alerts, dedup), the
// metrics (cocoplane_drift_items, cocoplane_drift_checks_total) and the
// status. A worker thread calls Notifier::Flush() every second (and at once
// after a check), so delivery never blocks a check or a reconcile.
//
// Mode `correct` (`[drift] mode`, or a target's own `drift_mode`): modified
// or missing objects of a correcting target make the monitor request a
// forced reconcile, paced by SelfHealBackoff (app/self_heal.h). Unexpected
// objects are only reported (cocoplane never removes what it does not own)
// and pending ones are the reconcile's business. An object whose document
// opts out (label `cocoplane.io/drift: detect`, DriftItem::detect_only) is
// only reported; with `ignore` it is not even checked (drift/drift.h).
//
// Thread-safety: RequestCheck, StatusJson and Firing may be called from any
// thread; Start/Stop from the owner's thread.
#ifndef COCOPLANE_APP_DRIFT_MONITOR_H_
#define COCOPLANE_APP_DRIFT_MONITOR_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "app/components.h"
#include "app/log.h"
#include "app/self_heal.h"
#include "compile/bundle.h"
#include "drift/dir_watcher.h"
#include "drift/drift.h"
#include "notify/notifier.h"
#include "server/poll_timer.h"
#include "server/reconcile_trigger.h"

namespace cocoplane::metrics {
class Metrics;
}

namespace cocoplane::app {

struct DriftMonitorOptions {
  double interval_seconds = 300;
  double jitter = 0.10;
  bool watch = true;
  // The default mode, and targets whose own mode differs (name -> correct).
  bool correct = false;
  std::map<std::string, bool> correct_by_target;

  // True if drift of `target` is corrected.
  bool Corrects(const std::string& target) const;
};

struct DriftMonitorDeps {
  std::string record_path;
  // Must outlive the monitor.
  const TargetSet* targets = nullptr;
  // The desired bundle for `pending` (the reconciler's last good compile),
  // or null.
  std::function<std::shared_ptr<const compile::Bundle>()> desired;
  // Held by every apply; must outlive the monitor.
  std::mutex* apply_mu = nullptr;
  // May be null (no [notify] sinks). Owned by the monitor.
  std::unique_ptr<notify::Notifier> notifier;
  metrics::Metrics* metrics = nullptr;
  Logger* log = nullptr;
  Clock clock;
  server::UniformRandom random;
  // Requests a forced reconcile (mode correct). Must not block.
  std::function<void()> correct;
};

class DriftMonitor {
 public:
  DriftMonitor(DriftMonitorOptions options, DriftMonitorDeps deps);
  ~DriftMonitor();
  DriftMonitor(const DriftMonitor&) = delete;
  DriftMonitor& operator=(const DriftMonitor&) = delete;

  // Starts the check worker, the periodic timer, the watcher (a failing
  // inotify is logged and the periodic checks go on) and the flush worker.
  void Start();
  // Stops everything; a check in progress finishes first. Idempotent.
  void Stop();

  // Asks for a check soon; `why` is a fixed word for the log.
  void RequestCheck(std::string_view why);

  // {"checked_at", "checks", "checked", "items": [...], "errors": [...],
  //  "self_heal_attempts"}, or {"checked_at": null} before the first check.
  std::string StatusJson() const;
  // Alerts firing now (empty without a notifier).
  std::vector<notify::Alert> Firing() const;
  // Drift items per target in the last check.
  std::map<std::string, size_t> ItemsPerTarget() const;

 private:
  void RunCheck();
  // The record, re-read only when record.json was replaced (another inode,
  // size or mtime): parsing 10,000 objects and the history costs more than
  // checking them. Null (logged) when it cannot be read. Check worker only.
  const reconcile::Record* CurrentRecord(bool* reloaded);
  void UpdateWatches(const reconcile::Record& record);
  void Note(const drift::DriftReport& report, double now);
  void Work();

  const DriftMonitorOptions options_;
  DriftMonitorDeps deps_;
  std::unique_ptr<server::ReconcileTrigger> checks_;
  std::unique_ptr<server::PollTimer> periodic_;
  std::unique_ptr<drift::DirWatcher> watcher_;
  std::set<std::string> watched_;
  std::optional<reconcile::Record> record_;
  std::string record_stamp_;
  std::thread worker_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool flush_now_ = false;
  std::optional<drift::DriftReport> last_;
  double last_at_ = 0;
  std::uint64_t checks_done_ = 0;
  SelfHealBackoff backoff_;
  std::optional<double> correction_due_;
};

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_DRIFT_MONITOR_H_
