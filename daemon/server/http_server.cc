#include "server/http_server.h"

// clang-format off
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including
// <utility>, so <utility> must come before any Boost.Asio header.
#include <utility>
// clang-format on

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "server/http_types.h"
#include "server/routes.h"
#include "server/session.h"

namespace cocoplane::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Everything below runs on the io_context thread except the constructor,
// Listen() (before the thread starts) and Stop().
struct HttpServer::Impl {
  Impl(ServerOptions server_options, ServerHooks hooks)
      : options(std::move(server_options)), router(options, std::move(hooks)) {}

  Status Listen();

  const ServerOptions options;
  const Router router;
  // Accepted connections not yet finished (counted at accept, so a burst
  // cannot overshoot the cap before the sessions start), and their streams,
  // so that Stop() can close them. Declared before `io`: destroying `io`
  // frees the frames of unfinished connections, whose destructors still
  // update these.
  std::size_t accepted = 0;
  std::set<beast::tcp_stream*> open;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::uint16_t bound_port = 0;
  std::once_flag stopped;
  std::thread thread;
};

namespace {

auto Capture(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Keeps `stream` in the open set for the life of the connection and frees
// its slot at the end, even if a hook throws out of the session.
class OpenConnection {
 public:
  OpenConnection(HttpServer::Impl& impl, beast::tcp_stream* stream) : impl_(impl), stream_(stream) {
    impl_.open.insert(stream_);
  }
  ~OpenConnection() {
    impl_.open.erase(stream_);
    --impl_.accepted;
  }
  OpenConnection(const OpenConnection&) = delete;
  OpenConnection& operator=(const OpenConnection&) = delete;

 private:
  HttpServer::Impl& impl_;
  beast::tcp_stream* stream_;
};

asio::awaitable<void> Connection(tcp::socket socket, HttpServer::Impl& impl) {
  beast::tcp_stream stream(std::move(socket));
  OpenConnection registered(impl, &stream);
  co_await ServeConnection(stream, impl.router, impl.options.limits);
}

// Over the connection cap: a best-effort 503 without waiting (the kernel
// buffer of a fresh socket takes it whole), then close.
void RefuseBusy(tcp::socket& socket) {
  static constexpr std::string_view kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  beast::error_code ec;
  socket.non_blocking(true, ec);
  if (!ec) socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

asio::awaitable<void> AcceptLoop(HttpServer::Impl& impl) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await impl.acceptor.async_accept(Capture(ec));
    if (ec == asio::error::operation_aborted || !impl.acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors or similar: pause instead of spinning on accept.
      asio::steady_timer pause(impl.io, std::chrono::milliseconds(50));
      co_await pause.async_wait(Capture(ec));
      continue;
    }
    if (impl.accepted >= impl.options.limits.max_connections) {
      RefuseBusy(socket);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    ++impl.accepted;
    asio::co_spawn(impl.io, Connection(std::move(socket), impl), asio::detached);
  }
}

}  // namespace

Status HttpServer::Impl::Listen() {
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec)
    return Status::InvalidArgument("listen address \"" + options.address +
                                   "\" is not an IP address");
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = options.address + ":" + std::to_string(options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable("cannot listen on " + where + ": " + ec.message());
  bound_port = acceptor.local_endpoint(ec).port();
  if (ec)
    return Status::Unavailable("cannot read the bound port of " + where + ": " + ec.message());
  return Status::Ok();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(ServerOptions options, ServerHooks hooks) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(hooks));
  Status listening = impl->Listen();
  if (!listening.ok()) return listening;
  // co_spawn with `detached` swallows an exception escaping a coroutine, so
  // one failing connection never takes the thread down.
  asio::co_spawn(impl->io, AcceptLoop(*impl), asio::detached);
  impl->thread = std::thread([io = &impl->io] {
    for (;;) {
      try {
        io->run();
        return;
      } catch (const std::exception&) {
        // A plain handler threw; keep serving the other connections.
      }
    }
  });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::Stop() {
  std::call_once(impl_->stopped, [impl = impl_.get()] {
    // Closing on the io thread avoids racing the sessions; stopping in the
    // same handler means no session runs again. Their frames (and sockets,
    // already closed) are freed when the io_context is destroyed.
    asio::post(impl->io, [impl] {
      beast::error_code ec;
      impl->acceptor.close(ec);
      for (beast::tcp_stream* stream : impl->open) stream->close();
      impl->io.stop();
    });
    if (impl->thread.joinable()) impl->thread.join();
  });
}

}  // namespace cocoplane::server
