#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "net/server_context.hpp"

namespace huiwu::net {

// One HTTP/1.1 connection: static files, /healthz, /metrics, JSON endpoints, and the
// upgrade of /ws to a WebSocket. Every request has a body limit and a deadline.
class http_session : public std::enable_shared_from_this<http_session> {
 public:
  http_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx);
  void run();

 private:
  using request = boost::beast::http::request<boost::beast::http::string_body>;

  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t);
  void handle(request req);
  void do_health(request req);
  template <class Response>
  void send(Response&& res);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t);
  void do_close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  server_context& ctx_;
  std::shared_ptr<void> pending_;  // the response being written
};

}  // namespace huiwu::net
