#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/http_json.hpp"
#include "net/transport_error.hpp"
#include "net/upload_body.hpp"
#include "net/websocket_session.hpp"

namespace huiwu::net {

namespace beast = boost::beast;

template <class Stream>
http_session<Stream>::http_session(Stream&& stream, server_context& ctx, bool tls)
    : stream_(std::move(stream)), ctx_(ctx), tls_(tls) {
  boost::system::error_code ec;
  const auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  if (!ec) from_ = ep.address().to_string();
}

template <class Stream>
void http_session<Stream>::run() {
  boost::asio::dispatch(stream_.get_executor(),
                        [self = this->shared_from_this()] { self->do_read(); });
}

template <class Stream>
void http_session<Stream>::do_read() {
  parser_.emplace();
  // The limit depends on the route (an upload may be larger): decided once the head is in.
  parser_->body_limit(boost::none);
  beast::get_lowest_layer(stream_).expires_after(ctx_.config.http_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->on_header(ec, n);
                          });
}

template <class Stream>
void http_session<Stream>::on_header(beast::error_code ec, std::size_t n) {
  if (ec) return on_read(ec, n);
  // Counted before `draining` is read: a drain that begins now either sees this request or
  // is seen by it (both atomics are sequentially consistent).
  taken_.emplace(ctx_.requests_in_flight);
  const auto& head = parser_->get();
  const auto target = std::string_view(head.target());
  const auto path = target.substr(0, target.find('?'));
  // Draining: the health check and the metrics still answer (the router says "draining"), a
  // WebSocket upgrade gets the health check's 503 from the router; anything else is refused
  // here, before its body is read (an upload writes nothing).
  if (ctx_.draining && !ctx_.config.metrics_only && path != "/healthz" && path != "/metrics" &&
      !beast::websocket::is_upgrade(head)) {
    return refuse_draining();
  }
  body_limit_ = ctx_.config.max_http_body_bytes;
  body_field_.clear();
  bool upload = false;
  const api_route* streamed = nullptr;
  if (auto it = ctx_.routes.find(std::string(path)); it != ctx_.routes.end()) {
    for (const auto& r : it->second) {
      if (r.method == head.method() && r.max_body_bytes != 0) {
        upload = r.max_body_bytes > body_limit_;
        body_limit_ = r.max_body_bytes;
        body_field_ = r.body_field;
      }
      if (r.method == head.method() && r.open_upload) streamed = &r;
    }
  }
  if (const auto length = parser_->content_length(); length && *length > body_limit_) {
    return too_large(body_limit_);
  }
  // A large upload over a slow line needs longer than a request.
  if (upload) beast::get_lowest_layer(stream_).expires_after(std::chrono::minutes(15));
  if (streamed) return read_streamed(*streamed);
  parser_->body_limit(body_limit_);
  http::async_read(stream_, buffer_, *parser_,
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                     self->on_read(ec, n);
                   });
}

// The body goes to the route's sink chunk by chunk as it arrives (a file in the materials
// directory): the limit is enforced while reading, and a body cut short is dropped with its
// sink, which removes what it had written. Each read's bytes are staged in the sink and
// written by it off this thread (flush); the next read starts only when that write is done,
// so the socket, not memory, absorbs a client faster than the disk.
template <class Stream>
void http_session<Stream>::read_streamed(const api_route& route) {
  auto sink = route.open_upload();
  if (!sink) return storage_unavailable();
  streaming_.emplace(std::move(*parser_));
  parser_.reset();
  streaming_->body_limit(body_limit_);
  streaming_->get().body() = std::move(sink);
  on_flushed({});  // reads the body, or finishes at once when there is none (length 0)
}

template <class Stream>
void http_session<Stream>::read_body_part() {
  http::async_read_some(stream_, buffer_, *streaming_,
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                          self->on_body_part(ec, n);
                        });
}

template <class Stream>
void http_session<Stream>::on_body_part(beast::error_code ec, std::size_t n) {
  if (ec) {
    streaming_.reset();  // the sink goes, and with it the partial file
    return on_read(ec, n);
  }
  auto& sink = *streaming_->get().body();
  if (sink.staged() == 0) return on_flushed({});
  sink.flush([self = this->shared_from_this()](std::error_code e) {
    boost::asio::post(self->stream_.get_executor(), [self, e] { self->on_flushed(e); });
  });
}

template <class Stream>
void http_session<Stream>::on_flushed(std::error_code ec) {
  if (ec) {
    streaming_.reset();  // the sink goes, and with it the partial file
    return storage_unavailable();
  }
  if (!streaming_->is_done()) return read_body_part();
  finish_streamed();
}

template <class Stream>
void http_session<Stream>::finish_streamed() {
  ++ctx_.svc->stats->http_requests;
  auto msg = streaming_->release();
  streaming_.reset();
  auto sink = std::move(msg.body());
  request req(std::move(msg.base()));
  route_request(
      ctx_, std::move(req), from_, tls_,
      [self = this->shared_from_this()](outcome o) {
        boost::asio::post(self->stream_.get_executor(),
                          [self, o = std::move(o)]() mutable { self->on_outcome(std::move(o)); });
      },
      std::move(sink));
}

