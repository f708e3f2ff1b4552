#include "net/router.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "auth/crypto.hpp"
#include "net/http_json.hpp"
#include "net/query_params.hpp"
#include "net/static_files.hpp"

namespace huiwu::net {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_page(std::string_view path) {
  return path == "/" || (path.size() > 5 && path.substr(path.size() - 5) == ".html");
}

std::string url_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

string_response unauthenticated(const request& req, std::string_view path) {
  if (is_page(path) && (req.method() == http::verb::get || req.method() == http::verb::head)) {
    auto res =
        text_response(req, http::status::found, "text/plain; charset=utf-8", "log in first\n");
    res.set(http::field::location,
            "/login.html?next=" + url_encode(std::string_view(req.target())));
    return res;
  }
  auto res = text_response(req, http::status::unauthorized, "application/json",
                           error_body("unauthenticated", "log in first"));
  res.set(http::field::www_authenticate, "Bearer");
  return res;
}

outcome static_file(server_context& ctx, const request& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return text_response(req, http::status::method_not_allowed, "text/plain",
                         "method not allowed\n");
  }
  const auto file = resolve_static(ctx.config.web_root, std::string_view(req.target()));
  if (!file) {
    return text_response(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
  }
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(file->c_str(), boost::beast::file_mode::scan, ec);
  if (ec) return text_response(req, http::status::not_found, "text/plain", "not found\n");
  const auto size = body.size();
  if (req.method() == http::verb::head) {
    auto res = text_response(req, http::status::ok, mime_type(*file), {});
    res.content_length(size);
    return res;
  }
  file_response res{std::piecewise_construct, std::make_tuple(std::move(body)),
                    std::make_tuple(http::status::ok, req.version())};
  res.set(http::field::server, "huiwu");
  res.set(http::field::content_type, mime_type(*file));
  // Pages and modules change with every deploy; revalidate rather than run stale code.
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
  res.content_length(size);
  res.keep_alive(req.keep_alive());
  return res;
}

// Draining (SIGTERM): the balancer's health check sees 503 and sends new clients elsewhere.
constexpr const char* draining_body =
    R"({"status":"draining","reason":"this instance is shutting down; connect to another"})";

void health(server_context& ctx, request req, std::function<void(outcome)> done) {
  if (ctx.draining) {
    return done(
        text_response(req, http::status::service_unavailable, "application/json", draining_body));
  }
  if (!ctx.svc->store->connection()->is_connected()) {
    return done(text_response(req, http::status::service_unavailable, "application/json",
                              R"({"status":"unavailable","reason":"redis: not connected"})"));
  }
  ctx.svc->store->ping([req = std::move(req), done = std::move(done)](std::error_code ec) {
    if (ec) {
      return done(
          text_response(req, http::status::service_unavailable, "application/json",
                        json_text(boost::json::object{{"status", "unavailable"},
                                                      {"reason", "redis: " + ec.message()}})));
    }
    done(text_response(req, http::status::ok, "application/json", R"({"status":"ok"})"));
  });
}

// An API answer that is a stored file (a material): streamed from disk, never copied.
outcome file_answer(const request& req, const api_response& r) {
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(r.file_path.c_str(), boost::beast::file_mode::scan, ec);
  if (ec) {
    return text_response(req, http::status::service_unavailable, "application/json",
                         error_body("storage_unavailable", "the file cannot be read now"));
  }
  const auto size = body.size();
  if (req.method() == http::verb::head) {
    auto res = text_response(req, http::status::ok, "application/octet-stream", {});
    for (const auto& [k, v] : r.headers) res.set(k, v);
    res.content_length(size);
    return res;
  }
  file_response res{std::piecewise_construct, std::make_tuple(std::move(body)),
                    std::make_tuple(static_cast<http::status>(r.status), req.version())};
  res.set(http::field::server, "huiwu");
  res.set(http::field::cache_control, "private, no-store");
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.content_length(size);
  res.keep_alive(req.keep_alive());
  return res;
}

// Everything past the login: the account is known (or the route is public).
void dispatch(server_context& ctx, request req, std::string path, std::string from, bool tls,
              std::string token, std::optional<auth::account> account,
              std::function<void(outcome)> done, std::shared_ptr<upload_sink> upload) {
  if (boost::beast::websocket::is_upgrade(req)) {
    if (!account) return done(unauthenticated(req, path));
    if (account->must_change_password) {
      return done(text_response(
          req, http::status::forbidden, "application/json",
          error_body("password_change_required", "change the one-time password first")));
    }
    return done(upgrade_ticket{std::move(*account), auth::sha256_hex(token)});
  }
  if (auto it = ctx.routes.find(path); it != ctx.routes.end()) {
    const api_route* route = nullptr;
    std::string allow;
    for (const auto& r : it->second) {
      if (r.method == req.method()) route = &r;
      allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(r.method));
    }
    if (!route) {
      auto res = text_response(req, http::status::method_not_allowed, "application/json",
                               error_body("method_not_allowed", "use " + allow));
      res.set(http::field::allow, allow);
      return done(std::move(res));
    }
    if (!route->public_route && !account) return done(unauthenticated(req, path));
    if (account && account->must_change_password && !route->public_route &&
        path != "/api/password" && path != "/api/logout" && path != "/api/me") {
      return done(text_response(
          req, http::status::forbidden, "application/json",
          error_body("password_change_required", "change the one-time password first")));
    }
    if (route->admin_only && !account->admin) {
      return done(text_response(req, http::status::forbidden, "application/json",
                                error_body("forbidden", "for administrators only")));
    }
    api_request a;
    a.method = req.method();
    a.path = path;
    const auto target = std::string(req.target());
    if (auto q = target.find('?'); q != std::string::npos) a.query = target.substr(q + 1);
    // Decoded once, here: a query no route could read exactly is refused before any runs.
    auto params = query_params::parse(a.query);
    if (!params) {
      return done(text_response(
          req, http::status::bad_request, "application/json",
          error_body("bad_request",
                     "malformed query string: escape with %XX (RFC 3986), '+' for a space, "
                     "and decode to UTF-8",
                     "query")));
    }
    a.params = std::move(*params);
    a.body = std::move(req.body());
    a.upload = std::move(upload);
    a.account = std::move(account);
    a.token = std::move(token);
    a.from = std::move(from);
    a.tls = tls;
    auto head = std::make_shared<request>(std::move(req));
    return route->fn(std::move(a), [head, done = std::move(done)](api_response r) {
      if (!r.file_path.empty()) return done(file_answer(*head, r));
      auto res = text_response(*head, static_cast<http::status>(r.status),
                               "application/json; charset=utf-8", std::move(r.body));
      for (auto& [k, v] : r.headers) res.set(k, v);
      done(std::move(res));
    });
  }
  if (!account && !is_public_path(path)) return done(unauthenticated(req, path));
  done(static_file(ctx, req));
}

}  // namespace

