// HttpServer over real sockets on 127.0.0.1, with libcurl as the client:
// every route's status codes and bodies, webhook authentication, size caps.
#include "server/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "server/http_client.h"
#include "server/webhook_auth.h"
#include "testing/matchers.h"

namespace cocoplane::server {
namespace {

using cocoplane::testing::Get;
using cocoplane::testing::HttpCall;
using cocoplane::testing::HttpReply;
using cocoplane::testing::Send;

// Records what the server asked the daemon to do.
struct Triggers {
  void Add(std::string_view source) {
    std::lock_guard<std::mutex> lock(mutex);
    sources.emplace_back(source);
  }
  std::vector<std::string> Taken() {
    std::lock_guard<std::mutex> lock(mutex);
    return sources;
  }
  std::mutex mutex;
  std::vector<std::string> sources;
};

ServerHooks HooksFor(Triggers& triggers) {
  ServerHooks hooks;
  hooks.metrics_text = [] { return std::string("# TYPE up gauge\nup 1\n"); };
  hooks.status_json = [] { return std::string(R"({"revision":"abc123"})"); };
  hooks.trigger = [&triggers](std::string_view source) { triggers.Add(source); };
  return hooks;
}

ServerOptions WithSecrets() {
  ServerOptions options;
  options.webhooks.github_secret = "It's a Secret to Everybody";
  options.webhooks.gitlab_token = "gitlab-token-1";
  options.webhooks.generic_secret = "generic-secret";
  return options;
}

std::unique_ptr<HttpServer> StartOrDie(ServerOptions options, ServerHooks hooks) {
  auto server = HttpServer::Start(std::move(options), std::move(hooks));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(server).value() : nullptr;
}

std::string Url(const HttpServer& server, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + path;
}

HttpReply Post(const HttpServer& server, const std::string& path, std::string body,
               std::vector<std::string> headers) {
  return Send({"POST", Url(server, path), std::move(headers), std::move(body)});
}

// A plain TCP connection, for what curl will not send (or hold open idle).
int ConnectRaw(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  return fd;
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    ASSERT_GT(sent, 0);
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
}

// Reads until `marker` has arrived, the server closes, or 10 s pass.
std::string ReceiveUntil(int fd, std::string_view marker) {
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string received;
  char chunk[4096];
  while (received.find(marker) == std::string::npos) {
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    received.append(chunk, static_cast<size_t>(n));
  }
  return received;
}

TEST(HttpServer, BindsAnEphemeralPortAndAnswersHealthz) {
  Triggers triggers;
  auto server = StartOrDie(ServerOptions{}, HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->port(), 0);

  HttpReply reply = Get(Url(*server, "/healthz"));
  EXPECT_EQ(reply.status, 200) << reply.error;
  EXPECT_EQ(reply.body, "ok\n");
  // A query string does not change the route.
  EXPECT_EQ(Get(Url(*server, "/healthz?verbose=1")).status, 200);
}

TEST(HttpServer, ReadyzFollowsTheReadinessCallback) {
  Triggers triggers;
  std::mutex mutex;
  Status readiness = Status::Unavailable("no revision applied yet");
  ServerHooks hooks = HooksFor(triggers);
  hooks.readiness = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    return readiness;
  };
  auto server = StartOrDie(ServerOptions{}, hooks);
  ASSERT_NE(server, nullptr);

  HttpReply not_ready = Get(Url(*server, "/readyz"));
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.body, "not ready: no revision applied yet\n");

