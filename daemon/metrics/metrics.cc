#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <exception>
#include <sstream>

#include "base/strings.h"

namespace cocoplane::metrics {
namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;
using Labels = std::map<std::string, std::string>;

// A reconcile fetches, compiles and applies: tens of milliseconds when
// nothing changed, minutes when a target is slow. The buckets cover both
// ends so that p50 (no-op) and p99 (real apply) are both resolvable.
const Histogram::BucketBoundaries kReconcileBuckets = {0.05, 0.1, 0.25, 0.5, 1,   2.5,
                                                       5,    10,  30,   60,  120, 300};

using prometheus::MetricType;

// Name, help and type of one family: registration and Render() share them.
struct FamilySpec {
  const char* name;
  const char* help;
  MetricType type;
};

constexpr FamilySpec kReconcileTotal = {"cocoplane_reconcile_total",
                                        "Reconciles finished, by result.", MetricType::Counter};
constexpr FamilySpec kReconcileDuration = {"cocoplane_reconcile_duration_seconds",
                                           "Wall time of a reconcile, from fetch to record.",
                                           MetricType::Histogram};
constexpr FamilySpec kGitFetchTotal = {"cocoplane_git_fetch_total",
                                       "Git fetches of the desired-state repository, by result.",
                                       MetricType::Counter};
constexpr FamilySpec kAppliedRevision = {
    "cocoplane_applied_revision_info", "1 for the revision currently applied.", MetricType::Gauge};
constexpr FamilySpec kVerificationFailures = {
    "cocoplane_verification_failures_total",
    "Revisions refused by signature verification, by reason.", MetricType::Counter};
constexpr FamilySpec kWebhookRequests = {"cocoplane_webhook_requests_total",
                                         "Webhook requests received, by provider and result.",
                                         MetricType::Counter};
constexpr FamilySpec kDriftItems = {
    "cocoplane_drift_items", "Drifted objects found by the last drift check, by target and kind.",
    MetricType::Gauge};
constexpr FamilySpec kDriftChecks = {"cocoplane_drift_checks_total", "Drift checks finished.",
                                     MetricType::Counter};
constexpr FamilySpec kNotifications = {"cocoplane_notifications_total",
                                       "Notifications sent, by sink and result.",
                                       MetricType::Counter};
constexpr const FamilySpec* kAllFamilies[] = {
    &kReconcileTotal,  &kReconcileDuration,    &kGitFetchTotal,
    &kAppliedRevision, &kVerificationFailures, &kWebhookRequests,
    &kDriftItems,      &kDriftChecks,          &kNotifications,
};

// The text format must be UTF-8; a label value that is not (a revision or a
// reason built from foreign bytes) would make Prometheus reject the scrape.
std::string LabelValue(std::string_view value) {
  return IsValidUtf8(value) ? std::string(value) : std::string("invalid");
}

void IncrementCounter(Family<Counter>& family, const Labels& labels) {
  try {
    family.Add(labels).Increment();
  } catch (const std::exception&) {
    // Only invalid label names throw, and ours are constants: drop the sample
    // rather than fail the caller (see the header).
  }
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess:
      return "success";
    case Outcome::kFailure:
      return "failure";
  }
  return "failure";
}

std::string_view WebhookResultName(WebhookResult result) {
  switch (result) {
    case WebhookResult::kAccepted:
      return "accepted";
    case WebhookResult::kIgnored:
      return "ignored";
    case WebhookResult::kUnauthorized:
      return "unauthorized";
    case WebhookResult::kTooLarge:
      return "too_large";
    case WebhookResult::kDisabled:
      return "disabled";
  }
  return "unauthorized";
}

