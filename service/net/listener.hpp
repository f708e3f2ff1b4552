#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <vector>

#include "net/server_context.hpp"

namespace huiwu::net {

// Accepts TCP connections and hands each to an http_session on its own strand.
//
// With several `shards` (one io_context per network thread, main.cpp) the connections go
// round robin onto them; the acceptor lives on the first. Decision 0040: a handler posted
// within one single-threaded io_context goes to that thread's private queue, where one
// io_context run by several threads wakes an idle thread for nearly every post (a futex
// or epoll wake-up and a context switch per delivered frame, a quarter of the server's CPU
// in the profiles of docs/performance.md).
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(std::vector<boost::asio::io_context*> shards, boost::asio::ip::tcp::endpoint ep,
           server_context& ctx);
  listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint ep, server_context& ctx)
      : listener(std::vector<boost::asio::io_context*>{&ioc}, ep, ctx) {}
  void run() { do_accept(); }
  void stop();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void start_tls(boost::asio::ip::tcp::socket socket);

  std::vector<boost::asio::io_context*> shards_;
  std::size_t next_shard_ = 0;  // the acceptor's strand only
  boost::asio::ip::tcp::acceptor acceptor_;
  server_context& ctx_;
};

}  // namespace huiwu::net