  {
    std::lock_guard<std::mutex> lock(mutex);
    readiness = Status::Ok();
  }
  HttpReply ready = Get(Url(*server, "/readyz"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "ok\n");
}

TEST(HttpServer, MetricsServesTheCallbackAsPrometheusText) {
  Triggers triggers;
  auto server = StartOrDie(ServerOptions{}, HooksFor(triggers));
  ASSERT_NE(server, nullptr);

  HttpReply reply = Get(Url(*server, "/metrics"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "# TYPE up gauge\nup 1\n");
  EXPECT_EQ(reply.headers["content-type"].rfind("text/plain; version=0.0.4", 0), 0u)
      << reply.headers["content-type"];
}

TEST(HttpServer, StatusServesTheCallbackAsJson) {
  Triggers triggers;
  auto server = StartOrDie(ServerOptions{}, HooksFor(triggers));
  ASSERT_NE(server, nullptr);

  HttpReply reply = Get(Url(*server, "/api/v1/status"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers["content-type"], "application/json");
  auto json = nlohmann::json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(json.is_discarded()) << reply.body;
  EXPECT_EQ(json["revision"], "abc123");
}

TEST(HttpServer, RoutesWithoutACallbackAreNotServed) {
  auto server = StartOrDie(ServerOptions{}, ServerHooks{});
  ASSERT_NE(server, nullptr);

  EXPECT_EQ(Get(Url(*server, "/metrics")).status, 404);
  EXPECT_EQ(Get(Url(*server, "/api/v1/status")).status, 404);
  // No readiness callback: always ready.
  EXPECT_EQ(Get(Url(*server, "/readyz")).status, 200);
}

TEST(HttpServer, UnknownPathIs404AndWrongMethodIs405) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);

  HttpReply unknown = Get(Url(*server, "/nope"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "not found\n");

  HttpReply post_health = Post(*server, "/healthz", "", {});
  EXPECT_EQ(post_health.status, 405);
  EXPECT_EQ(post_health.headers["allow"], "GET");

  HttpReply get_hook = Get(Url(*server, "/hooks/github"));
  EXPECT_EQ(get_hook.status, 405);
  EXPECT_EQ(get_hook.headers["allow"], "POST");
  EXPECT_TRUE(triggers.Taken().empty());
}

TEST(HttpServer, GithubHookWithAValidSignatureTriggersAndAnswers202) {
  Triggers triggers;
  metrics::Metrics metrics;
  ServerHooks hooks = HooksFor(triggers);
  hooks.metrics = &metrics;
  auto server = StartOrDie(WithSecrets(), hooks);
  ASSERT_NE(server, nullptr);

  // The example delivery from GitHub's "Validating webhook deliveries".
  HttpReply reply = Post(*server, "/hooks/github", "Hello, World!",
                         {"X-GitHub-Event: push",
                          "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d"
                          "7586c22c46f4379c8b043e17"});
  EXPECT_EQ(reply.status, 202) << reply.error;
  EXPECT_EQ(reply.body, "accepted\n");
  EXPECT_EQ(triggers.Taken(), std::vector<std::string>{"webhook:github"});
  EXPECT_NE(metrics.Render().find(
                R"(cocoplane_webhook_requests_total{provider="github",result="accepted"} 1)"),
            std::string::npos);
}

TEST(HttpServer, GithubHookWithABadOrMissingSignatureIs401AndNeverTriggers) {
  Triggers triggers;
  metrics::Metrics metrics;
  ServerHooks hooks = HooksFor(triggers);
  hooks.metrics = &metrics;
  auto server = StartOrDie(WithSecrets(), hooks);
  ASSERT_NE(server, nullptr);
  const std::string body = R"({"ref":"refs/heads/main"})";

  HttpReply wrong_secret = Post(*server, "/hooks/github", body,
                                {"X-Hub-Signature-256: " + SignHmacSha256("guess", body)});
  HttpReply tampered =
      Post(*server, "/hooks/github", body + " ",
           {"X-Hub-Signature-256: " + SignHmacSha256("It's a Secret to Everybody", body)});
  HttpReply sha1_only = Post(*server, "/hooks/github", body,
                             {"X-Hub-Signature: sha1=0000000000000000000000000000000000000000"});
  HttpReply missing = Post(*server, "/hooks/github", body, {});

  for (const HttpReply& reply : {wrong_secret, tampered, sha1_only, missing}) {
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.body, "missing or invalid X-Hub-Signature-256\n");
    EXPECT_EQ(reply.body.find("Secret"), std::string::npos);
  }
  EXPECT_TRUE(triggers.Taken().empty());
  EXPECT_NE(metrics.Render().find(
                R"(cocoplane_webhook_requests_total{provider="github",result="unauthorized"} 4)"),
            std::string::npos);
}

TEST(HttpServer, GithubPingIsAcknowledgedWithoutTriggering) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  const std::string body = R"({"zen":"Keep it logically awesome."})";

  HttpReply reply =
      Post(*server, "/hooks/github", body,
           {"X-GitHub-Event: ping",
            "X-Hub-Signature-256: " + SignHmacSha256("It's a Secret to Everybody", body)});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "pong\n");
  EXPECT_TRUE(triggers.Taken().empty());
}

TEST(HttpServer, GitlabHookChecksTheToken) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);

  HttpReply bad = Post(*server, "/hooks/gitlab", "{}", {"X-Gitlab-Token: gitlab-token-2"});
  HttpReply prefix = Post(*server, "/hooks/gitlab", "{}", {"X-Gitlab-Token: gitlab-token"});
  HttpReply missing = Post(*server, "/hooks/gitlab", "{}", {});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(prefix.status, 401);
  EXPECT_EQ(missing.status, 401);
  EXPECT_TRUE(triggers.Taken().empty());

  HttpReply good = Post(*server, "/hooks/gitlab", "{}",
                        {"X-Gitlab-Event: Push Hook", "X-Gitlab-Token: gitlab-token-1"});
  EXPECT_EQ(good.status, 202);
  EXPECT_EQ(triggers.Taken(), std::vector<std::string>{"webhook:gitlab"});
}

