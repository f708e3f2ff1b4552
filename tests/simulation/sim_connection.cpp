#include "sim_connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/stream_base.hpp>
#include <chrono>

#include "ws_client.hpp"

namespace huiwu::test {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

std::shared_ptr<sim_connection> sim_connection::start(boost::asio::io_context& ioc,
                                                      std::uint16_t port) {
  std::shared_ptr<sim_connection> c(new sim_connection(ioc, port));
  c->do_connect();
  return c;
}

sim_connection::sim_connection(boost::asio::io_context& ioc, std::uint16_t port)
    : port_(port), ws_(ioc) {}

sim_connection::~sim_connection() {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

void sim_connection::do_connect() {
  // Bounded: a server that accepts but never answers the upgrade counts as a failure.
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(ws_).async_connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_),
      [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void sim_connection::on_connect(beast::error_code ec) {
  if (ec || status_ == status::closed) return fail();
  ws_.read_message_max(64 * 1024 * 1024);
  ws_.set_option(websocket::stream_base::decorator(
      [bearer = default_token(port_)](websocket::request_type& req) {
        if (!bearer.empty()) req.set(beast::http::field::authorization, "Bearer " + bearer);
      }));
  ws_.async_handshake("127.0.0.1:" + std::to_string(port_), "/ws",
                      [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
}

void sim_connection::on_handshake(beast::error_code ec) {
  if (ec || status_ == status::closed) return fail();
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  status_ = status::open;
  do_read();
  do_write();
}

void sim_connection::do_read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_read(ec);
  });
}

void sim_connection::on_read(beast::error_code ec) {
  if (ec || status_ == status::closed) return fail();
  inbox_.push_back({beast::buffers_to_string(buffer_.data()), ws_.got_binary()});
  buffer_.consume(buffer_.size());
  do_read();
}

void sim_connection::send(std::string bytes, bool binary) {
  if (status_ == status::closed) return;
  outbox_.push_back({std::move(bytes), binary});
  if (status_ == status::open) do_write();
}

void sim_connection::do_write() {
  if (writing_ || outbox_.empty() || status_ != status::open) return;
  writing_ = true;
  ws_.binary(outbox_.front().binary);
  ws_.async_write(
      boost::asio::buffer(outbox_.front().bytes),
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void sim_connection::on_write(beast::error_code ec) {
  writing_ = false;
  if (ec || status_ == status::closed) return fail();
  outbox_.pop_front();
  do_write();
}

void sim_connection::cut() {
  fail();
}

void sim_connection::fail() {
  if (status_ == status::closed) return;
  status_ = status::closed;
  // The outbox stays: a write in flight may still refer to its front until it completes.
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

}  // namespace huiwu::test
