#include "notify/notifier.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crypto/digest.h"
#include "crypto/encoding.h"

namespace cocoplane::notify {
namespace {

using drift::DriftItem;
using drift::DriftKind;

// Records every request; fails the first `fail` of them.
class FakeClient : public http::HttpClient {
 public:
  Result<http::HttpResponse> Send(const http::HttpRequest& r) override {
    requests.push_back(r);
    if (fail > 0) {
      --fail;
      return Status::Unavailable("down");
    }
    return http::HttpResponse{200, ""};
  }
  size_t CountTo(const std::string& url_part) const {
    size_t n = 0;
    for (const auto& r : requests) n += r.url.find(url_part) != std::string::npos;
    return n;
  }
  std::vector<http::HttpRequest> requests;
  int fail = 0;
};

struct Harness {
  FakeClient client;
  double now = 1000;
  std::unique_ptr<Notifier> notifier;
  explicit Harness(double window = 300) {
    std::vector<std::unique_ptr<NotificationSink>> sinks;
    sinks.push_back(NewAlertmanagerSink("http://am", &client));
    sinks.push_back(NewWebhookSink("http://hook", "hook-secret", &client));
    notifier = std::make_unique<Notifier>(std::move(sinks), window, [this] { return now; });
  }
};

DriftItem Modified(int i) {
  return {DriftKind::kModified, "node/snp", "/etc/kata/f" + std::to_string(i) + ".toml",
          "a", std::string(64, 'e'), std::string(64, 'f')};
}

TEST(NotifierTest, FiresOnceAndResolvesOnAlertmanager) {
  Harness h;
  h.notifier->Report({Modified(1)});
  h.notifier->Flush();
  ASSERT_EQ(h.client.CountTo("http://am/api/v2/alerts"), 1u);
  auto fired = nlohmann::json::parse(h.client.requests[0].body);
  EXPECT_EQ(fired[0]["labels"]["alertname"], "CocoplaneDrift");
  EXPECT_EQ(fired[0]["labels"]["drift_kind"], "modified");
  EXPECT_EQ(fired[0]["labels"]["target"], "node/snp");
  h.notifier->Report({Modified(1)});
  h.notifier->Flush();
  EXPECT_EQ(h.client.CountTo("http://am"), 1u) << "unchanged drift is not re-sent";
  h.now += 10;
  h.notifier->Report({});
  h.notifier->Flush();
  ASSERT_EQ(h.client.CountTo("http://am"), 2u);
  std::string last_am;
  for (const auto& r : h.client.requests) {
    if (r.url == "http://am/api/v2/alerts") last_am = r.body;
  }
  auto resolved = nlohmann::json::parse(last_am);
  EXPECT_EQ(resolved[0]["endsAt"], "1970-01-01T00:16:50Z");
}

TEST(NotifierTest, ThousandTamperedFilesGiveOneWebhookPerTargetPerWindow) {
  Harness h;
  std::vector<DriftItem> items;
  for (int i = 0; i < 1000; ++i) {
    items.push_back(Modified(i));
    // Files are tampered with one by one; each check sees a few more.
    if (i % 100 == 99) {
      h.notifier->Report(items);
      h.notifier->Flush();
      h.now += 1;
    }
  }
  EXPECT_EQ(h.client.CountTo("http://hook"), 1u);
  h.now += 300;
  h.notifier->Flush();
  EXPECT_EQ(h.client.CountTo("http://hook"), 2u) << "the held changes go out after the window";
  auto body = nlohmann::json::parse(h.client.requests.back().body);
  EXPECT_EQ(body["alerts"].size(), 900u) << "grouped into one notification";
}

TEST(NotifierTest, WebhookIsSignedWithHmac) {
  Harness h;
  h.notifier->Report({Modified(1)});
  h.notifier->Flush();
  for (const auto& r : h.client.requests) {
    if (r.url != "http://hook") continue;
    EXPECT_EQ(r.headers.at("X-Cocoplane-Signature"),
              "sha256=" + crypto::HexEncode(crypto::HmacSha256("hook-secret", r.body)));
    EXPECT_EQ(r.body.find("hook-secret"), std::string::npos);
    return;
  }
  FAIL() << "no webhook request";
}

TEST(NotifierTest, FailedDeliveryIsRetriedWithBackoff) {
  Harness h;
  h.client.fail = 2;
  h.notifier->Report({Modified(1)});
  h.notifier->Flush();
  size_t first = h.client.requests.size();
  h.notifier->Flush();
  EXPECT_EQ(h.client.requests.size(), first) << "no retry before the backoff";
  h.now += 3;
  h.notifier->Flush();
  EXPECT_GT(h.client.requests.size(), first);
  h.now += 10;
  h.notifier->Flush();
  EXPECT_EQ(h.client.CountTo("http://am"), h.client.CountTo("http://hook"));
}

}  // namespace
}  // namespace cocoplane::notify
