// Metrics: the daemon's Prometheus metric families and their text rendering.
//
// One Metrics object owns a prometheus::Registry holding every family the
// daemon exports. Callers record facts through small typed methods and never
// touch prometheus-cpp; Render() produces the text exposition format 0.0.4
// that the HTTP server serves at /metrics.
//
// Families (names follow the Argo CD / Flux conventions in
// /work/shared/reference/gitops-anchors.md §5.8: `<project>_<thing>_total` for
// counters, `_seconds` for durations, `_info` for a gauge that is 1):
//   cocoplane_reconcile_total{result}                 counter
//   cocoplane_reconcile_duration_seconds              histogram
//   cocoplane_git_fetch_total{result}                 counter
//   cocoplane_applied_revision_info{revision}         gauge, 1 for the current
//                                                     revision, no other series
//   cocoplane_verification_failures_total{reason}     counter
//   cocoplane_webhook_requests_total{provider,result} counter
//   cocoplane_drift_items{target,kind}                gauge
//   cocoplane_drift_checks_total                      counter
//   cocoplane_notifications_total{sink,result}        counter
// `result` labels with a closed set of values are enums, so label cardinality
// stays bounded; free-form labels (reason, provider, target, ...) take names the
// daemon chooses, never user payloads. Label values that are not valid UTF-8
// are recorded as "invalid" (the text format requires UTF-8).
//
// Never fails: every method either records the fact or, if prometheus-cpp
// rejects it (it throws only for invalid names, which are ours and fixed), drops
// it silently rather than disturb the reconcile it measures.
//
// Thread-safety: every method may be called concurrently from any thread.
#ifndef COCOPLANE_METRICS_METRICS_H_
#define COCOPLANE_METRICS_METRICS_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace cocoplane::metrics {

// The label values of `result` for reconciles, git fetches and notifications.
enum class Outcome { kSuccess, kFailure };

// The label values of `result` for webhook requests.
enum class WebhookResult {
  // Authenticated; a reconcile was requested.
  kAccepted,
  // Authenticated but not a change event (GitHub "ping"); nothing requested.
  kIgnored,
  // Missing or wrong signature/token.
  kUnauthorized,
  // Body over the size cap.
  kTooLarge,
  // The provider has no secret configured, so its route is off.
  kDisabled,
};

std::string_view OutcomeName(Outcome outcome);
std::string_view WebhookResultName(WebhookResult result);

// One (target, kind) count of a drift check, e.g. {"node/snp-a", "modified", 2}.
struct DriftCount {
  std::string target;
  std::string kind;
  double items = 0;
};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One finished reconcile and how long it took (wall seconds).
  void ObserveReconcile(Outcome result, double seconds);
  void CountGitFetch(Outcome result);
  // Makes `revision` the only series of cocoplane_applied_revision_info.
  void SetAppliedRevision(std::string_view revision);
  // A revision refused by verification, e.g. reason "unsigned".
  void CountVerificationFailure(std::string_view reason);
  void CountWebhook(std::string_view provider, WebhookResult result);
  // One finished drift check: counts cocoplane_drift_checks_total and sets
  // cocoplane_drift_items to `counts`; (target, kind) pairs seen in earlier
  // checks but absent now drop to 0, so a resolved alert sees the change.
  void RecordDriftCheck(const std::vector<DriftCount>& counts);
  void CountNotification(std::string_view sink, Outcome result);

  // Text exposition format 0.0.4 of every family, families sorted by name
  // (series order within a family is prometheus-cpp's). A family without
  // series yet still has its HELP and TYPE lines.
  std::string Render() const;

 private:
  std::unique_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* reconcile_total_;
  prometheus::Family<prometheus::Histogram>* reconcile_duration_;
  prometheus::Histogram* reconcile_duration_series_;
  prometheus::Family<prometheus::Counter>* git_fetch_total_;
  prometheus::Family<prometheus::Gauge>* applied_revision_;
  prometheus::Family<prometheus::Counter>* verification_failures_;
  prometheus::Family<prometheus::Counter>* webhook_requests_;
  prometheus::Family<prometheus::Gauge>* drift_items_;
  prometheus::Family<prometheus::Counter>* drift_checks_;
  prometheus::Counter* drift_checks_series_;
  prometheus::Family<prometheus::Counter>* notifications_;

  // Guards the multi-step updates (revision swap, drift replacement) and the
  // state they keep; single counter increments are atomic in prometheus-cpp.
  std::mutex mutex_;
  prometheus::Gauge* current_revision_ = nullptr;
  std::map<std::pair<std::string, std::string>, prometheus::Gauge*> drift_series_;
};

}  // namespace cocoplane::metrics

#endif  // COCOPLANE_METRICS_METRICS_H_