TEST(HttpServer, GenericHookChecksTheHmacInTheDefaultHeader) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  const std::string body = "revision=abc";

  EXPECT_EQ(Post(*server, "/hooks/generic", body,
                 {"X-Cocoplane-Signature: " + SignHmacSha256("wrong", body)})
                .status,
            401);
  EXPECT_TRUE(triggers.Taken().empty());
  EXPECT_EQ(Post(*server, "/hooks/generic", body,
                 {"X-Cocoplane-Signature: " + SignHmacSha256("generic-secret", body)})
                .status,
            202);
  EXPECT_EQ(triggers.Taken(), std::vector<std::string>{"webhook:generic"});
}

TEST(HttpServer, GenericHookHeaderIsConfigurable) {
  Triggers triggers;
  ServerOptions options = WithSecrets();
  options.webhooks.generic_header = "X-Signature";
  auto server = StartOrDie(options, HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  const std::string signature = SignHmacSha256("generic-secret", "x");

  EXPECT_EQ(Post(*server, "/hooks/generic", "x", {"X-Cocoplane-Signature: " + signature}).status,
            401);
  EXPECT_EQ(Post(*server, "/hooks/generic", "x", {"X-Signature: " + signature}).status, 202);
  EXPECT_EQ(triggers.Taken().size(), 1u);
}

TEST(HttpServer, AProviderWithoutASecretIsOff) {
  Triggers triggers;
  metrics::Metrics metrics;
  ServerOptions options;
  options.webhooks.github_secret = "only-github";
  ServerHooks hooks = HooksFor(triggers);
  hooks.metrics = &metrics;
  auto server = StartOrDie(options, hooks);
  ASSERT_NE(server, nullptr);

  // Even a request that would verify under an empty secret is refused.
  HttpReply reply =
      Post(*server, "/hooks/generic", "x", {"X-Cocoplane-Signature: " + SignHmacSha256("", "x")});
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body, "webhook provider \"generic\" is not configured\n");
  EXPECT_EQ(Post(*server, "/hooks/gitlab", "{}", {"X-Gitlab-Token: "}).status, 404);
  EXPECT_TRUE(triggers.Taken().empty());
  EXPECT_NE(metrics.Render().find(
                R"(cocoplane_webhook_requests_total{provider="gitlab",result="disabled"} 1)"),
            std::string::npos);
}

TEST(HttpServer, BodyOverTheCapIs413AndNeverTriggers) {
  Triggers triggers;
  ServerOptions options = WithSecrets();
  options.limits.max_webhook_body = 1024;
  auto server = StartOrDie(options, HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  const std::string at_cap(1024, 'a');
  const std::string over_cap(1025, 'a');
  const std::string huge(4 << 20, 'a');
  const std::string token = "X-Gitlab-Token: gitlab-token-1";

  EXPECT_EQ(Post(*server, "/hooks/gitlab", at_cap, {token}).status, 202);
  HttpReply over = Post(*server, "/hooks/gitlab", over_cap, {token});
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(over.body, "payload over 1024 bytes\n");
  // curl announces 4 MiB and waits for "100 Continue"; the answer comes from
  // the header alone.
  EXPECT_EQ(Post(*server, "/hooks/gitlab", huge, {token}).status, 413);
  // Without "Expect", the client sends at once; the 413 still arrives.
  EXPECT_EQ(Post(*server, "/hooks/gitlab", huge, {token, "Expect:"}).status, 413);
  EXPECT_EQ(triggers.Taken().size(), 1u);
}

TEST(HttpServer, OversizedHeadersAre431) {
  Triggers triggers;
  auto server = StartOrDie(ServerOptions{}, HooksFor(triggers));
  ASSERT_NE(server, nullptr);

  HttpReply reply =
      Send({"GET", Url(*server, "/healthz"), {"X-Padding: " + std::string(9000, 'p')}, {}});
  EXPECT_EQ(reply.status, 431) << reply.error;
}

TEST(HttpServer, KeepAliveServesManyRequestsOnOneConnection) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);

  std::vector<HttpReply> replies = cocoplane::testing::SendOnOneHandle({
      {"GET", Url(*server, "/healthz"), {}, {}},
      {"POST", Url(*server, "/hooks/gitlab"), {"X-Gitlab-Token: gitlab-token-1"}, "{}"},
      {"GET", Url(*server, "/nope"), {}, {}},
      {"GET", Url(*server, "/metrics"), {}, {}},
  });
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[0].new_connections, 1);
  EXPECT_EQ(replies[1].status, 202);
  EXPECT_EQ(replies[2].status, 404);
  EXPECT_EQ(replies[3].status, 200);
  for (size_t i = 1; i < replies.size(); ++i) EXPECT_EQ(replies[i].new_connections, 0) << i;
}

