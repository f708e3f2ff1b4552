#pragma once

#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <string>
#include <variant>

#include "auth/account.hpp"
#include "net/server_context.hpp"

namespace huiwu::net {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using string_response = http::response<http::string_body>;
using file_response = http::response<http::file_body>;

// The request may become a WebSocket for this account.
struct upgrade_ticket {
  auth::account account;
  std::string session;  // SHA-256 of the token
};
using outcome = std::variant<string_response, file_response, upgrade_ticket>;

// Decides what an HTTP request gets, independent of the transport (plain TCP or TLS):
// authentication (session cookie or bearer token), the Origin check on upgrades, the public
// routes, the API routes, static files and /healthz. Answers through `done`, exactly once,
// from any thread. `upload`: the body of a streamed upload route, already read into it.
void route_request(server_context& ctx, request req, const std::string& from, bool tls,
                   std::function<void(outcome)> done,
                   std::shared_ptr<upload_sink> upload = nullptr);

// Helpers shared with the sessions.
string_response text_response(const request& req, http::status status, std::string_view type,
                              std::string body);
// The session token: the huiwu_session cookie, else "Authorization: Bearer <token>".
std::string request_token(const request& req);
bool origin_allowed(const server_config& cfg, const request& req);
bool is_public_path(std::string_view path);

}  // namespace huiwu::net
