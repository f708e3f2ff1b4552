#include "app/routes.hpp"

#include <boost/json/parse.hpp>
#include <string>

#include "app/audit_routes.hpp"
#include "app/body_fields.hpp"
#include "app/calendar_routes.hpp"
#include "app/export_routes.hpp"
#include "app/jiyao_recipients.hpp"
#include "app/jiyao_routes.hpp"
#include "app/material_routes.hpp"
#include "app/unit_routes.hpp"
#include "net/http_json.hpp"
#include "seating/preview.hpp"

namespace huiwu::app {
namespace json = boost::json;
using net::api_reply;
using net::api_request;
using net::api_response;
using verb = boost::beast::http::verb;

namespace {

using net::json_error;
using net::json_ok;

api_response from_result(const auth_service::result& r) {
  if (r.status >= 300) {
    auto res = json_error(r.status, r.code, r.message);
    if (r.retry_after_ms > 0) {
      res.headers.emplace_back("Retry-After", std::to_string((r.retry_after_ms + 999) / 1000));
    }
    return res;
  }
  json::object o;
  if (r.account) o["account"] = auth::to_json(*r.account);
  if (!r.password.empty()) o["password"] = r.password;
  return json_ok(std::move(o), r.status);
}

using body_fields::flag;
using body_fields::read_account_fields;
using body_fields::str;

// The body as a JSON object; nullopt (and an answer sent) when it is not one.
std::optional<json::object> body_object(const api_request& req, const api_reply& reply) {
  auto o = body_fields::object_of(req.body);
  if (!o) reply(json_error(400, "bad_request", "the body must be a JSON object"));
  return o;
}

std::string cookie(const std::string& token, std::chrono::seconds max_age, bool tls) {
  return "huiwu_session=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age.count()) +
         (tls ? "; Secure" : "");
}

}  // namespace

void add_routes(net::server_context& ctx, auth_service& auth) {
  const auto ttl = auth.session_ttl();
  ctx.add_route("/api/login",
                {verb::post,
                 [&auth, ttl](api_request req, api_reply reply) {
                   auto o = body_object(req, reply);
                   if (!o) return;
                   const auto user = str(*o, "user");
                   const auto password = str(*o, "password");
                   if (user.empty() || password.empty() || password.size() > 200) {
                     return reply(json_error(400, "bad_request", "user and password are required"));
                   }
                   const bool bearer = flag(*o, "bearer").value_or(false);
                   auth.login(user, password, req.from,
                              [reply, bearer, tls = req.tls, ttl](auth_service::result r) {
                                auto res = from_result(r);
                                if (r.status == 200) {
                                  res.headers.emplace_back("Set-Cookie", cookie(r.token, ttl, tls));
                                  json::object o2;
                                  o2["account"] = auth::to_json(*r.account);
                                  if (bearer) o2["token"] = r.token;
                                  res.body = net::json_text(o2);
                                }
                                reply(std::move(res));
                              });
                 },
                 true});
  ctx.add_route("/api/logout", {verb::post, [&auth](api_request req, api_reply reply) {
                                  auth.logout(
                                      req.token, req.account, req.from,
                                      [reply, tls = req.tls](auth_service::result r) {
                                        auto res = r.status == 200 ? json_ok({}) : from_result(r);
                                        res.headers.emplace_back(
                                            "Set-Cookie", cookie("", std::chrono::seconds(0), tls));
                                        reply(std::move(res));
                                      });
                                }});
  ctx.add_route("/api/me", {verb::get, [&ctx](api_request req, api_reply reply) {
                              reply(json_ok({{"account", auth::to_json(*req.account)},
                                             {"time_zone", ctx.config.time_zone}}));
                            }});
  ctx.add_route("/api/password", {verb::post, [&auth](api_request req, api_reply reply) {
                                    auto o = body_object(req, reply);
                                    if (!o) return;
                                    auth.change_password(
                                        *req.account, str(*o, "old_password"),
                                        str(*o, "new_password"), req.from,
                                        [reply](auth_service::result r) { reply(from_result(r)); });
                                  }});
  ctx.add_route("/api/accounts",
                {verb::get, [&auth](api_request req, api_reply reply) {
                   auth.list_accounts([reply, admin = req.account->admin](
                                          std::error_code ec, std::vector<auth::account> all) {
                     if (ec) return reply(net::storage_unavailable());
                     json::array list;
                     for (const auto& a : all) list.push_back(auth::to_json(a, admin));
                     reply(json_ok({{"accounts", std::move(list)}}));
                   });
                 }});
  ctx.add_route("/api/accounts", {verb::post,
                                  [&auth](api_request req, api_reply reply) {
                                    auto o = body_object(req, reply);
                                    if (!o) return;
                                    auth::account a;
                                    a.id = str(*o, "id");
                                    if (auto why = read_account_fields(*o, a); !why.empty()) {
                                      return reply(json_error(400, "invalid_field", why));
                                    }
                                    a.disabled = false;
                                    auth.create_account(
                                        req.account->id, a, {}, req.from,
                                        [reply](auth_service::result r) { reply(from_result(r)); });
                                  },
                                  false, true});
  ctx.add_route("/api/accounts/update",
                {verb::post,
                 [&auth](api_request req, api_reply reply) {
                   auto o = body_object(req, reply);
                   if (!o) return;
                   const auto id = str(*o, "id");
                   // Read-modify-write of the fields given; the rest stays as stored.
                   auth.get_account(id, [&auth, o = std::move(*o), req = std::move(req), reply](
                                            std::error_code ec, std::optional<auth::account> a) {
                     if (ec) return reply(net::storage_unavailable());
                     if (!a) return reply(json_error(404, "not_found", "no account with this id"));
                     if (auto why = read_account_fields(o, *a); !why.empty()) {
                       return reply(json_error(400, "invalid_field", why));
                     }
                     auth.update_account(
                         req.account->id, *a, req.from,
                         [reply](auth_service::result r) { reply(from_result(r)); });
                   });
                 },
                 false, true});
  ctx.add_route("/api/accounts/reset-password",
                {verb::post,
                 [&auth](api_request req, api_reply reply) {
                   auto o = body_object(req, reply);
                   if (!o) return;
                   auth.reset_password(req.account->id, str(*o, "id"), req.from,
                                       [reply](auth_service::result r) { reply(from_result(r)); });
                 },
                 false, true});
  add_audit_routes(ctx, auth);  // GET /api/audit, /api/audit/meetings, /api/audit/verify
  add_export_routes(ctx);       // GET /api/meetings/minutes (docs/export.md)
  add_jiyao_routes(ctx);        // GET /api/meetings/jiyao (docs/export.md, 纪要)
  add_calendar_routes(ctx);     // GET /api/meetings/invite.ics, /api/calendar/feed.ics
  add_material_routes(ctx);     // /api/meetings/materials[/file] (decision 0027)
  add_unit_routes(ctx, auth);   // /api/units (单位名录, docs/protocol.md §14.5)
  // 印发: the recipients and 分送 ids checked against the directory (protocol.md §6.7).
  add_jiyao_recipient_check(ctx, auth);
  ctx.add_route("/api/seating/preview", {verb::post, [](api_request req, api_reply reply) {
                                           auto r = seating::preview(req.body);
                                           reply({r.http_status, net::json_text(r.body), {}, {}});
                                         }});
}

}  // namespace huiwu::app
