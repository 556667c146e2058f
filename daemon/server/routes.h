// Internal to cp_server: the route table (see http_server.h for the routes).
//
// The session asks Find() as soon as the request header is in, before any
// body byte is read, so that 404, 405, a disabled webhook and an oversized
// body are all answered without reading the body. Handlers then get the
// whole request.
//
// Thread-safety: immutable after construction; the server calls it from its
// one thread.
#ifndef COCOPLANE_SERVER_ROUTES_H_
#define COCOPLANE_SERVER_ROUTES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "server/http_server.h"
#include "server/http_types.h"
#include "server/webhooks.h"

namespace cocoplane::server {

struct Route {
  http::verb method = http::verb::get;
  // Bodies longer than this get too_large() without being read.
  std::uint64_t body_limit = 0;
  std::function<Response(const Request&)> handle;
  std::function<Response()> too_large;
};

class Router {
 public:
  Router(const ServerOptions& options, ServerHooks hooks);
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // The route serving this method and path, or nullptr with *refusal set to
  // the answer (404 unknown or disabled, 405 other method).
  const Route* Find(const RequestHeader& header, Response* refusal) const;

 private:
  void AddGetRoutes(const ServerLimits& limits);
  void AddWebhookRoutes(const ServerOptions& options);

  const ServerHooks hooks_;
  std::map<std::string, Route, std::less<>> routes_;
  // Webhook paths whose provider is off: path -> provider.
  std::map<std::string, WebhookProvider, std::less<>> disabled_;
};

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_ROUTES_H_
