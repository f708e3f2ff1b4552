#include "net/websocket_session.hpp"
#include "net/transport_error.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <iostream>

#ifdef __linux__
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include "core/request_id.hpp"

namespace huiwu::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

template <class Stream>
websocket_session<Stream>::websocket_session(Stream&& stream, server_context& ctx)
    : ws_(std::move(stream)), ctx_(ctx), handler_(ws_.get_executor(), *ctx.svc, *ctx.rooms) {
  ++ctx_.svc->stats->connections;
}

template <class Stream>
websocket_session<Stream>::~websocket_session() {
  --ctx_.svc->stats->connections;
  ctx_.svc->stats->ws_queued_bytes.fetch_sub(static_cast<std::int64_t>(queued_bytes_),
                                             std::memory_order_relaxed);
}

template <class Stream>
void websocket_session<Stream>::run(beast::http::request<beast::http::string_body> req,
                                    core::principal who, v1::Account account) {
  handler_.attach(this->weak_from_this());
  account_id_ = who.account_id;
  session_ = who.session;
  handler_.authenticate(std::move(who), std::move(account));
  ctx_.track(this->shared_from_this());
  websocket::stream_base::timeout t;
  t.handshake_timeout = std::chrono::seconds(10);
  t.idle_timeout = ctx_.config.idle_timeout;
  t.keep_alive_pings = true;  // a ping at half the idle timeout; silence after that closes
  ws_.set_option(t);
  ws_.read_message_max(ctx_.config.max_frame_bytes);
  // One frame per message: Beast's default cuts every message over 4 KiB into 4 KiB
  // frames, each its own write and completion (a 100k-character join snapshot: ~75 of
  // them). A server's frames are not masked, so a whole message leaves in one gathered
  // write straight from the shared encoded buffer (docs/performance.md, the join).
  ws_.auto_fragment(false);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "huiwu"); }));
  ws_.async_accept(
      req, [self = this->shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

template <class Stream>
void websocket_session<Stream>::on_accept(beast::error_code ec) {
  if (ec) return fail(ec, "websocket accept");
  accepted_ = true;
  do_read();
  if (!queue_.empty()) do_write();
  close_if_drained();
}

template <class Stream>
void websocket_session<Stream>::do_read() {
  ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
    self->on_read(ec, n);
  });
}

template <class Stream>
void websocket_session<Stream>::on_read(beast::error_code ec, std::size_t) {
  // message_too_big: Beast has already answered with close code 1009; not our error.
  if (ec == websocket::error::message_too_big) return finish();
  if (ec) return fail(ec, "websocket read");
  ++ctx_.svc->stats->frames_in;
  decode_and_handle();
  buffer_.consume(buffer_.size());
  // An idle connection keeps no large read buffer: one pasted page must not cost a
  // connection its size for as long as it stays open (docs/performance.md, idle RSS).
  if (buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();
  if (!closing_) do_read();
}

template <class Stream>
void websocket_session<Stream>::decode_and_handle() {
  const auto data = buffer_.cdata();
  const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
  v1::Envelope req;
  const auto fmt = ws_.got_text() ? core::wire_format::json : core::wire_format::binary;
  format_ = fmt;
  // Draining: a request read now is not taken. The client gets no reply and re-sends it to
  // the instance it reconnects to (protocol.md §8: no reply = unknown, re-send).
  if (draining_) return;
  if (auto why = core::decode_request(bytes, fmt, req); !why.empty()) {
    const auto id = fmt == core::wire_format::json ? core::recover_request_id(bytes)
                                                   : core::recover_binary_request_id(bytes);
    return handler_.reply_error(id, domain::reject(v1::ERROR_BAD_REQUEST, std::move(why)));
  }
  if (req.id() != 0 && req.body_case() != v1::Envelope::kPresence) awaiting_.insert(req.id());
  handler_.handle(std::move(req));
}

template <class Stream>
void websocket_session<Stream>::send(core::frame_ptr f) {
  boost::asio::post(ws_.get_executor(),
                    [self = this->shared_from_this(), f = std::move(f)] { self->on_send(f); });
}

template <class Stream>
void websocket_session<Stream>::on_send(core::frame_ptr f) {
  if (closing_ || finished_) return;
  if (const auto id = f->envelope().id(); id != 0) {
    if (auto it = awaiting_.find(id); it != awaiting_.end()) awaiting_.erase(it);
  }
  const auto fmt = format_.load();
  auto bytes = f->encoded(fmt);
  // The bound is checked before the frame is queued: the queue never holds more than
  // max_queued_bytes (docs/protocol.md §1, "A client that reads too slowly").
  if (queue_.size() >= ctx_.config.max_queued_frames ||
      queued_bytes_ + bytes->size() > ctx_.config.max_queued_bytes) {
    ++ctx_.svc->stats->slow_consumers_dropped;
    return fail(websocket::close_code::policy_error, "too slow: send queue full");
  }
  account_queued(static_cast<std::int64_t>(bytes->size()));
  queue_.push_back({std::move(bytes), fmt == core::wire_format::binary});
  if (queue_.size() == 1 && accepted_) do_write();
}

template <class Stream>
void websocket_session<Stream>::account_queued(std::int64_t delta) {
  queued_bytes_ = static_cast<std::size_t>(static_cast<std::int64_t>(queued_bytes_) + delta);
  auto& stats = *ctx_.svc->stats;
  stats.ws_queued_bytes.fetch_add(delta, std::memory_order_relaxed);
  if (delta > 0) stats.observe_queue(queued_bytes_);
}

template <class Stream>
void websocket_session<Stream>::cork(bool on) {
  // Several frames waiting for one connection leave as few TCP segments, not one each: the
  // socket holds them (TCP_CORK) until the queue is empty, then sends what it holds at once.
  // Each frame stays a WebSocket message of its own; the kernel sends a full segment
  // without waiting, and the cork is always pulled when the queue runs dry or the session
  // closes, so nothing waits for the kernel's 200 ms cork limit.
  if (corked_ == on) return;
  corked_ = on;
#ifdef __linux__
  const int v = on ? 1 : 0;
  ::setsockopt(beast::get_lowest_layer(ws_).socket().native_handle(), IPPROTO_TCP, TCP_CORK, &v,
               sizeof v);
#endif
}

template <class Stream>
void websocket_session<Stream>::do_write() {
  if (queue_.size() > 1) cork(true);
  writing_ = true;
  ws_.binary(queue_.front().binary);
  ws_.async_write(boost::asio::buffer(*queue_.front().bytes),
                  [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                    self->on_write(ec, n);
                  });
}

template <class Stream>
void websocket_session<Stream>::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) return fail(ec, "websocket write");
  ++ctx_.svc->stats->frames_out;
  account_queued(-static_cast<std::int64_t>(queue_.front().bytes->size()));
  queue_.pop_front();
  if (!queue_.empty() && !closing_) return do_write();
  cork(false);
  if (queue_.empty()) close_if_drained();
}

