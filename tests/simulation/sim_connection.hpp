#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

namespace huiwu::test {

// One WebSocket to the server for the simulation, on an io_context that the driver polls
// from a single thread, so that nothing here ever blocks. It connects asynchronously,
// keeps one read pending and one write in flight, queues what it is given to send until
// the handshake is done, and queues what arrives. cut() drops the TCP connection at once
// (no closing handshake), like a network failure; so does any error.
class sim_connection : public std::enable_shared_from_this<sim_connection> {
 public:
  enum class status { connecting, open, closed };
  struct frame {
    std::string bytes;
    bool binary = false;
  };

  static std::shared_ptr<sim_connection> start(boost::asio::io_context& ioc, std::uint16_t port);
  ~sim_connection();

  status state() const { return status_; }
  void send(std::string bytes, bool binary);  // dropped once closed
  std::deque<frame>& inbox() { return inbox_; }
  void cut();

 private:
  sim_connection(boost::asio::io_context& ioc, std::uint16_t port);
  void do_connect();
  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec);
  void do_write();
  void on_write(boost::beast::error_code ec);
  void fail();

  std::uint16_t port_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<frame> inbox_;
  std::deque<frame> outbox_;
  bool writing_ = false;
  status status_ = status::connecting;
};

}  // namespace huiwu::test
