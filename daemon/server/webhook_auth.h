// Webhook authentication: the checks behind POST /hooks/<provider>.
//
// Pure functions over the header value, the shared secret and the body; they
// never log or return the secret. Every comparison runs in constant time with
// respect to the secret (crypto::ConstantTimeEquals over fixed-size digests),
// so a caller cannot learn the expected value byte by byte from timing.
//
// Formats (see /work/shared/reference/gitops-anchors.md §5.1 and the provider
// docs: GitHub "Validating webhook deliveries", GitLab "Webhooks: secret token"):
//   GitHub   X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>
//   GitLab   X-Gitlab-Token: <secret>                (the token itself, verbatim)
//   generic  <configurable header>: sha256=<hex HMAC-SHA256(secret, body)>
//
// Thread-safety: stateless; safe from any thread.
#ifndef COCOPLANE_SERVER_WEBHOOK_AUTH_H_
#define COCOPLANE_SERVER_WEBHOOK_AUTH_H_

#include <string>
#include <string_view>

namespace cocoplane::server {

// True if `header_value` is "sha256=<64 hex digits>" (either hex case) and
// the digits equal HMAC-SHA256(secret, body). An empty secret never verifies.
bool VerifyHmacSha256(std::string_view header_value, std::string_view secret,
                      std::string_view body);

// True if `presented` equals `expected`. Both are hashed before the
// comparison, so neither the position of a difference nor the length of the
// expected token shows in the timing. An empty `expected` never verifies.
bool VerifyToken(std::string_view presented, std::string_view expected);

// "sha256=<hex>" for `body` under `secret`: what a sender puts in the header
// (used by tests and by anyone configuring a generic sender).
std::string SignHmacSha256(std::string_view secret, std::string_view body);

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_WEBHOOK_AUTH_H_