TEST(HttpServer, ExpectContinueGetsA100BeforeTheBodyIsSent) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  int fd = ConnectRaw(server->port());

  SendAll(fd,
          "POST /hooks/gitlab HTTP/1.1\r\nHost: x\r\nX-Gitlab-Token: gitlab-token-1\r\n"
          "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(ReceiveUntil(fd, "\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  SendAll(fd, "{}");
  EXPECT_EQ(ReceiveUntil(fd, "accepted\n").rfind("HTTP/1.1 202 Accepted\r\n", 0), 0u);
  close(fd);
  EXPECT_EQ(triggers.Taken(), std::vector<std::string>{"webhook:gitlab"});
}

TEST(HttpServer, ADeclaredOversizedBodyIsRefusedFromTheHeaderAlone) {
  Triggers triggers;
  auto server = StartOrDie(WithSecrets(), HooksFor(triggers));
  ASSERT_NE(server, nullptr);
  int fd = ConnectRaw(server->port());

  // Announce 100 MiB, send none of it: the answer must not wait for it.
  SendAll(fd,
          "POST /hooks/gitlab HTTP/1.1\r\nHost: x\r\nX-Gitlab-Token: gitlab-token-1\r\n"
          "Content-Length: 104857600\r\n\r\n");
  const std::string answer = ReceiveUntil(fd, "bytes\n");
  close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos) << answer;
  EXPECT_TRUE(triggers.Taken().empty());
}

TEST(HttpServer, AChunkedBodyIsRefusedWhenItCrossesTheCap) {
  Triggers triggers;
  metrics::Metrics metrics;
  ServerOptions options = WithSecrets();
  options.limits.max_webhook_body = 1024;
  ServerHooks hooks = HooksFor(triggers);
  hooks.metrics = &metrics;
  auto server = StartOrDie(options, hooks);
  ASSERT_NE(server, nullptr);
  const std::string head =
      "POST /hooks/gitlab HTTP/1.1\r\nHost: x\r\nX-Gitlab-Token: gitlab-token-1\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  // Two chunks of 0x200 = 512 bytes: exactly the cap. Then 0x400 + 1: over.
  const std::string within =
      "200\r\n" + std::string(512, 'a') + "\r\n200\r\n" + std::string(512, 'a') + "\r\n0\r\n\r\n";
  const std::string beyond = "400\r\n" + std::string(1024, 'a') + "\r\n1\r\na\r\n0\r\n\r\n";

  int fd = ConnectRaw(server->port());
  SendAll(fd, head + within);
  EXPECT_EQ(ReceiveUntil(fd, "accepted\n").rfind("HTTP/1.1 202 Accepted\r\n", 0), 0u);
  close(fd);

  fd = ConnectRaw(server->port());
  SendAll(fd, head + beyond);
  const std::string answer = ReceiveUntil(fd, "bytes\n");
  close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << answer;
  EXPECT_EQ(triggers.Taken().size(), 1u);
  EXPECT_NE(metrics.Render().find(
                R"(cocoplane_webhook_requests_total{provider="gitlab",result="too_large"} 1)"),
            std::string::npos);
}

TEST(HttpServer, ConnectionsOverTheCapGet503) {
  ServerOptions options;
  options.limits.max_connections = 1;
  auto server = StartOrDie(options, ServerHooks{});
  ASSERT_NE(server, nullptr);
  const std::string url = Url(*server, "/healthz");

  // The idle connection is accepted first (accept follows connect order).
  int idle = ConnectRaw(server->port());
  EXPECT_EQ(Get(url).status, 503);

  // Once it closes, its slot frees as soon as the server reads the EOF.
  close(idle);
  long status = 0;
  for (int attempt = 0; attempt < 300 && status != 200; ++attempt) {
    status = Get(url).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(status, 200);
}

TEST(HttpServer, StartFailsOnABadAddressOrATakenPort) {
  ServerOptions bad_address;
  bad_address.address = "localhost:80";
  auto bad = HttpServer::Start(bad_address, ServerHooks{});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);

  auto first = StartOrDie(ServerOptions{}, ServerHooks{});
  ASSERT_NE(first, nullptr);
  ServerOptions same_port;
  same_port.port = first->port();
  auto second = HttpServer::Start(same_port, ServerHooks{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

TEST(HttpServer, StopClosesTheListener) {
  auto server = StartOrDie(ServerOptions{}, ServerHooks{});
  ASSERT_NE(server, nullptr);
  const std::string url = Url(*server, "/healthz");
  EXPECT_EQ(Get(url).status, 200);

  server->Stop();
  server->Stop();
  HttpReply after = Get(url);
  EXPECT_EQ(after.status, 0);
  EXPECT_FALSE(after.error.empty());
}

}  // namespace
}  // namespace cocoplane::server
