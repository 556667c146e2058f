#include "notify/notifier.h"

#include <algorithm>

namespace cocoplane::notify {
namespace {

constexpr double kFirstBackoff = 2;
constexpr double kMaxBackoff = 300;

Alert FromItem(const drift::DriftItem& i, double now) {
  Alert a;
  a.target = i.target;
  a.object = i.address;
  a.kind = std::string(drift::DriftKindName(i.kind));
  // Pending is expected during a rollout; the others mean someone changed a
  // node or the KBS behind Git's back.
  a.severity = i.kind == drift::DriftKind::kPending ? "warning" : "critical";
  a.expected_sha256 = i.expected_sha256;
  a.live_sha256 = i.live_sha256;
  a.starts_at = now;
  return a;
}

}  // namespace

Notifier::Notifier(std::vector<std::unique_ptr<NotificationSink>> sinks, double window_seconds,
                   Clock clock, OnDelivery on_delivery)
    : window_(window_seconds), clock_(std::move(clock)), on_delivery_(std::move(on_delivery)) {
  for (auto& s : sinks) {
    SinkState state;
    state.sink = std::move(s);
    sinks_.push_back(std::move(state));
  }
}

void Notifier::Enqueue(const Alert& alert) {
  Key key{alert.target, alert.object, alert.kind};
  for (auto& s : sinks_) s.queued[alert.target][key] = alert;
}

void Notifier::Report(const std::vector<drift::DriftItem>& items) {
  std::lock_guard<std::mutex> lock(mu_);
  double now = clock_();
  std::map<Key, Alert> current;
  for (const auto& i : items) {
    Alert a = FromItem(i, now);
    Key key{a.target, a.object, a.kind};
    auto it = firing_.find(key);
    // Keep the original start time of an alert that is still firing.
    if (it != firing_.end()) a.starts_at = it->second.starts_at;
    current.emplace(key, a);
  }
  for (const auto& [key, a] : current) {
    auto it = firing_.find(key);
    if (it == firing_.end() || it->second.live_sha256 != a.live_sha256) Enqueue(a);
  }
  for (const auto& [key, a] : firing_) {
    if (current.count(key)) continue;
    Alert resolved = a;
    resolved.resolved = true;
    resolved.ends_at = now;
    Enqueue(resolved);
  }
  firing_ = std::move(current);
}

void Notifier::Flush() {
  std::vector<std::tuple<SinkState*, std::string, std::vector<Alert>>> due;
  double now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    now = clock_();
    for (auto& s : sinks_) {
      if (now < s.retry_at) continue;
      // Alertmanager forgets an alert after its endsAt: refresh firing ones.
      if (!s.sink->rate_limited() && now - s.last_refresh >= window_ && !firing_.empty()) {
        for (const auto& [key, a] : firing_) s.queued[a.target].emplace(key, a);
        s.last_refresh = now;
      }
      for (auto it = s.queued.begin(); it != s.queued.end();) {
        const std::string& target = it->first;
        auto last = s.last_sent.find(target);
        bool limited = s.sink->rate_limited() && last != s.last_sent.end() &&
                       now - last->second < window_;
        if (limited || it->second.empty()) {
          ++it;
          continue;
        }
        std::vector<Alert> alerts;
        for (auto& [key, a] : it->second) {
          alerts.push_back(a);
          if (!a.resolved) alerts.back().ends_at = now + 3 * window_;
        }
        due.emplace_back(&s, target, std::move(alerts));
        it = s.queued.erase(it);
      }
    }
  }
  for (auto& [state, target, alerts] : due) {
    Status st = state->sink->Send(target, alerts, now);
    if (on_delivery_) on_delivery_(state->sink->name(), st.ok());
    std::lock_guard<std::mutex> lock(mu_);
    if (st.ok()) {
      state->last_sent[target] = now;
      state->backoff = 0;
      continue;
    }
    // Put them back unless newer state for the same key arrived meanwhile.
    auto& q = state->queued[target];
    for (const auto& a : alerts) q.emplace(Key{a.target, a.object, a.kind}, a);
    state->backoff = state->backoff == 0 ? kFirstBackoff : std::min(kMaxBackoff, state->backoff * 2);
    state->retry_at = now + state->backoff;
  }
}

std::vector<Alert> Notifier::Firing() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Alert> out;
  for (const auto& [key, a] : firing_) out.push_back(a);
  return out;
}

}  // namespace cocoplane::notify
