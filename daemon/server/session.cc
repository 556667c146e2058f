#include "server/session.h"

#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

namespace cocoplane::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Read buffer: holds a whole header (ServerLimits caps it well below) and
// then passes body bytes through in chunks.
constexpr std::size_t kReadBufferBytes = 64 * 1024;
// Lingering close: how long and how much we are willing to discard.
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr std::size_t kLingerBytes = 256 * 1024;

enum class After { kKeepAlive, kClose, kDrainAndClose };

auto Capture(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

bool ExpectsContinue(const RequestHeader& header) {
  return beast::iequals(header[http::field::expect], "100-continue");
}

// Messages go into these coroutines by reference to a named local, never by
// value: with GCC 12, a by-value message parameter initialised from a
// temporary inside a co_await expression crashed in the frame's move
// constructor. Results are awaited into named variables for the same reason.

// Writes `response`; false when the connection failed.
asio::awaitable<bool> Write(beast::tcp_stream& stream, Response& response, bool keep_alive,
                            const ServerLimits& limits) {
  response.keep_alive(keep_alive);
  response.prepare_payload();
  stream.expires_after(limits.request_timeout);
  beast::error_code ec;
  co_await http::async_write(stream, response, Capture(ec));
  co_return !ec;
}

// Answers a request that was read whole.
asio::awaitable<After> Answer(beast::tcp_stream& stream, Response& response, bool keep_alive,
                              const ServerLimits& limits) {
  const bool written = co_await Write(stream, response, keep_alive, limits);
  co_return written&& keep_alive ? After::kKeepAlive : After::kClose;
}

// Answers a request whose body is (partly) unread. The rest of it would be
// parsed as the next request, so the connection ends after the answer.
asio::awaitable<After> AnswerAndClose(beast::tcp_stream& stream, Response& response,
                                      const ServerLimits& limits) {
  const bool written = co_await Write(stream, response, false, limits);
  co_return written ? After::kDrainAndClose : After::kClose;
}

// Tells the client we are done, then discards (bounded) what it may still be
// sending, so closing does not turn our answer into a connection reset.
asio::awaitable<void> DrainAndClose(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLingerTime);
  std::array<char, 16 * 1024> discard;
  std::size_t drained = 0;
  while (!ec && drained < kLingerBytes) {
    drained += co_await stream.async_read_some(asio::buffer(discard), Capture(ec));
  }
}

// Reads the body of a matched route (within its limit) and answers it.
asio::awaitable<After> ServeRoute(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                  http::request_parser<http::empty_body>& head, const Route& route,
                                  const ServerLimits& limits) {
  Response response;
  After after = After::kClose;
  if (auto length = head.content_length(); length && *length > route.body_limit) {
    response = route.too_large();
    after = co_await AnswerAndClose(stream, response, limits);
    co_return after;
  }
  http::request_parser<http::string_body> parser(std::move(head));
  parser.body_limit(route.body_limit);
  if (!parser.is_done()) {
    beast::error_code ec;
    if (ExpectsContinue(parser.get())) {
      http::response<http::empty_body> go_on{http::status::continue_, 11};
      co_await http::async_write(stream, go_on, Capture(ec));
      if (ec) co_return After::kClose;
    }
    co_await http::async_read(stream, buffer, parser, Capture(ec));
    if (ec == http::error::body_limit || IsParseError(ec)) {
      response = ec == http::error::body_limit
                     ? route.too_large()
                     : MakeResponse(http::status::bad_request, "bad request\n");
      after = co_await AnswerAndClose(stream, response, limits);
      co_return after;
    }
    if (ec) co_return After::kClose;
  }
  Request request = parser.release();
  response = route.handle(request);
  after = co_await Answer(stream, response, request.keep_alive(), limits);
  co_return after;
}

// The answer to a request whose header could not be read, if it deserves one
// (a parse error or oversized header does; end of stream, reset and timeout
// do not).
std::optional<Response> HeaderFailureAnswer(const beast::error_code& ec) {
  if (ec == http::error::header_limit) {
    return MakeResponse(http::status::request_header_fields_too_large,
                        "request header too large\n");
  }
  if (IsParseError(ec)) return MakeResponse(http::status::bad_request, "bad request\n");
  return std::nullopt;
}

asio::awaitable<After> ServeRequest(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                    const Router& router, const ServerLimits& limits) {
  http::request_parser<http::empty_body> head;
  head.header_limit(limits.max_header_bytes);
  // The route decides the body cap once the path is known; until then any
  // declared length is allowed, as no body byte is read yet.
  head.body_limit(std::numeric_limits<std::uint64_t>::max());
  stream.expires_after(limits.request_timeout);
  beast::error_code ec;
  co_await http::async_read_header(stream, buffer, head, Capture(ec));
  After after = After::kClose;
  if (ec) {
    std::optional<Response> answer = HeaderFailureAnswer(ec);
    if (answer) after = co_await AnswerAndClose(stream, *answer, limits);
    co_return after;
  }

  Response refusal;
  const Route* route = router.Find(head.get(), &refusal);
  if (route != nullptr) {
    after = co_await ServeRoute(stream, buffer, head, *route, limits);
  } else if (!head.is_done()) {
    after = co_await AnswerAndClose(stream, refusal, limits);
  } else {
    after = co_await Answer(stream, refusal, head.keep_alive(), limits);
  }
  co_return after;
}

}  // namespace

asio::awaitable<void> ServeConnection(beast::tcp_stream& stream, const Router& router,
                                      const ServerLimits& limits) {
  beast::flat_buffer buffer(kReadBufferBytes);
  After after = After::kKeepAlive;
  while (after == After::kKeepAlive) {
    after = co_await ServeRequest(stream, buffer, router, limits);
  }
  if (after == After::kDrainAndClose) co_await DrainAndClose(stream);
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.close();
}

}  // namespace cocoplane::server
