#pragma once

#include <atomic>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <unordered_set>

#include "core/connection_handler.hpp"
#include "core/peer.hpp"
#include "net/server_context.hpp"

namespace huiwu::net {

// One WebSocket client, over plain TCP or TLS (Stream as for http_session). Reads frames
// one at a time, decodes them (text = protobuf JSON, binary = protobuf binary) and hands
// them to the connection handler; writes frames one at a time from a bounded queue, several
// queued frames corked into as few TCP segments as they fill.
// Everything runs on the connection's strand.
template <class Stream>
class websocket_session : public core::peer,
                          public closable,
                          public std::enable_shared_from_this<websocket_session<Stream>> {
 public:
  websocket_session(Stream&& stream, server_context& ctx);
  ~websocket_session() override;

  // Accepts the upgrade for an account the HTTP layer authenticated.
  void run(boost::beast::http::request<boost::beast::http::string_body> req, core::principal who,
           v1::Account account);
  void send(core::frame_ptr f) override;  // thread-safe
  void close_going_away() override;       // thread-safe; for shutdown
  void drain() override;                  // thread-safe; SIGTERM
  bool told() const override { return told_; }
  void close_if(const std::string& account_id, const std::string& session,
                const std::string& why) override;

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t n);
  void decode_and_handle();
  void on_send(core::frame_ptr f);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t n);
  void account_queued(std::int64_t delta);  // queued_bytes_ and the metrics
  void cork(bool on);
  void drop_queue();
  // Closes with a code and reason (the server ends the session).
  void fail(boost::beast::websocket::close_code code, const char* why);
  // The transport failed at `where`: report it (net/transport_error.hpp) and end.
  void fail(boost::beast::error_code ec, const char* where);
  void finish();
  // Draining and nothing owed to the client: no reply awaited, nothing queued -> 1012.
  void close_if_drained();

  struct outbound {
    std::shared_ptr<const std::string> bytes;
    bool binary;
  };

  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  server_context& ctx_;
  core::connection_handler handler_;
  std::deque<outbound> queue_;
  std::size_t queued_bytes_ = 0;
  // The format of the last frame received: replies and events use it.
  std::atomic<core::wire_format> format_{core::wire_format::json};
  bool writing_ = false;  // an async_write of queue_.front() is in flight
  bool corked_ = false;
  bool accepted_ = false;
  bool closing_ = false;
  bool finished_ = false;
  bool draining_ = false;
  std::atomic<bool> told_{false};  // the 1012 close was started, or the session ended
  // Ids of requests taken and not answered yet (presence has no answer; id 0 is not
  // tracked): the drain waits for their replies, a command's ack among them.
  std::unordered_multiset<std::uint64_t> awaiting_;
  std::string account_id_, session_;  // fixed at run(): read from other threads
  std::string close_why_;
};

}  // namespace huiwu::net
