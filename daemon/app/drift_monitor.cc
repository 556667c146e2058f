#include "app/drift_monitor.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "metrics/metrics.h"

namespace cocoplane::app {
namespace {

using nlohmann::json;

// Reads of a burst of inotify events collapse into one check; 100 ms keeps
// detection well inside a second.
constexpr int kWatchDebounceMs = 100;
constexpr auto kCheckSpacing = std::chrono::milliseconds(100);
constexpr double kFlushEverySeconds = 1;

bool Correctable(const drift::DriftItem& item, const DriftMonitorOptions& options) {
  bool kind = item.kind == drift::DriftKind::kModified || item.kind == drift::DriftKind::kMissing;
  return kind && !item.detect_only && options.Corrects(item.target);
}

std::vector<metrics::DriftCount> Counts(const drift::DriftReport& report) {
  std::map<std::pair<std::string, std::string>, double> counts;
  for (const auto& i : report.items)
    counts[{i.target, std::string(drift::DriftKindName(i.kind))}] += 1;
  std::vector<metrics::DriftCount> out;
  for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
  return out;
}

json ItemJson(const drift::DriftItem& i) {
  return {{"kind", drift::DriftKindName(i.kind)},
          {"target", i.target},
          {"address", i.address},
          {"artifact", i.artifact},
          {"expected_sha256", i.expected_sha256},
          {"live_sha256", i.live_sha256},
          {"detect_only", i.detect_only}};
}

}  // namespace

bool DriftMonitorOptions::Corrects(const std::string& target) const {
  auto it = correct_by_target.find(target);
  return it == correct_by_target.end() ? correct : it->second;
}

DriftMonitor::DriftMonitor(DriftMonitorOptions options, DriftMonitorDeps deps)
    : options_(options), deps_(std::move(deps)) {}

DriftMonitor::~DriftMonitor() { Stop(); }

void DriftMonitor::Start() {
  server::TriggerOptions trigger;
  trigger.min_interval = kCheckSpacing;
  checks_ = std::make_unique<server::ReconcileTrigger>(
      [this](const std::vector<std::string>&) { RunCheck(); }, trigger);
  server::PollOptions poll;
  // At least a second: a zero in the config must not become a busy loop.
  poll.interval =
      std::chrono::milliseconds(static_cast<long>(std::max(options_.interval_seconds, 1.0) * 1000));
  poll.jitter = options_.jitter;
  periodic_ =
      std::make_unique<server::PollTimer>(poll, deps_.random, [this] { RequestCheck("periodic"); });
  if (options_.watch) {
    watcher_ =
        std::make_unique<drift::DirWatcher>([this] { RequestCheck("watch"); }, kWatchDebounceMs);
    if (Status s = watcher_->Start(); !s.ok()) {
      deps_.log->Warn("inotify unavailable; drift is found by periodic checks only",
                      {{"error", s.ToString()}});
      watcher_.reset();
    }
  }
  worker_ = std::thread([this] { Work(); });
  RequestCheck("startup");
}

void DriftMonitor::Stop() {
  if (periodic_) periodic_->Stop();
  if (watcher_) watcher_->Stop();
  if (checks_) checks_->Stop();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void DriftMonitor::RequestCheck(std::string_view why) {
  if (checks_) checks_->Request(why);
}

void DriftMonitor::RunCheck() {
  std::unique_lock<std::mutex> apply(*deps_.apply_mu, std::try_to_lock);
  // An apply is running: it asks for a check when it is done.
  if (!apply.owns_lock()) return;
  bool reloaded = false;
  const reconcile::Record* record = CurrentRecord(&reloaded);
  if (!record) return;
  // Watches first, then the read: an edit made after the read is seen by a
  // watch, one made before it by the read. The other order leaves a window
  // in which an edit to a newly watched directory is missed until the next
  // periodic check.
  if (reloaded) UpdateWatches(*record);
  std::shared_ptr<const compile::Bundle> desired = deps_.desired ? deps_.desired() : nullptr;
  drift::DriftReport report = drift::CheckDrift(*record, desired.get(), deps_.targets->all);
  apply.unlock();
  if (deps_.notifier) deps_.notifier->Report(report.items);
  deps_.metrics->RecordDriftCheck(Counts(report));
  Note(report, deps_.clock());
}

const reconcile::Record* DriftMonitor::CurrentRecord(bool* reloaded) {
  // The record is replaced by rename (reconcile/record.h), so a new save is
  // a new inode; size and mtime catch the rest.
  struct stat st {};
  std::string stamp;
  if (::stat(deps_.record_path.c_str(), &st) == 0) {
    stamp = std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
            std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
  }
  if (record_ && !stamp.empty() && stamp == record_stamp_) return &*record_;
  Result<reconcile::Record> loaded = reconcile::LoadRecord(deps_.record_path);
  if (!loaded.ok()) {
    record_.reset();
    deps_.log->Error("drift check skipped: the record cannot be read",
                     {{"error", loaded.status().ToString()}});
    return nullptr;
  }
  record_ = std::move(*loaded);
  record_stamp_ = stamp;
  *reloaded = true;
  return &*record_;
}

void DriftMonitor::UpdateWatches(const reconcile::Record& record) {
  if (!watcher_) return;
  std::set<std::string> dirs;
  auto add = [&](const reconcile::AppliedObject& o) {
    std::string path = deps_.targets->PathOf(o.target, o.address);
    if (!path.empty()) dirs.insert(std::filesystem::path(path).parent_path().string());
  };
  for (const auto& o : record.current.objects) add(o);
  for (const auto& o : record.pending) add(o);
  // Re-arming every watch at each check would open a window for missed
  // events; only a changed set of directories is re-armed.
  if (dirs == watched_) return;
  watched_ = dirs;
  Status s = watcher_->Watch(std::vector<std::string>(dirs.begin(), dirs.end()));
  if (!s.ok()) deps_.log->Warn("cannot watch target directories", {{"error", s.ToString()}});
}

// Logs changes, stores the report for the status, schedules a correction.
void DriftMonitor::Note(const drift::DriftReport& report, double now) {
  bool correctable = false;
  for (const auto& i : report.items) correctable = correctable || Correctable(i, options_);
  std::lock_guard<std::mutex> lock(mu_);
  bool changed = !last_ || last_->items != report.items;
  if (changed) {
    LogFields fields{{"items", static_cast<std::int64_t>(report.items.size())},
                     {"checked", static_cast<std::int64_t>(report.checked)}};
    for (const auto& c : Counts(report)) {
      fields.emplace_back(c.target + "/" + c.kind, static_cast<std::int64_t>(c.items));
    }
    if (report.items.empty())
      deps_.log->Info("no drift", fields);
    else
      deps_.log->Warn("drift found", fields);
  }
  for (const auto& e : report.errors)
    deps_.log->Error("drift check: target unreadable", {{"error", e}});
  last_ = report;
  last_at_ = now;
  ++checks_done_;
  if (correctable) {
    if (!correction_due_) correction_due_ = backoff_.NextAt(now);
  } else {
    correction_due_.reset();
  }
  flush_now_ = true;
  wake_.notify_all();
}

void DriftMonitor::Work() {
  double last_flush = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    double now = deps_.clock();
    double wait = kFlushEverySeconds - (now - last_flush);
    if (correction_due_) wait = std::min(wait, *correction_due_ - now);
    if (!flush_now_ && wait > 0) {
      wake_.wait_for(lock, std::chrono::duration<double>(wait));
      continue;
    }
    now = deps_.clock();
    bool correct = correction_due_ && now >= *correction_due_;
    if (correct) {
      correction_due_.reset();
      backoff_.Attempted(now);
    }
    int attempts = backoff_.attempts();
    flush_now_ = false;
    lock.unlock();
    if (correct) {
      deps_.log->Info("correcting drift: forced reconcile",
                      {{"attempt", static_cast<std::int64_t>(attempts)}});
      deps_.correct();
    }
    if (deps_.notifier) deps_.notifier->Flush();
    last_flush = now;
    lock.lock();
  }
}

std::string DriftMonitor::StatusJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  json doc;
  if (!last_) {
    doc["checked_at"] = nullptr;
    return doc.dump();
  }
  doc["checked_at"] = Rfc3339(last_at_);
  doc["checks"] = checks_done_;
  doc["checked"] = last_->checked;
  json items = json::array();
  for (const auto& i : last_->items) items.push_back(ItemJson(i));
  doc["items"] = std::move(items);
  doc["errors"] = last_->errors;
  doc["mode"] = options_.correct ? "correct" : "detect";
  doc["self_heal_attempts"] = backoff_.attempts();
  // A hand-made file with a non-UTF-8 name is an `unexpected` item: replace
  // the bad bytes rather than throw.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<notify::Alert> DriftMonitor::Firing() const {
  if (!deps_.notifier) return {};
  return deps_.notifier->Firing();
}

std::map<std::string, size_t> DriftMonitor::ItemsPerTarget() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, size_t> out;
  if (last_) {
    for (const auto& i : last_->items) ++out[i.target];
  }
  return out;
}

}  // namespace cocoplane::app
