// The three notification sinks: Alertmanager API v2, a signed JSON webhook,
// and a Slack-compatible incoming webhook.
#include <ctime>
#include <nlohmann/json.hpp>

#include "crypto/digest.h"
#include "crypto/encoding.h"
#include "notify/notifier.h"

namespace cocoplane::notify {
namespace {

std::string Rfc3339(double seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status Post(http::HttpClient* client, const std::string& url, const std::string& body,
            std::map<std::string, std::string> headers) {
  headers["Content-Type"] = "application/json";
  http::HttpRequest req;
  req.method = "POST";
  req.url = url;
  req.body = body;
  req.headers = std::move(headers);
  req.timeout_seconds = 5;
  Result<http::HttpResponse> resp = client->Send(req);
  if (!resp.ok()) return resp.status();
  if (resp->status < 200 || resp->status >= 300) {
    return Status::Unavailable("POST " + url + " answered " + std::to_string(resp->status));
  }
  return Status::Ok();
}

std::string Summary(const Alert& a) {
  return "cocoplane drift: " + a.kind + " " + a.object + " on " + a.target;
}

class AlertmanagerSink : public NotificationSink {
 public:
  AlertmanagerSink(std::string url, http::HttpClient* client)
      : url_(std::move(url)), client_(client) {}
  const std::string& name() const override { return name_; }
  bool rate_limited() const override { return false; }
  Status Send(const std::string&, const std::vector<Alert>& alerts, double) override {
    nlohmann::json body = nlohmann::json::array();
    for (const auto& a : alerts) {
      body.push_back({{"labels",
                       {{"alertname", "CocoplaneDrift"},
                        {"target", a.target},
                        {"object", a.object},
                        {"drift_kind", a.kind},
                        {"severity", a.severity}}},
                      {"annotations",
                       {{"summary", Summary(a)},
                        {"expected_sha256", a.expected_sha256},
                        {"live_sha256", a.live_sha256}}},
                      {"startsAt", Rfc3339(a.starts_at)},
                      {"endsAt", Rfc3339(a.ends_at)}});
    }
    return Post(client_, url_ + "/api/v2/alerts", body.dump(), {});
  }

 private:
  std::string name_ = "alertmanager";
  std::string url_;
  http::HttpClient* client_;
};

nlohmann::json AlertsJson(const std::vector<Alert>& alerts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : alerts) {
    out.push_back({{"object", a.object},
                   {"drift_kind", a.kind},
                   {"severity", a.severity},
                   {"status", a.resolved ? "resolved" : "firing"},
                   {"expected_sha256", a.expected_sha256},
                   {"live_sha256", a.live_sha256}});
  }
  return out;
}

class WebhookSink : public NotificationSink {
 public:
  WebhookSink(std::string url, std::string secret, http::HttpClient* client)
      : url_(std::move(url)), secret_(std::move(secret)), client_(client) {}
  const std::string& name() const override { return name_; }
  bool rate_limited() const override { return true; }
  Status Send(const std::string& target, const std::vector<Alert>& alerts, double) override {
    std::string body =
        nlohmann::json{{"version", 1}, {"target", target}, {"alerts", AlertsJson(alerts)}}.dump();
    std::map<std::string, std::string> headers;
    if (!secret_.empty()) {
      headers["X-Cocoplane-Signature"] =
          "sha256=" + crypto::HexEncode(crypto::HmacSha256(secret_, body));
    }
    return Post(client_, url_, body, headers);
  }

 private:
  std::string name_ = "webhook";
  std::string url_, secret_;
  http::HttpClient* client_;
};

class SlackSink : public NotificationSink {
 public:
  SlackSink(std::string url, http::HttpClient* client) : url_(std::move(url)), client_(client) {}
  const std::string& name() const override { return name_; }
  bool rate_limited() const override { return true; }
  Status Send(const std::string& target, const std::vector<Alert>& alerts, double) override {
    size_t firing = 0;
    std::string lines;
    for (const auto& a : alerts) {
      firing += !a.resolved;
      if (lines.size() < 2500) {
        lines += std::string(a.resolved ? "resolved" : "FIRING") + " " + a.kind + " `" +
                 a.object + "`\n";
      }
    }
    std::string text = "*cocoplane drift on " + target + "*: " + std::to_string(firing) +
                       " firing, " + std::to_string(alerts.size() - firing) + " resolved\n" +
                       lines;
    return Post(client_, url_, nlohmann::json{{"text", text}}.dump(), {});
  }

 private:
  std::string name_ = "slack";
  std::string url_;
  http::HttpClient* client_;
};

}  // namespace

std::unique_ptr<NotificationSink> NewAlertmanagerSink(std::string base_url,
                                                      http::HttpClient* client) {
  return std::make_unique<AlertmanagerSink>(std::move(base_url), client);
}

std::unique_ptr<NotificationSink> NewWebhookSink(std::string url, std::string secret,
                                                 http::HttpClient* client) {
  return std::make_unique<WebhookSink>(std::move(url), std::move(secret), client);
}

std::unique_ptr<NotificationSink> NewSlackSink(std::string url, http::HttpClient* client) {
  return std::make_unique<SlackSink>(std::move(url), client);
}

}  // namespace cocoplane::notify
