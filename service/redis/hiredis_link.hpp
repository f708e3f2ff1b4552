#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "redis/reply.hpp"

struct redisAsyncContext;

namespace huiwu::redis {

// What a link reports to its owner. Events are delivered after hiredis has returned, never
// from inside a hiredis callback, so the owner may send, close or throw freely.
struct link_event {
  enum class kind {
    connected,  // TCP connect finished; commands may be sent
    reply,      // the reply to the oldest command sent with send() (FIFO); never a NULL reply
    push,       // a Pub/Sub frame: ["message", ch, payload], ["subscribe", ch, n], ...
    closed,     // the context is gone (connect failure, I/O error, EOF, close()); last event
  };
  kind type;
  reply payload;       // reply, push
  std::string reason;  // closed
};

// One hiredis async context (one TCP connection, one attempt: never reopened) driven by
// Asio readiness waits on its file descriptor. Everything, hooks included, runs on `strand`.
//
// Lifetime: hiredis owns the fd and closes it in redisFree, so the cleanup hook release()s
// our stream_descriptor (which also cancels the waits) before that happens. Any hiredis call
// may free the context (redisAsyncHandleRead on EOF, for example): the cleanup hook nulls
// `ac_`, and every wait handler holds a shared_ptr to the link and checks `ac_` afterwards.
// Replies of commands still pending when the context is freed are dropped here (hiredis
// reports them as NULL replies); the owner fails them itself on `closed`.
class hiredis_link : public std::enable_shared_from_this<hiredis_link> {
 public:
  using strand_type = boost::asio::strand<boost::asio::any_io_executor>;
  using sink_type = std::function<void(link_event)>;

  hiredis_link(strand_type strand, sink_type sink);
  ~hiredis_link();
  hiredis_link(const hiredis_link&) = delete;
  hiredis_link& operator=(const hiredis_link&) = delete;

  // Starts a non-blocking connect to a numeric address (a name would make hiredis resolve
  // it synchronously). On an immediate failure returns false and sets `error`; otherwise the
  // outcome arrives as `connected` or `closed`.
  bool open(const std::string& address, std::uint16_t port, std::string& error);

  // Queues a regular command (binary-safe); its reply comes as one `reply` event, in order.
  // False when the context is closed or closing: the command was not sent.
  bool send(const std::vector<std::string>& args);
  // Queues SUBSCRIBE/UNSUBSCRIBE: one `push` event per channel confirms it, and messages
  // follow as `push` events.
  bool send_subscription(const std::vector<std::string>& args);

  // Frees the context now; delivers `closed` (reason "closed by client").
  void close();
  bool is_open() const noexcept { return ac_ != nullptr; }

 private:
  // hiredis hooks; `data` is the link.
  static void hook_add_read(void* data);
  static void hook_del_read(void* data);
  static void hook_add_write(void* data);
  static void hook_del_write(void* data);
  static void hook_cleanup(void* data);
  static void on_connect_c(const redisAsyncContext* ac, int status);
  static void on_reply_c(redisAsyncContext* ac, void* r, void* privdata);
  static void on_push_c(redisAsyncContext* ac, void* r, void* privdata);

  bool submit(const std::vector<std::string>& args, bool subscription);
  void do_wait_read();
  void on_readable(boost::system::error_code ec);
  void do_wait_write();
  void on_writable(boost::system::error_code ec);
  void free_context(const char* reason);
  void flush();

  strand_type strand_;
  sink_type sink_;
  boost::asio::posix::stream_descriptor fd_;
  redisAsyncContext* ac_ = nullptr;
  const char* close_reason_ = nullptr;  // set while we free the context ourselves
  // What hiredis asked for (add/del hooks) versus the waits actually in flight: a wait
  // cannot be cancelled on its own, so a stale completion is checked against want_*.
  bool want_read_ = false;
  bool want_write_ = false;
  bool read_waiting_ = false;
  bool write_waiting_ = false;
  std::vector<link_event> events_;  // recorded inside hiredis callbacks, delivered by flush()
  bool flushing_ = false;
};

}  // namespace huiwu::redis
