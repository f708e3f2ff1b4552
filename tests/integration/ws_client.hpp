#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "huiwu.pb.h"

namespace huiwu::test {

// The session token tests use by default for a server port ("" when none is registered).
void set_default_token(std::uint16_t port, std::string token);
std::string default_token(std::uint16_t port);

// A blocking WebSocket client for tests, driven by its own io_context: one read is always
// pending, and every wait is bounded. Speaks JSON text frames unless told binary.
class ws_client {
 public:
  struct message {
    std::string bytes;
    bool binary = false;
  };

  // Logs in with `token` (as a bearer token); by default the token registered for the port
  // (the test account of the server_process listening there).
  explicit ws_client(std::uint16_t port, std::string client_id = {},
                     std::optional<std::string> token = std::nullopt);
  ~ws_client();

  bool open() const { return !closed_; }
  boost::beast::websocket::close_reason close_reason() const { return ws_.reason(); }

  void send_raw(const std::string& bytes, bool binary = false);
  // Sends `e` with a fresh request id (JSON, or binary if `binary`), returns the id.
  std::uint64_t send(v1::Envelope e, bool binary = false);
  // The next frame of any kind, or nullopt after `timeout` / when closed.
  std::optional<message> next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The next envelope satisfying `pred`, skipping others; keeps skipped ones for later.
  std::optional<v1::Envelope> wait_for(
      const std::function<bool(const v1::Envelope&)>& pred,
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The reply to request `id`.
  std::optional<v1::Envelope> reply_to(
      std::uint64_t id, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Sends and waits for the reply.
  v1::Envelope call(v1::Envelope e, bool binary = false);
  // Waits for the event that brings `meeting_id` to `version`.
  std::optional<v1::Event> event(const std::string& meeting_id, std::uint64_t version,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Everything received and not yet consumed, plus whatever arrives until the connection has
  // been quiet for `quiet`, as JSON text (one per frame); consumes it all.
  std::vector<std::string> drain(std::chrono::milliseconds quiet = std::chrono::milliseconds(300));
  // Proves that nothing matching `forbidden` reached this client before the reply to
  // request `barrier_id`, without waiting for a time-out: frames arrive in order, so when
  // the barrier is a request the server can only answer after it would have sent the
  // forbidden frame (a command through the same room; a join), the first frame that is
  // either decides. True when it is the reply; the reply is consumed either way.
  bool nothing_before_reply(const std::function<bool(const v1::Envelope&)>& forbidden,
                            std::uint64_t barrier_id);
  // Waits until the server closes the connection.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Protocol shortcuts, all asserting success.
  v1::Meeting create_meeting(const std::string& title);
  v1::Joined join(const std::string& meeting_id, std::uint64_t known_version = 0,
                  const std::string& epoch = {});
  // Sends a command with the next sequence number without waiting; returns the request id.
  std::uint64_t send_command(const std::string& meeting_id, const v1::Change& change);
  // A command with the next sequence number; returns the reply (ack or error).
  v1::Envelope command(const std::string& meeting_id, const v1::Change& change,
                       std::uint64_t expected_version = 0);

  const std::string& client_id() const { return client_id_; }
  std::uint64_t last_seq() const { return seq_; }

  static std::optional<v1::Envelope> decode(const message& m);

 private:
  void start_read();

  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<message> inbox_;
  std::deque<v1::Envelope> skipped_;
  bool closed_ = false;
  std::uint64_t next_id_ = 1;
  std::uint64_t seq_ = 0;
  std::string client_id_;
};

v1::Change add_item_change(const std::string& title, int minutes = 10);

}  // namespace huiwu::test
