// Notifier: drift findings -> alerts that do not storm.
//
// Report() is called after every drift check with the full current set of
// findings. The notifier turns changes of that set into alerts — a new
// (target, object, kind) fires, a vanished one resolves — and hands them to
// its sinks:
//   * Alertmanager (API v2) gets every change at once: Alertmanager groups
//     and deduplicates itself. Firing alerts carry endsAt = now + 3 windows
//     and are re-posted every window while they last; a resolved alert is
//     posted with endsAt = now.
//   * Webhook and Slack sinks are rate-limited per target: at most one
//     notification per target per dedup window, carrying every change for
//     that target since the last one (grouping).
// Report() never blocks on the network: it only updates state. Flush(), run
// by a worker (or a test), delivers what is due; a failed delivery is kept
// and retried with backoff (2 s doubling to 300 s) without blocking anything
// else. Alerts hold names and digests only, never values.
#ifndef COCOPLANE_NOTIFY_NOTIFIER_H_
#define COCOPLANE_NOTIFY_NOTIFIER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "base/status.h"
#include "drift/drift.h"
#include "http/http_client.h"

namespace cocoplane::notify {

struct Alert {
  std::string target;
  std::string object;
  // drift kind: modified | missing | unexpected | pending
  std::string kind;
  std::string severity;
  std::string expected_sha256;
  std::string live_sha256;
  bool resolved = false;
  // Seconds (Clock) when it started firing / resolved.
  double starts_at = 0;
  double ends_at = 0;
};

class NotificationSink {
 public:
  virtual ~NotificationSink() = default;
  // "alertmanager", "webhook", "slack" (the metrics label).
  virtual const std::string& name() const = 0;
  // True: at most one Send per target per window.
  virtual bool rate_limited() const = 0;
  // Delivers alerts of one target. `now` is the Clock's seconds since epoch.
  virtual Status Send(const std::string& target, const std::vector<Alert>& alerts, double now) = 0;
};

std::unique_ptr<NotificationSink> NewAlertmanagerSink(std::string base_url,
                                                      http::HttpClient* client);
// Body: {"version":1,"target":...,"alerts":[...]}; header
// X-Cocoplane-Signature: sha256=<hex HMAC-SHA256(secret, body)> when a secret is set.
std::unique_ptr<NotificationSink> NewWebhookSink(std::string url, std::string secret,
                                                 http::HttpClient* client);
// Slack-compatible incoming webhook: {"text": "..."}.
std::unique_ptr<NotificationSink> NewSlackSink(std::string url, http::HttpClient* client);

class Notifier {
 public:
  using Clock = std::function<double()>;
  // Called after each delivery attempt: (sink name, ok).
  using OnDelivery = std::function<void(const std::string&, bool)>;

  Notifier(std::vector<std::unique_ptr<NotificationSink>> sinks, double window_seconds,
           Clock clock, OnDelivery on_delivery = {});

  // Thread-safe; never blocks on delivery.
  void Report(const std::vector<drift::DriftItem>& items);
  // Delivers what is due now. Call from one thread at a time.
  void Flush();
  // Alerts currently firing (for /api/v1/status).
  std::vector<Alert> Firing() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  struct SinkState {
    std::unique_ptr<NotificationSink> sink;
    // target -> alerts waiting to go out (latest state per key wins).
    std::map<std::string, std::map<Key, Alert>> queued;
    std::map<std::string, double> last_sent;
    double retry_at = 0;
    double backoff = 0;
    double last_refresh = 0;
  };

  void Enqueue(const Alert& alert);

  std::vector<SinkState> sinks_;
  double window_;
  Clock clock_;
  OnDelivery on_delivery_;
  mutable std::mutex mu_;
  std::map<Key, Alert> firing_;
};

}  // namespace cocoplane::notify

#endif  // COCOPLANE_NOTIFY_NOTIFIER_H_