template <class Stream>
void websocket_session<Stream>::drop_queue() {
  // What is queued and not being written goes; a write in flight keeps its buffer.
  while (queue_.size() > (writing_ ? 1u : 0u)) {
    account_queued(-static_cast<std::int64_t>(queue_.back().bytes->size()));
    queue_.pop_back();
  }
}

template <class Stream>
void websocket_session<Stream>::fail(websocket::close_code code, const char* why) {
  if (closing_) return;
  closing_ = true;
  // Drop what is queued (a write may be in flight; Beast lets a close follow it), and let
  // the close frame leave at once.
  drop_queue();
  cork(false);
  ws_.async_close(websocket::close_reason(code, why),
                  [self = this->shared_from_this()](beast::error_code) { self->finish(); });
}

template <class Stream>
void websocket_session<Stream>::fail(beast::error_code ec, const char* where) {
  report_transport_error(ec, where, account_id_);
  finish();
}

template <class Stream>
void websocket_session<Stream>::close_going_away() {
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (!self->accepted_) return;
    self->fail(websocket::close_code::going_away, "server shutting down");
  });
}

template <class Stream>
void websocket_session<Stream>::drain() {
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    self->draining_ = true;
    if (self->accepted_) self->close_if_drained();
  });
}

template <class Stream>
void websocket_session<Stream>::close_if_drained() {
  if (!draining_ || closing_ || finished_ || !awaiting_.empty() || !queue_.empty()) return;
  told_ = true;
  fail(websocket::close_code::service_restart, "server restarting; reconnect and resume");
}

template <class Stream>
void websocket_session<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  told_ = true;
  handler_.closed();
}

template <class Stream>
void websocket_session<Stream>::close_if(const std::string& account_id, const std::string& session,
                                         const std::string& why) {
  if ((account_id.empty() || account_id != account_id_) &&
      (session.empty() || session != session_)) {
    return;
  }
  boost::asio::post(ws_.get_executor(), [self = this->shared_from_this(), why] {
    if (!self->accepted_) return;
    self->close_why_ = why;
    self->fail(websocket::close_code::policy_error, self->close_why_.c_str());
  });
}

template class websocket_session<beast::tcp_stream>;
template class websocket_session<beast::ssl_stream<beast::tcp_stream>>;

void server_context::track(const std::shared_ptr<closable>& s) {
  std::lock_guard lock(sessions_mutex);
  std::erase_if(sessions, [](const auto& w) { return w.expired(); });
  sessions.push_back(s);
}

void server_context::close_matching(const std::string& account_id, const std::string& session,
                                    const std::string& why) {
  std::vector<std::shared_ptr<closable>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& w : sessions) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->close_if(account_id, session, why);
}

void server_context::drain_all() {
  draining = true;
  std::vector<std::shared_ptr<closable>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& w : sessions) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->drain();
}

std::size_t server_context::open_sessions() {
  std::lock_guard lock(sessions_mutex);
  std::erase_if(sessions, [](const auto& w) { return w.expired(); });
  return sessions.size();
}

std::size_t server_context::untold_sessions() {
  std::lock_guard lock(sessions_mutex);
  return static_cast<std::size_t>(
      std::count_if(sessions.begin(), sessions.end(), [](const auto& w) {
        const auto s = w.lock();
        return s && !s->told();
      }));
}

void server_context::close_all() {
  std::vector<std::shared_ptr<closable>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& w : sessions) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->close_going_away();
}

}  // namespace huiwu::net
