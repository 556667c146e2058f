// A webhook storm through the real server into the real ReconcileTrigger
// (default options): 100 authenticated deliveries sent at once while a
// reconcile takes ~200 ms end in at most two reconciles, however long the
// burst takes to arrive (under ASan it can outlast one reconcile; the
// trigger's 2 s spacing covers that). Unauthenticated ones end in none.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "server/http_client.h"
#include "server/http_server.h"
#include "server/reconcile_trigger.h"
#include "server/webhook_auth.h"

namespace cocoplane::server {
namespace {

using cocoplane::testing::HttpCall;
using cocoplane::testing::HttpReply;
using cocoplane::testing::SendConcurrently;

constexpr char kSecret[] = "storm-secret";

std::vector<HttpCall> Deliveries(uint16_t port, int count, const std::string& signing_secret) {
  std::vector<HttpCall> calls;
  for (int i = 0; i < count; ++i) {
    const std::string body = R"({"ref":"refs/heads/main","after":")" + std::to_string(i) + "\"}";
    calls.push_back(
        {"POST",
         "http://127.0.0.1:" + std::to_string(port) + "/hooks/github",
         {"X-GitHub-Event: push", "X-Hub-Signature-256: " + SignHmacSha256(signing_secret, body)},
         body});
  }
  return calls;
}

TEST(WebhookBurst, HundredHooksDuringASlowReconcileRunAtMostTwice) {
  std::atomic<int> reconciles{0};
  ReconcileTrigger trigger([&](const std::vector<std::string>&) {
    ++reconciles;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  ServerOptions options;
  options.webhooks.github_secret = kSecret;
  ServerHooks hooks;
  hooks.trigger = [&](std::string_view source) { trigger.Request(source); };
  auto server = HttpServer::Start(options, hooks);
  ASSERT_TRUE(server.ok()) << server.status().ToString();

  const auto started = std::chrono::steady_clock::now();
  std::vector<HttpReply> replies = SendConcurrently(Deliveries((*server)->port(), 100, kSecret));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  trigger.WaitIdle();

  for (const HttpReply& reply : replies) EXPECT_EQ(reply.status, 202) << reply.error;
  EXPECT_EQ(trigger.counts().requests, 100u);
  EXPECT_GE(reconciles.load(), 1);
  EXPECT_LE(reconciles.load(), 2)
      << "burst took " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
      << " ms";
}

TEST(WebhookBurst, BadSignaturesNeverTrigger) {
  std::atomic<int> reconciles{0};
  ReconcileTrigger trigger([&](const std::vector<std::string>&) { ++reconciles; });
  ServerOptions options;
  options.webhooks.github_secret = kSecret;
  ServerHooks hooks;
  hooks.trigger = [&](std::string_view source) { trigger.Request(source); };
  auto server = HttpServer::Start(options, hooks);
  ASSERT_TRUE(server.ok()) << server.status().ToString();

  std::vector<HttpReply> replies =
      SendConcurrently(Deliveries((*server)->port(), 20, "not-the-secret"));
  trigger.WaitIdle();

  for (const HttpReply& reply : replies) EXPECT_EQ(reply.status, 401) << reply.error;
  EXPECT_EQ(trigger.counts().requests, 0u);
  EXPECT_EQ(reconciles.load(), 0);
}

}  // namespace
}  // namespace cocoplane::server
