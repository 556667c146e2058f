// Internal to cp_server: the Beast message types the routes and the session
// share, and small response builders. Not part of the public API.
#ifndef COCOPLANE_SERVER_HTTP_TYPES_H_
#define COCOPLANE_SERVER_HTTP_TYPES_H_

// clang-format off
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including
// <utility>, so <utility> must come before any Boost.Asio header.
#include <utility>
// clang-format on

#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

namespace cocoplane::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using RequestHeader = http::request_header<>;
using Response = http::response<http::string_body>;

inline constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";

// Beast 1.74 speaks boost::string_view; these convert at the boundary.
inline boost::beast::string_view ToBeast(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view FromBeast(boost::beast::string_view s) { return {s.data(), s.size()}; }

// A response with `status`, a Content-Type and `body`; Content-Length and
// keep-alive are set by the session when it writes it.
inline Response MakeResponse(http::status status, std::string body,
                             std::string_view content_type = kTextPlain) {
  Response response{status, 11};
  response.set(http::field::content_type, ToBeast(content_type));
  response.set(http::field::cache_control, "no-store");
  response.body() = std::move(body);
  return response;
}

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_HTTP_TYPES_H_
