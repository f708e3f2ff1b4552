#include "net/listener.hpp"
#include "base/log.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <iostream>

#include "net/http_session.hpp"

namespace huiwu::net {

listener::listener(std::vector<boost::asio::io_context*> shards, boost::asio::ip::tcp::endpoint ep,
                   server_context& ctx)
    : shards_(std::move(shards)), acceptor_(boost::asio::make_strand(*shards_.front())), ctx_(ctx) {
  acceptor_.open(ep.protocol());
  acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
  acceptor_.bind(ep);  // throws with a clear message when the port is taken
  acceptor_.listen(boost::asio::socket_base::max_listen_connections);
}

void listener::stop() {
  boost::asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
  });
}

void listener::do_accept() {
  // Each connection gets its own strand: its handlers never run concurrently.
  auto& shard = *shards_[next_shard_++ % shards_.size()];
  acceptor_.async_accept(
      boost::asio::make_strand(shard),
      [self = shared_from_this()](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
        self->on_accept(ec, std::move(s));
      });
}

void listener::on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
  if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of file descriptors and the like: keep accepting; the condition may pass.
    log::warn("accept failed", {{"error", ec.message()}});
  } else {
    // Small frames (acks, keystrokes) must leave at once: with Nagle on, an ack written
    // right after the author's event waits for the client's delayed ACK (~40 ms).
    boost::system::error_code ignored;
    socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
    if (!ctx_.ssl) {
      std::make_shared<http_session<boost::beast::tcp_stream>>(
          boost::beast::tcp_stream(std::move(socket)), ctx_, false)
          ->run();
    } else {
      start_tls(std::move(socket));
    }
  }
  do_accept();
}

void listener::start_tls(boost::asio::ip::tcp::socket socket) {
  using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  auto stream =
      std::make_shared<tls_stream>(boost::beast::tcp_stream(std::move(socket)), *ctx_.ssl);
  boost::beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(10));
  stream->async_handshake(
      boost::asio::ssl::stream_base::server, [stream, &ctx = ctx_](boost::system::error_code ec) {
        if (ec) return;  // not TLS, or a bad client: just drop it
        std::make_shared<http_session<tls_stream>>(std::move(*stream), ctx, true)->run();
      });
}

}  // namespace huiwu::net
