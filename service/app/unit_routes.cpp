#include "app/unit_routes.hpp"

#include <boost/json/parse.hpp>
#include <memory>
#include <set>

#include "app/unit_directory.hpp"
#include "net/http_json.hpp"

namespace huiwu::app {
namespace json = boost::json;
using net::api_reply;
using net::api_request;
using net::json_error;
using net::json_ok;
using verb = boost::beast::http::verb;

namespace {

json::object unit_json(const store::unit& u) {
  json::array contacts;
  for (const auto& a : u.contact_accounts) contacts.emplace_back(a);
  return {{"id", u.id},
          {"name", u.name},
          {"short_name", u.short_name},
          {"parent_id", u.parent_id},
          {"contact_accounts", std::move(contacts)}};
}

net::api_response refused(const unit_refusal& r) {
  return json_error(r.status, r.code, r.message, r.field);
}

// The fields given in o over u; a refusal when one has the wrong type.
std::optional<unit_refusal> read_fields(const json::object& o, store::unit& u) {
  for (auto [key, target] : {std::pair{"name", &u.name}, std::pair{"short_name", &u.short_name},
                             std::pair{"parent_id", &u.parent_id}}) {
    const auto* p = o.if_contains(key);
    if (!p || p->is_null()) continue;
    if (!p->is_string()) return unit_refusal{400, "invalid_field", key, "must be a string"};
    *target = std::string(p->as_string());
  }
  if (const auto* p = o.if_contains("contact_accounts"); p && !p->is_null()) {
    if (!p->is_array()) {
      return unit_refusal{400, "invalid_field", "contact_accounts",
                          "must be a list of account ids"};
    }
    u.contact_accounts.clear();
    for (const auto& a : p->as_array()) {
      if (!a.is_string()) {
        return unit_refusal{400, "invalid_field", "contact_accounts",
                            "must be a list of account ids"};
      }
      u.contact_accounts.emplace_back(a.as_string());
    }
  }
  return std::nullopt;
}

std::optional<json::object> body_object(const api_request& req, const api_reply& reply) {
  json::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object()) {
    reply(json_error(400, "bad_request", "the body must be a JSON object"));
    return std::nullopt;
  }
  return std::move(v.as_object());
}

std::string id_of(const json::object& o) {
  const auto* p = o.if_contains("id");
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

// The directory and the account ids, then fn(units, account_ids); 503 when Redis is down.
template <class Fn>
void with_directory(auth_service& auth, api_reply reply, Fn fn) {
  auth.units().list_units(
      [&auth, reply, fn = std::move(fn)](std::error_code ec, std::vector<store::unit> all) {
        if (ec) return reply(net::storage_unavailable());
        auth.list_accounts([reply, fn = std::move(fn), all = std::move(all)](
                               std::error_code ec2, std::vector<auth::account> accounts) mutable {
          if (ec2) return reply(net::storage_unavailable());
          std::set<std::string> ids;
          for (const auto& a : accounts) ids.insert(a.id);
          fn(std::move(all), std::move(ids));
        });
      });
}

std::string what_changed(const store::unit& before, const store::unit& after) {
  std::string d;
  const auto add = [&d](const std::string& field, const std::string& from, const std::string& to) {
    if (from == to) return;
    d += (d.empty() ? "" : "; ") + field + ": " + (from.empty() ? "-" : from) + " -> " +
         (to.empty() ? "-" : to);
  };
  add("name", before.name, after.name);
  add("short_name", before.short_name, after.short_name);
  add("parent", before.parent_id, after.parent_id);
  const auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
  };
  add("contacts", join(before.contact_accounts), join(after.contact_accounts));
  return d.empty() ? "no change" : d;
}

// What the store's checked write refused: the same answers as check_unit gives when it
// sees the clash first (another admin's unit written between the read and the write).
net::api_response refused(const store::unit_store::save_result& r) {
  using st = store::unit_store::save_result::status;
  switch (r.what) {
    case st::name_taken:
      return json_error(409, "conflict",
                        r.field == "short_name" ? "another unit has this short name"
                                                : "another unit has this name",
                        r.field);
    case st::parent_missing:
      return json_error(400, "invalid_field", "the parent unit does not exist", "parent_id");
    case st::unit_missing:
      return json_error(404, "not_found", "there is no unit with this id", "id");
    case st::saved:
      break;
  }
  return json_error(500, "internal", "unexpected answer from the store");
}

void create(auth_service& auth, api_request req, api_reply reply) {
  auto o = body_object(req, reply);
  if (!o) return;
  store::unit u;
  if (auto why = read_fields(*o, u)) return reply(refused(*why));
  with_directory(auth, reply,
                 [&auth, reply, u = std::move(u), req = std::move(req)](
                     std::vector<store::unit> all, std::set<std::string> accounts) mutable {
                   if (auto why = check_unit(u, all, accounts)) return reply(refused(*why));
                   // The uniqueness is checked again where it is written, in one step (decision
                   // 0029).
                   auth.units().save_unit(u, [&auth, reply, u, req = std::move(req)](
                                                 std::error_code ec,
                                                 store::unit_store::save_result r) mutable {
                     if (ec) return reply(net::storage_unavailable());
                     if (r.what != store::unit_store::save_result::status::saved)
                       return reply(refused(r));
                     u.id = r.id;
                     auth.record(req.account->id, "unit_created", "unit " + u.id, req.from, u.name);
                     reply(json_ok({{"unit", unit_json(u)}}, 201));
                   });
                 });
}

void update(auth_service& auth, api_request req, api_reply reply) {
  auto o = body_object(req, reply);
  if (!o) return;
  with_directory(
      auth, reply,
      [&auth, reply, o = std::move(*o), req = std::move(req)](
          std::vector<store::unit> all, std::set<std::string> accounts) mutable {
        const auto id = id_of(o);
        auto it = std::find_if(all.begin(), all.end(), [&](const auto& x) { return x.id == id; });
        if (it == all.end()) {
          return reply(json_error(404, "not_found", "there is no unit with this id", "id"));
        }
        const store::unit before = *it;
        store::unit u = *it;
        if (auto why = read_fields(o, u)) return reply(refused(*why));
        if (auto why = check_unit(u, all, accounts)) return reply(refused(*why));
        auth.units().save_unit(u, [&auth, reply, before, u, req = std::move(req)](
                                      std::error_code ec, store::unit_store::save_result r) {
          if (ec) return reply(net::storage_unavailable());
          if (r.what != store::unit_store::save_result::status::saved) return reply(refused(r));
          auth.record(req.account->id, "unit_changed", "unit " + u.id, req.from,
                      what_changed(before, u));
          reply(json_ok({{"unit", unit_json(u)}}));
        });
      });
}

void remove(auth_service& auth, api_request req, api_reply reply) {
  auto o = body_object(req, reply);
  if (!o) return;
  auth.units().list_units([&auth, reply, id = id_of(*o), req = std::move(req)](
                              std::error_code ec, std::vector<store::unit> all) {
    if (ec) return reply(net::storage_unavailable());
    if (auto why = check_unit_removal(id, all)) return reply(refused(*why));
    std::string name;
    for (const auto& x : all) {
      if (x.id == id) name = x.name;
    }
    auth.units().delete_unit(id, [&auth, reply, id, name, req](std::error_code ec2, bool) {
      if (ec2) return reply(net::storage_unavailable());
      auth.record(req.account->id, "unit_deleted", "unit " + id, req.from, name);
      reply(json_ok({{"deleted", id}}));
    });
  });
}

}  // namespace

void add_unit_routes(net::server_context& ctx, auth_service& auth) {
  ctx.add_route("/api/units", {verb::get, [&auth](api_request, api_reply reply) {
                                 auth.units().list_units(
                                     [reply](std::error_code ec, std::vector<store::unit> all) {
                                       if (ec) return reply(net::storage_unavailable());
                                       json::array list;
                                       for (const auto& u : all) list.push_back(unit_json(u));
                                       reply(json_ok({{"units", std::move(list)}}));
                                     });
                               }});
  ctx.add_route("/api/units", {verb::post,
                               [&auth](api_request req, api_reply reply) {
                                 create(auth, std::move(req), std::move(reply));
                               },
                               false, true});
  ctx.add_route("/api/units/update", {verb::post,
                                      [&auth](api_request req, api_reply reply) {
                                        update(auth, std::move(req), std::move(reply));
                                      },
                                      false, true});
  ctx.add_route("/api/units/delete", {verb::post,
                                      [&auth](api_request req, api_reply reply) {
                                        remove(auth, std::move(req), std::move(reply));
                                      },
                                      false, true});
}

}  // namespace huiwu::app
