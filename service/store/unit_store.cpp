#include "store/unit_store.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "store/keys.hpp"
#include "store/reply_util.hpp"

namespace huiwu::store {

namespace json = boost::json;
using detail::failed;
using detail::to_u64;

std::string unit_to_json(const unit& u) {
  json::array contacts;
  for (const auto& a : u.contact_accounts) contacts.emplace_back(a);
  return json::serialize(json::object{{"id", u.id},
                                      {"name", u.name},
                                      {"short_name", u.short_name},
                                      {"parent_id", u.parent_id},
                                      {"contact_accounts", std::move(contacts)}});
}

std::optional<unit> unit_from_json(const std::string& doc) {
  json::error_code ec;
  auto v = json::parse(doc, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto str = [&o](const char* k) {
    const auto* p = o.if_contains(k);
    return p && p->is_string() ? std::string(p->as_string()) : std::string();
  };
  unit u{str("id"), str("name"), str("short_name"), str("parent_id"), {}};
  if (const auto* c = o.if_contains("contact_accounts"); c && c->is_array()) {
    for (const auto& a : c->as_array()) {
      if (a.is_string()) u.contact_accounts.emplace_back(a.as_string());
    }
  }
  if (u.id.empty()) return std::nullopt;
  return u;
}

void unit_store::list_units(std::function<void(std::error_code, std::vector<unit>)> cb) {
  conn_->execute({"HVALS", unit_keys::all}, [cb = std::move(cb)](std::error_code ec,
                                                                 redis::reply r) {
    if (!ec) ec = failed(r);
    std::vector<unit> out;
    if (!ec) {
      for (const auto& e : r.elements) {
        if (auto u = unit_from_json(e.str)) out.push_back(std::move(*u));
      }
    }
    // Creation order: the number after "u".
    std::sort(out.begin(), out.end(), [](const unit& a, const unit& b) {
      return to_u64(std::string_view(a.id).substr(1)) < to_u64(std::string_view(b.id).substr(1));
    });
    cb(ec, std::move(out));
  });
}

void unit_store::next_id(std::function<void(std::error_code, std::string)> cb) {
  conn_->execute({"INCR", unit_keys::seq},
                 [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   cb(ec, ec ? std::string() : "u" + std::to_string(r.integer));
                 });
}

void unit_store::put_unit(const unit& u, done_fn cb) {
  conn_->execute(
      {"HSET", unit_keys::all, u.id, unit_to_json(u)},
      [cb = std::move(cb)](std::error_code ec, redis::reply r) { cb(ec ? ec : failed(r)); });
}

void unit_store::delete_unit(const std::string& id, std::function<void(std::error_code, bool)> cb) {
  conn_->execute({"HDEL", unit_keys::all, id},
                 [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   cb(ec, !ec && r.integer > 0);
                 });
}

}  // namespace huiwu::store
