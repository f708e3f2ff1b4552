#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "net/server_context.hpp"

namespace huiwu::net {

// Accepts TCP connections and hands each to an http_session on its own strand.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint ep, server_context& ctx);
  void run() { do_accept(); }
  void stop();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void start_tls(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  server_context& ctx_;
};

}  // namespace huiwu::net
