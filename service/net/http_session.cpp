#include "net/http_session.hpp"

#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/static_files.hpp"
#include "net/websocket_session.hpp"

namespace huiwu::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

http::response<http::string_body> text_response(const http::request<http::string_body>& req,
                                                http::status status, std::string_view type,
                                                std::string body) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::server, "huiwu");
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string json_error(std::string_view code, std::string_view message) {
  std::string out = R"({"error":{"code":")";
  out.append(code).append(R"(","message":")");
  for (char c : message) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"}}";
  return out;
}

}  // namespace

http_session::http_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx)
    : stream_(std::move(socket)), ctx_(ctx) {}

void http_session::run() {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void http_session::do_read() {
  parser_.emplace();
  parser_->body_limit(ctx_.config.max_http_body_bytes);
  stream_.expires_after(ctx_.config.http_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

void http_session::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit) {
    http::request<http::string_body> head;
    head.version(11);
    head.keep_alive(false);
    return send(text_response(head, http::status::payload_too_large, "application/json",
                              json_error("too_large", "request body over the limit")));
  }
  if (ec) return;  // timeouts and resets: nothing to answer
  ++ctx_.svc->stats->http_requests;
  handle(parser_->release());
}

void http_session::handle(request req) {
  const auto target = std::string(req.target());
  const auto path = target.substr(0, target.find('?'));

  if (beast::websocket::is_upgrade(req)) {
    if (path != "/ws") {
      return send(text_response(req, http::status::not_found, "text/plain", "no WebSocket here\n"));
    }
    // The TCP stream's own deadline ends here; the WebSocket keeps its own timeouts.
    stream_.expires_never();
    std::make_shared<websocket_session>(stream_.release_socket(), ctx_)->run(std::move(req));
    return;
  }
  if (path == "/healthz" && (req.method() == http::verb::get || req.method() == http::verb::head)) {
    return do_health(std::move(req));
  }
  if (path == "/metrics" && req.method() == http::verb::get) {
    return send(text_response(req, http::status::ok, "text/plain; version=0.0.4",
                              ctx_.svc->stats->render()));
  }
  if (auto it = ctx_.post_routes.find(path); it != ctx_.post_routes.end()) {
    if (req.method() != http::verb::post) {
      auto res = text_response(req, http::status::method_not_allowed, "application/json",
                               json_error("method_not_allowed", "use POST"));
      res.set(http::field::allow, "POST");
      return send(std::move(res));
    }
    auto r = it->second(req.body());
    return send(text_response(req, static_cast<http::status>(r.status),
                              "application/json; charset=utf-8", std::move(r.body)));
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return send(
        text_response(req, http::status::method_not_allowed, "text/plain", "method not allowed\n"));
  }
  const auto file = resolve_static(ctx_.config.web_root, target);
  if (!file) {
    return send(
        text_response(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n"));
  }
  http::file_body::value_type body;
  beast::error_code ec;
  body.open(file->c_str(), beast::file_mode::scan, ec);
  if (ec) {
    return send(text_response(req, http::status::not_found, "text/plain", "not found\n"));
  }
  const auto size = body.size();
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, mime_type(*file));
    res.content_length(size);
    res.keep_alive(req.keep_alive());
    return send(std::move(res));
  }
  http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                      std::make_tuple(http::status::ok, req.version())};
  res.set(http::field::server, "huiwu");
  res.set(http::field::content_type, mime_type(*file));
  // Pages and modules change with every deploy; revalidate rather than run stale code.
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  res.content_length(size);
  res.keep_alive(req.keep_alive());
  send(std::move(res));
}

void http_session::do_health(request req) {
  auto self = shared_from_this();
  if (!ctx_.svc->store->connection()->is_connected()) {
    return send(text_response(req, http::status::service_unavailable, "application/json",
                              R"({"status":"unavailable","reason":"redis: not connected"})"));
  }
  ctx_.svc->store->ping([self, req = std::move(req)](std::error_code ec) mutable {
    boost::asio::post(self->stream_.get_executor(), [self, req = std::move(req), ec] {
      if (ec) {
        self->send(
            text_response(req, http::status::service_unavailable, "application/json",
                          R"({"status":"unavailable","reason":"redis: )" + ec.message() + "\"}"));
      } else {
        self->send(text_response(req, http::status::ok, "application/json", R"({"status":"ok"})"));
      }
    });
  });
}

template <class Response>
void http_session::send(Response&& res) {
  using response_type = std::decay_t<Response>;
  auto sp = std::make_shared<response_type>(std::forward<Response>(res));
  pending_ = sp;
  const bool keep_alive = sp->keep_alive();
  stream_.expires_after(ctx_.config.http_timeout);
  http::async_write(stream_, *sp,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t n) {
                      self->on_write(keep_alive, ec, n);
                    });
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  pending_.reset();
  if (ec) return;
  if (!keep_alive) return do_close();
  do_read();
}

void http_session::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace huiwu::net
