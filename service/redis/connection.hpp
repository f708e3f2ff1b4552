#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "redis/errors.hpp"
#include "redis/options.hpp"
#include "redis/reconnect.hpp"
#include "redis/reply.hpp"

namespace huiwu::redis {

class hiredis_link;
struct link_event;

// One asynchronous connection to Redis (hiredis driven by Asio), which reconnects by itself.
// When to connect, retry, fail pending commands and report is decided by redis::reconnect
// (reconnect.hpp), a state machine with no I/O; this class performs what it answers.
//
// Threads: every public member may be called from any thread; the work happens on the
// connection's own strand, where every callback runs too. Callbacks must not throw.
// Lifetime: the connection lives as long as the caller's shared_ptr (its own pending waits
// hold only weak references), and the io_context must outlive it. Call stop() before
// dropping it if every pending execute() callback must run; otherwise they are destroyed
// unrun (the socket is still closed, on the strand).
// Process: create() sets SIGPIPE to ignored if it still has the default action, since
// hiredis write()s to the socket and a peer reset would otherwise kill the process.
class connection : public std::enable_shared_from_this<connection> {
 public:
  using command_handler = std::function<void(std::error_code, reply)>;
  using message_handler =
      std::function<void(const std::string& channel, const std::string& payload)>;

  static std::shared_ptr<connection> create(boost::asio::any_io_executor ex, options o);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Connects, and from then on reconnects with exponential backoff whenever the connection
  // is lost or cannot be made, until stop(). May be called again after stop().
  void start();
  // Closes the connection: pending commands complete with errc::outcome_unknown, no
  // reconnect, no timer left, so the io_context runs out of work.
  void stop();
  // True from on_connected until the connection is lost. Thread-safe; only a hint, since
  // the connection may drop right after.
  bool is_connected() const noexcept;
  // Connection attempts begun since create() (each resolve-connect-handshake). Thread-safe.
  // Lets a caller (a test, a metric) see that the retrying goes on without waiting for it.
  std::uint64_t attempts() const noexcept;

  // Set these before start(). on_connected runs after every successful (re)connect, once AUTH
  // succeeded and every remembered subscription is confirmed: whatever is published from
  // then on is delivered. on_disconnected runs exactly once after each on_connected, right
  // after the callbacks of the commands that were pending (reason: "command timeout",
  // "stopped", the socket error...). Failed attempts in between are not reported.
  void set_on_connected(std::function<void()> f);
  void set_on_disconnected(std::function<void(std::string reason)> f);

  // Sends one command (binary-safe arguments, pipelined with the others). `cb` runs exactly
  // once, on the strand, never inside this call: with ({}, reply) when Redis answered (an
  // error reply is still a reply: check reply::is_error()), errc::not_connected when the
  // command was not sent, errc::outcome_unknown when it was sent but no reply will come.
  // Pub/Sub commands and MONITOR/HELLO/RESET are refused with an error reply, and so is
  // every command while this connection has subscriptions.
  void execute(std::vector<std::string> args, command_handler cb);

  // Pub/Sub. Use a connection of its own for it: a subscribed connection can run no other
  // command. Subscriptions are remembered and re-issued after every reconnect; messages
  // published while disconnected are lost (Pub/Sub is at-most-once): re-read what matters
  // in on_connected.
  void set_on_message(message_handler f);
  void subscribe(const std::string& channel);
  void unsubscribe(const std::string& channel);

 private:
  using strand_type = boost::asio::strand<boost::asio::any_io_executor>;
  using clock = std::chrono::steady_clock;

  // Where one attempt is, while the reconnect machine says connecting.
  enum class step { resolving, connecting, handshaking };

  struct pending_command {
    command_handler done;
    clock::time_point sent_at;
  };

  connection(const boost::asio::any_io_executor& ex, options o);

  void do_start();
  void do_stop();
  void do_execute(const std::vector<std::string>& args, command_handler cb);
  void do_subscribe(const std::string& channel);
  void do_unsubscribe(const std::string& channel);

  // One connection attempt: resolve, connect to each address in turn, handshake.
  void do_resolve();
  void on_resolve(boost::system::error_code ec,
                  const boost::asio::ip::tcp::resolver::results_type& results);
  void do_connect(std::string previous_error);
  void on_connect_timer(std::uint64_t attempt);
  void on_link_event(std::uint64_t link_id, link_event ev);
  void on_link_connected();
  void on_link_reply(reply r);
  void on_link_push(const reply& r);
  void on_link_closed(std::string reason);
  void do_handshake();
  command_handler handshake_step(std::string what);
  void finish_handshake_if_done();

  bool send(const std::vector<std::string>& args, command_handler& done);
  bool send_subscription(const std::vector<std::string>& args);
  void arm_command_timer();
  void on_command_timer();

  // Drops the link and retries; every pending command completes with outcome_unknown, in
  // order. `reason` reaches on_disconnected when the connection was ready.
  void fail(std::string reason);
  // Feeds the reconnect machine and performs what it answers.
  void handle(reconnect::event e, const std::string& reason);
  void perform(const reconnect::action& a, const std::string& reason);
  void close_link();
  void arm_backoff_timer(std::chrono::milliseconds delay);
  void on_backoff_timer(std::uint64_t attempt);
  bool attempting(step s) const noexcept;
  bool link_accepts_subscriptions() const noexcept;

  strand_type strand_;
  options options_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer command_timer_;
  boost::asio::steady_timer backoff_timer_;
  reconnect machine_;  // idle, connecting, ready, waiting, stopped: see reconnect.hpp
  step step_ = step::resolving;
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> attempts_begun_{0};
  std::uint64_t attempt_ = 0;  // stale timer and resolver completions compare against it
  std::uint64_t link_id_ = 0;  // stale link events compare against it
  std::shared_ptr<hiredis_link> link_;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints_;
  std::size_t next_endpoint_ = 0;

  // Sent and unanswered, oldest first: hiredis answers in send order.
  std::deque<pending_command> pending_;
  // Send times of SUBSCRIBE/UNSUBSCRIBE confirmations still expected (one per channel).
  std::deque<clock::time_point> acks_;
  bool command_timer_armed_ = false;
  std::set<std::string> channels_;  // what we want to be subscribed to

  std::function<void()> on_connected_;
  std::function<void(std::string)> on_disconnected_;
  message_handler on_message_;
};

}  // namespace huiwu::redis
