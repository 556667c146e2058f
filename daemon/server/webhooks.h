// Internal to cp_server: the POST /hooks/<provider> handlers.
//
// A provider is a name (the metrics label and the trigger source suffix), the
// header that carries its credential and how to check it. HandleWebhook runs
// once the body is read (within the cap); the Refuse* helpers answer before
// any body is read. All of them count the outcome in metrics (if not null).
// Responses never contain the secret, the presented credential or the body.
#ifndef COCOPLANE_SERVER_WEBHOOKS_H_
#define COCOPLANE_SERVER_WEBHOOKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_server.h"
#include "server/http_types.h"

namespace cocoplane::server {

enum class WebhookScheme {
  // The header holds "sha256=<hex HMAC-SHA256(secret, body)>".
  kHmacSha256,
  // The header holds the secret itself.
  kToken,
};

struct WebhookProvider {
  // "github" | "gitlab" | "generic"; the route is /hooks/<name>.
  std::string name;
  std::string header;
  WebhookScheme scheme = WebhookScheme::kHmacSha256;
  std::string secret;
};

// The three providers, in route order; a provider whose secret is empty is
// still listed (the router serves it as disabled).
std::vector<WebhookProvider> WebhookProviders(const WebhookConfig& config);

// Authenticates `request`; on success calls hooks.trigger and answers 202
// (200 for a GitHub ping, without triggering), else 401.
Response HandleWebhook(const WebhookProvider& provider, const Request& request,
                       const ServerHooks& hooks);

// 413 for a body over `limit` bytes.
Response RefuseTooLarge(const WebhookProvider& provider, std::uint64_t limit,
                        metrics::Metrics* metrics);

// 404 for a provider with no secret (or a server without a trigger).
Response RefuseDisabled(const WebhookProvider& provider, metrics::Metrics* metrics);

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_WEBHOOKS_H_