// The family names and help texts are constants: prometheus-cpp throws here
// only for an invalid name, a bug the metrics tests catch.
Metrics::Metrics() : registry_(std::make_unique<prometheus::Registry>()) {
  auto counter = [this](const FamilySpec& spec) {
    return &prometheus::BuildCounter().Name(spec.name).Help(spec.help).Register(*registry_);
  };
  auto gauge = [this](const FamilySpec& spec) {
    return &prometheus::BuildGauge().Name(spec.name).Help(spec.help).Register(*registry_);
  };
  reconcile_total_ = counter(kReconcileTotal);
  reconcile_duration_ = &prometheus::BuildHistogram()
                             .Name(kReconcileDuration.name)
                             .Help(kReconcileDuration.help)
                             .Register(*registry_);
  git_fetch_total_ = counter(kGitFetchTotal);
  applied_revision_ = gauge(kAppliedRevision);
  verification_failures_ = counter(kVerificationFailures);
  webhook_requests_ = counter(kWebhookRequests);
  drift_items_ = gauge(kDriftItems);
  drift_checks_ = counter(kDriftChecks);
  notifications_ = counter(kNotifications);

  // Unlabelled series and the closed result sets exist from the start at 0,
  // so rate() and absent() work before the first event (Prometheus practice).
  reconcile_duration_series_ = &reconcile_duration_->Add({}, kReconcileBuckets);
  drift_checks_series_ = &drift_checks_->Add({});
  for (Outcome outcome : {Outcome::kSuccess, Outcome::kFailure}) {
    reconcile_total_->Add({{"result", std::string(OutcomeName(outcome))}});
    git_fetch_total_->Add({{"result", std::string(OutcomeName(outcome))}});
  }
}

Metrics::~Metrics() = default;

void Metrics::ObserveReconcile(Outcome result, double seconds) {
  IncrementCounter(*reconcile_total_, {{"result", std::string(OutcomeName(result))}});
  reconcile_duration_series_->Observe(seconds);
}

void Metrics::CountGitFetch(Outcome result) {
  IncrementCounter(*git_fetch_total_, {{"result", std::string(OutcomeName(result))}});
}

void Metrics::SetAppliedRevision(std::string_view revision) {
  std::lock_guard<std::mutex> lock(mutex_);
  // "_info" carries its value in the label: keeping the old revision at 0
  // would make `count(cocoplane_applied_revision_info)` lie, so remove it.
  if (current_revision_ != nullptr) {
    applied_revision_->Remove(current_revision_);
    current_revision_ = nullptr;
  }
  try {
    current_revision_ = &applied_revision_->Add({{"revision", LabelValue(revision)}});
    current_revision_->Set(1);
  } catch (const std::exception&) {
    // See IncrementCounter.
  }
}

void Metrics::CountVerificationFailure(std::string_view reason) {
  IncrementCounter(*verification_failures_, {{"reason", LabelValue(reason)}});
}

void Metrics::CountWebhook(std::string_view provider, WebhookResult result) {
  IncrementCounter(*webhook_requests_, {{"provider", LabelValue(provider)},
                                        {"result", std::string(WebhookResultName(result))}});
}

void Metrics::RecordDriftCheck(const std::vector<DriftCount>& counts) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, gauge] : drift_series_) gauge->Set(0);
  for (const DriftCount& count : counts) {
    std::pair<std::string, std::string> key{LabelValue(count.target), LabelValue(count.kind)};
    auto it = drift_series_.find(key);
    if (it == drift_series_.end()) {
      try {
        Gauge& gauge = drift_items_->Add({{"target", key.first}, {"kind", key.second}});
        it = drift_series_.emplace(std::move(key), &gauge).first;
      } catch (const std::exception&) {
        continue;
      }
    }
    it->second->Set(count.items);
  }
  drift_checks_series_->Increment();
}

void Metrics::CountNotification(std::string_view sink, Outcome result) {
  IncrementCounter(*notifications_,
                   {{"sink", LabelValue(sink)}, {"result", std::string(OutcomeName(result))}});
}

std::string Metrics::Render() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  // prometheus-cpp leaves out a family with no series yet (no webhook so
  // far, say); HELP and TYPE alone are valid text, and keep every family
  // discoverable from the first scrape.
  for (const FamilySpec* spec : kAllFamilies) {
    auto same_name = [spec](const prometheus::MetricFamily& f) { return f.name == spec->name; };
    if (std::none_of(families.begin(), families.end(), same_name)) {
      families.push_back({spec->name, spec->help, spec->type, {}});
    }
  }
  std::sort(families.begin(), families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace cocoplane::metrics
