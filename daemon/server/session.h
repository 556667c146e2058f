// Internal to cp_server: serves the requests of one connection.
//
// Reads each request header first and asks the Router, so that refusals (404,
// 405, 413, disabled webhook) go out before any body byte is read. Bodies are
// read only for a matched route and only up to its limit; a declared length
// over the limit is refused from the header, an undeclared (chunked) one when
// the limit is crossed. Honours keep-alive and "Expect: 100-continue". After a
// refusal with an unread body the connection is closed gracefully: the send
// side is shut down and at most a bounded amount of input is discarded for at
// most a second, so that the client reads the answer instead of a reset
// (nginx's "lingering close", bounded so it cannot be used to make us read).
//
// Returns when the connection is done; never throws on I/O errors (they end
// the connection). Runs on the server's io_context thread.
#ifndef COCOPLANE_SERVER_SESSION_H_
#define COCOPLANE_SERVER_SESSION_H_

// clang-format off
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including
// <utility>, so <utility> must come before any Boost.Asio header.
#include <utility>
// clang-format on

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "server/http_types.h"
#include "server/routes.h"

namespace cocoplane::server {

boost::asio::awaitable<void> ServeConnection(boost::beast::tcp_stream& stream, const Router& router,
                                             const ServerLimits& limits);

}  // namespace cocoplane::server

#endif  // COCOPLANE_SERVER_SESSION_H_