string_response text_response(const request& req, http::status status, std::string_view type,
                              std::string body) {
  string_response res{status, req.version()};
  res.set(http::field::server, "huiwu");
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string request_token(const request& req) {
  for (auto it = req.find(http::field::cookie);
       it != req.end() && it->name() == http::field::cookie; ++it) {
    std::string_view v = it->value();
    while (!v.empty()) {
      const auto semi = v.find(';');
      auto part = v.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      if (part.starts_with("huiwu_session=")) return std::string(part.substr(14));
      if (semi == std::string_view::npos) break;
      v.remove_prefix(semi + 1);
    }
  }
  std::string_view auth = req[http::field::authorization];
  if (auth.size() > 7 && lower(auth.substr(0, 7)) == "bearer ") {
    return std::string(auth.substr(7));
  }
  return {};
}

bool origin_allowed(const server_config& cfg, const request& req) {
  auto it = req.find(http::field::origin);
  if (it == req.end()) return true;  // not a browser: the token alone decides
  const auto origin = lower(it->value());
  if (!cfg.allowed_origins.empty()) {
    for (const auto& o : cfg.allowed_origins) {
      if (lower(o) == origin) return true;
    }
    return false;
  }
  // Same origin: scheme://host[:port] must name the host the request was sent to.
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string::npos) return false;
  return origin.substr(scheme_end + 3) == lower(req[http::field::host]);
}

