// HttpServer: the daemon's HTTP/1.1 endpoint (Boost.Beast) on its own thread.
//
// Routes (exact paths; a query string is ignored):
//   GET  /healthz        200 "ok" while the process serves requests
//   GET  /readyz         200 "ok" when hooks.readiness() is OK, else 503 and
//                        the reason from its message
//   GET  /metrics        200 hooks.metrics_text(), Prometheus text 0.0.4
//   GET  /api/v1/status  200 hooks.status_json(), application/json
//   POST /hooks/github   X-Hub-Signature-256: sha256=<hex HMAC-SHA256>
//   POST /hooks/gitlab   X-Gitlab-Token: <token>
//   POST /hooks/generic  <generic_header>: sha256=<hex HMAC-SHA256>
// A webhook that authenticates calls hooks.trigger("webhook:<provider>") and
// answers 202 at once (GitHub's "ping" event answers 200 and triggers
// nothing); a missing or wrong signature answers 401 and triggers nothing.
// A body over the cap answers 413 as soon as the header says so, without
// reading the body. Unknown paths 404, known paths with another method 405,
// headers over the cap 431. Webhook outcomes are counted in hooks.metrics.
//
// Start() binds and listens before returning, so port() is usable at once
// (port 0 picks an ephemeral port). Stop() (or the destructor) closes the
// listener and every connection and joins the thread; it is idempotent.
//
// Hooks run on the server thread, one request at a time: they must be quick,
// safe to call concurrently with the rest of the daemon, and must not throw
// (an exception closes that one connection). A null readiness hook means
// "always ready"; a null metrics_text or status_json hook leaves that route
// unserved (404); a null trigger, or an empty secret, disables that webhook
// (404). Secrets are only compared, never logged or echoed.
//
// Thread-safety: Start/Stop/port from any thread except from inside a hook
// (Stop joins the server thread).
#ifndef COCOPLANE_SERVER_HTTP_SERVER_H_
#define COCOPLANE_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::metrics {
class Metrics;
}

namespace cocoplane::server {

struct WebhookConfig {
  // Shared secrets, as the caller read them from their files. An empty
  // secret turns that provider's route off.
  std::string github_secret;
  std::string gitlab_token;
  std::string generic_secret;
  // Header carrying "sha256=<hex HMAC-SHA256(generic_secret, body)>".
  std::string generic_header = "X-Cocoplane-Signature";
};

struct ServerLimits {
  // Webhook body cap. Argo CD caps webhook payloads (`webhook.maxPayloadSizeMB`,
  // default 50; gitops-anchors.md §2) because the endpoint is unauthenticated
  // until the body is read; push events for one repository are kilobytes,
  // so 1 MiB is ample and bounds what an attacker makes us buffer.
  std::uint64_t max_webhook_body = 1u << 20;
  // Bodies on the GET routes (none expected).
  std::uint64_t max_other_body = 4096;
  // Request line plus headers (Beast's default, ample for webhooks).
  std::uint32_t max_header_bytes = 8192;
  // Time to receive one whole request, and the keep-alive idle limit.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
  // Connections beyond this get 503 and are closed on accept.
  std::size_t max_connections = 64;
};

struct ServerOptions {
  // An IPv4 or IPv6 literal; 127.0.0.1 unless the daemon is told otherwise.
  std::string address = "127.0.0.1";
  // 0 = ephemeral; see HttpServer::port().
  std::uint16_t port = 0;
  ServerLimits limits;
  WebhookConfig webhooks;
};

struct ServerHooks {
  // OK = ready; otherwise the message is the reason /readyz reports.
  std::function<Status()> readiness;
  std::function<std::string()> metrics_text;
  std::function<std::string()> status_json;
  // Must not block (ReconcileTrigger::Request).
  std::function<void(std::string_view source)> trigger;
  // Webhook request counts; may be null. Must outlive the server.
  metrics::Metrics* metrics = nullptr;
};

class HttpServer {
 public:
  // Binds options.address:options.port, listens and starts serving. Fails
  // (InvalidArgument for a bad address, Unavailable when the bind or listen
  // fails, e.g. the port is taken) without leaving a thread behind.
  static Result<std::unique_ptr<HttpServer>> Start(ServerOptions options, ServerHooks hooks);

  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the ephemeral one when options.port was 0).
  std::uint16_t port() const;

  void Stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_HTTP_SERVER_H_
