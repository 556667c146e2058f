#include "server/routes.h"

#include <utility>

namespace cocoplane::server {
namespace {

// Prometheus text exposition format 0.0.4, as client_golang's promhttp
// advertises it.
constexpr std::string_view kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kJson = "application/json";

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

Response Readyz(const ServerHooks& hooks) {
  if (!hooks.readiness) return MakeResponse(http::status::ok, "ok\n");
  Status ready = hooks.readiness();
  if (ready.ok()) return MakeResponse(http::status::ok, "ok\n");
  return MakeResponse(http::status::service_unavailable, "not ready: " + ready.message() + "\n");
}

}  // namespace

Router::Router(const ServerOptions& options, ServerHooks hooks) : hooks_(std::move(hooks)) {
  AddGetRoutes(options.limits);
  AddWebhookRoutes(options);
}

void Router::AddGetRoutes(const ServerLimits& limits) {
  auto too_large = [limit = limits.max_other_body] {
    return MakeResponse(http::status::payload_too_large,
                        "body over " + std::to_string(limit) + " bytes\n");
  };
  auto add = [&](std::string path, std::function<Response(const Request&)> handle) {
    routes_[std::move(path)] =
        Route{http::verb::get, limits.max_other_body, std::move(handle), too_large};
  };
  add("/healthz", [](const Request&) { return MakeResponse(http::status::ok, "ok\n"); });
  add("/readyz", [this](const Request&) { return Readyz(hooks_); });
  if (hooks_.metrics_text) {
    add("/metrics", [this](const Request&) {
      return MakeResponse(http::status::ok, hooks_.metrics_text(), kPrometheusText);
    });
  }
  if (hooks_.status_json) {
    add("/api/v1/status", [this](const Request&) {
      return MakeResponse(http::status::ok, hooks_.status_json(), kJson);
    });
  }
}

void Router::AddWebhookRoutes(const ServerOptions& options) {
  const std::uint64_t limit = options.limits.max_webhook_body;
  for (WebhookProvider& provider : WebhookProviders(options.webhooks)) {
    std::string path = "/hooks/" + provider.name;
    if (provider.secret.empty() || !hooks_.trigger) {
      disabled_.emplace(std::move(path), std::move(provider));
      continue;
    }
    Route route;
    route.method = http::verb::post;
    route.body_limit = limit;
    route.handle = [this, provider](const Request& request) {
      return HandleWebhook(provider, request, hooks_);
    };
    route.too_large = [this, provider, limit] {
      return RefuseTooLarge(provider, limit, hooks_.metrics);
    };
    routes_.emplace(std::move(path), std::move(route));
  }
}

const Route* Router::Find(const RequestHeader& header, Response* refusal) const {
  const std::string_view path = PathOf(FromBeast(header.target()));
  if (auto it = routes_.find(path); it != routes_.end()) {
    if (header.method() == it->second.method) return &it->second;
    *refusal = MakeResponse(http::status::method_not_allowed, "method not allowed\n");
    refusal->set(http::field::allow, http::to_string(it->second.method));
    return nullptr;
  }
  if (auto it = disabled_.find(path); it != disabled_.end()) {
    *refusal = RefuseDisabled(it->second, hooks_.metrics);
    return nullptr;
  }
  *refusal = MakeResponse(http::status::not_found, "not found\n");
  return nullptr;
}

}  // namespace cocoplane::server