template <class Stream>
void http_session<Stream>::storage_unavailable() {
  request head;
  head.version(11);
  head.keep_alive(false);
  linger_ = true;  // the rest of the body may still be on its way
  send(text_response(
      head, http::status::service_unavailable, "application/json",
      error_body("storage_unavailable", "the file could not be stored; retry later")));
}

template <class Stream>
void http_session<Stream>::refuse_draining() {
  request head;
  head.version(11);
  head.keep_alive(false);
  linger_ = !parser_->is_done();  // a body announced and not read: let the client finish it
  send(text_response(head, http::status::service_unavailable, "application/json",
                     error_body("draining",
                                "this instance is shutting down and takes no new requests; send "
                                "it again (another instance will answer)")));
}

template <class Stream>
void http_session<Stream>::too_large(std::size_t limit) {
  request head;
  head.version(11);
  head.keep_alive(false);
  std::string size = std::to_string(limit) + " bytes";
  if (limit >= 1024 * 1024 && limit % (1024 * 1024) == 0) {
    size = std::to_string(limit / (1024 * 1024)) + " MiB (" + size + ")";
  }
  auto res = text_response(
      head, http::status::payload_too_large, "application/json",
      error_body("too_large", "the request body is over the limit of " + size, body_field_));
  res.set("X-Huiwu-Limit-Bytes", std::to_string(limit));
  linger_ = true;  // the client may still be sending the body it announced
  send(std::move(res));
}

template <class Stream>
void http_session<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit) return too_large(body_limit_);
  if (ec) return fail(ec, "http read");  // nothing to answer
  ++ctx_.svc->stats->http_requests;
  auto req = parser_->release();
  // Routing may finish on another thread (Redis answers there): come back to our strand.
  // A request that asks to upgrade is kept here, since the WebSocket needs it.
  if (beast::websocket::is_upgrade(req)) upgrading_ = req;
  route_request(ctx_, std::move(req), from_, tls_, [self = this->shared_from_this()](outcome o) {
    boost::asio::post(self->stream_.get_executor(),
                      [self, o = std::move(o)]() mutable { self->on_outcome(std::move(o)); });
  });
}

template <class Stream>
void http_session<Stream>::on_outcome(outcome o) {
  if (auto* t = std::get_if<upgrade_ticket>(&o)) {
    // The TCP stream's own deadline ends here; the WebSocket keeps its own timeouts.
    beast::get_lowest_layer(stream_).expires_never();
    core::principal who;
    who.account_id = t->account.id;
    who.client_name = t->account.name;
    who.clearance = t->account.clearance;
    who.from = from_;
    who.session = t->session;
    taken_.reset();  // the WebSocket has its own drain (closable::drain)
    std::make_shared<websocket_session<Stream>>(std::move(stream_), ctx_)
        ->run(std::move(*upgrading_), std::move(who), auth::to_wire(t->account));
    return;
  }
  upgrading_.reset();
  if (auto* s = std::get_if<string_response>(&o)) return send(std::move(*s));
  send(std::move(std::get<file_response>(o)));
}

template <class Stream>
template <class Response>
void http_session<Stream>::send(Response&& res) {
  using response_type = std::decay_t<Response>;
  auto sp = std::make_shared<response_type>(std::forward<Response>(res));
  if (tls_) sp->set("Strict-Transport-Security", "max-age=31536000");
  // Draining: this answer is the connection's last (Connection: close), so that a balancer
  // sends the next request elsewhere.
  if (ctx_.draining) sp->keep_alive(false);
  pending_ = sp;
  const bool keep_alive = sp->keep_alive();
  beast::get_lowest_layer(stream_).expires_after(ctx_.config.http_timeout);
  http::async_write(
      stream_, *sp,
      [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t n) {
        self->on_write(keep_alive, ec, n);
      });
}

template <class Stream>
void http_session<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  pending_.reset();
  if (ec) return fail(ec, "http write");
  if (!keep_alive) return do_close();
  taken_.reset();  // answered; the next request on this connection is counted anew
  do_read();
}

template <class Stream>
void http_session<Stream>::fail(beast::error_code ec, const char* where) {
  report_transport_error(ec, where);  // the session ends: no read or write follows
}

template <class Stream>
void http_session<Stream>::do_close() {
  // Answered. A lingering close stays counted until the client has read the answer and
  // closed (or 10 s): the process must not exit and reset the connection under it.
  if (!linger_) taken_.reset();
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    // A refused body still on its way: read and drop it for a while before closing, or the
    // close would reset the connection and the client lose the answer (a lingering close).
    if (linger_) {
      stream_.expires_after(std::chrono::seconds(10));
      drain();
    }
  } else {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
  }
}

template <class Stream>
void http_session<Stream>::drain() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(64 * 1024),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            if (!ec) self->drain();
                          });
}

template class http_session<beast::tcp_stream>;
template class http_session<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace huiwu::net
