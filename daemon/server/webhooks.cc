#include "server/webhooks.h"

#include "metrics/metrics.h"
#include "server/webhook_auth.h"

namespace cocoplane::server {
namespace {

using metrics::WebhookResult;

void Count(metrics::Metrics* metrics, const WebhookProvider& provider, WebhookResult result) {
  if (metrics != nullptr) metrics->CountWebhook(provider.name, result);
}

bool Authenticated(const WebhookProvider& provider, const Request& request) {
  auto field = request.find(provider.header);
  if (field == request.end()) return false;
  const std::string_view presented = FromBeast(field->value());
  switch (provider.scheme) {
    case WebhookScheme::kHmacSha256:
      return VerifyHmacSha256(presented, provider.secret, request.body());
    case WebhookScheme::kToken:
      return VerifyToken(presented, provider.secret);
  }
  return false;
}

// GitHub sends a "ping" event when a webhook is created; it announces the
// hook, not a change, so it must not cost a fetch (Argo CD ignores it too).
bool IsPing(const WebhookProvider& provider, const Request& request) {
  if (provider.name != "github") return false;
  auto event = request.find("X-GitHub-Event");
  return event != request.end() && event->value() == "ping";
}

}  // namespace

std::vector<WebhookProvider> WebhookProviders(const WebhookConfig& config) {
  return {
      {"github", "X-Hub-Signature-256", WebhookScheme::kHmacSha256, config.github_secret},
      {"gitlab", "X-Gitlab-Token", WebhookScheme::kToken, config.gitlab_token},
      {"generic", config.generic_header, WebhookScheme::kHmacSha256, config.generic_secret},
  };
}

Response HandleWebhook(const WebhookProvider& provider, const Request& request,
                       const ServerHooks& hooks) {
  if (!Authenticated(provider, request)) {
    Count(hooks.metrics, provider, WebhookResult::kUnauthorized);
    // One message for missing and wrong: a prober learns nothing from it.
    return MakeResponse(http::status::unauthorized, "missing or invalid " + provider.header + "\n");
  }
  if (IsPing(provider, request)) {
    Count(hooks.metrics, provider, WebhookResult::kIgnored);
    return MakeResponse(http::status::ok, "pong\n");
  }
  // The payload is untrusted beyond "something changed": it only requests a
  // reconcile, which fetches and verifies the repository itself.
  hooks.trigger("webhook:" + provider.name);
  Count(hooks.metrics, provider, WebhookResult::kAccepted);
  return MakeResponse(http::status::accepted, "accepted\n");
}

Response RefuseTooLarge(const WebhookProvider& provider, std::uint64_t limit,
                        metrics::Metrics* metrics) {
  Count(metrics, provider, WebhookResult::kTooLarge);
  return MakeResponse(http::status::payload_too_large,
                      "payload over " + std::to_string(limit) + " bytes\n");
}

Response RefuseDisabled(const WebhookProvider& provider, metrics::Metrics* metrics) {
  Count(metrics, provider, WebhookResult::kDisabled);
  return MakeResponse(http::status::not_found,
                      "webhook provider \"" + provider.name + "\" is not configured\n");
}

}  // namespace cocoplane::server