bool is_public_path(std::string_view path) {
  return path == "/login.html" || path == "/favicon.ico" || path.starts_with("/css/") ||
         path == "/js/i18n.js" || path == "/js/pages/login.js";
}

void route_request(server_context& ctx, request req, const std::string& peer, bool tls,
                   std::function<void(outcome)> done, std::shared_ptr<upload_sink> upload) {
  std::string from = peer;
  if (std::find(ctx.config.trusted_proxies.begin(), ctx.config.trusted_proxies.end(), peer) !=
      ctx.config.trusted_proxies.end()) {
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    std::string_view fwd = req["X-Forwarded-For"];
    if (const auto comma = fwd.rfind(','); comma != std::string_view::npos) {
      fwd.remove_prefix(comma + 1);
    }
    while (!fwd.empty() && fwd.front() == ' ') fwd.remove_prefix(1);
    if (!fwd.empty() && fwd.size() <= 64) from = std::string(fwd);
    if (lower(req["X-Forwarded-Proto"]) == "https") tls = true;
  }
  const auto target = std::string(req.target());
  auto path = target.substr(0, target.find('?'));
  if (path == "/healthz" && (req.method() == http::verb::get || req.method() == http::verb::head)) {
    return health(ctx, std::move(req), std::move(done));
  }
  if (path == "/metrics" && req.method() == http::verb::get &&
      (ctx.config.metrics_on_main || ctx.config.metrics_only)) {
    return done(text_response(req, http::status::ok, "text/plain; version=0.0.4",
                              ctx.svc->stats->render()));
  }
  if (ctx.config.metrics_only) {
    return done(text_response(req, http::status::not_found, "text/plain", "not here\n"));
  }
  const bool upgrade = boost::beast::websocket::is_upgrade(req);
  if (upgrade && path != "/ws") {
    return done(text_response(req, http::status::not_found, "text/plain", "no WebSocket here\n"));
  }
  // A new WebSocket on a draining instance (over a connection kept alive from before) would
  // be closed at once: refuse it, so that the balancer tries another instance.
  if (upgrade && ctx.draining) {
    return done(
        text_response(req, http::status::service_unavailable, "application/json", draining_body));
  }
  // Cross-site WebSocket hijacking and cross-site POSTs: a browser always says where the
  // page came from; a page from elsewhere gets nothing.
  if ((upgrade || req.method() == http::verb::post) && !origin_allowed(ctx.config, req)) {
    return done(
        text_response(req, http::status::forbidden, "application/json",
                      error_body("origin_not_allowed", "requests from this origin are refused")));
  }
  auto token = request_token(req);
  if (token.empty() || token.size() > 200 || !ctx.authenticate) {
    return dispatch(ctx, std::move(req), std::move(path), from, tls, {}, std::nullopt,
                    std::move(done), std::move(upload));
  }
  auto looked_up = [&ctx, req = std::move(req), path = std::move(path), from, tls, token,
                    done = std::move(done), upload = std::move(upload)](
                       std::error_code ec, std::optional<auth::account> account) mutable {
    if (ec) {
      return done(text_response(
          req, http::status::service_unavailable, "application/json",
          error_body("storage_unavailable", "cannot check the session now; retry shortly")));
    }
    dispatch(ctx, std::move(req), std::move(path), std::move(from), tls, std::move(token),
             std::move(account), std::move(done), std::move(upload));
  };
  ctx.authenticate(token, std::move(looked_up));
}

}  // namespace huiwu::net
