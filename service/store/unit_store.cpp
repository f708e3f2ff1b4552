#include "store/unit_store.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "store/keys.hpp"
#include "store/reply_util.hpp"
#include "store/scripts.hpp"

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

void unit_store::save_unit(const unit& u, std::function<void(std::error_code, save_result)> cb) {
  // The document after its "id" member: the script puts the id in front.
  unit rest = u;
  rest.id.clear();
  const std::string doc = unit_to_json(rest);
  constexpr std::string_view head = R"({"id":"")";
  const std::string tail = doc.rfind(head, 0) == 0 ? doc.substr(head.size()) : std::string();
  if (tail.empty()) return cb(std::make_error_code(std::errc::invalid_argument), {});
  // The counter of versions before 0037 lives in another slot: read it first, outside the
  // script; the script numbers past it.
  conn_->execute({"GET", unit_keys::legacy_seq}, [conn = conn_, u, tail, cb = std::move(cb)](
                                                     std::error_code ec, redis::reply old) mutable {
    if (ec) return cb(ec, {});
    const auto& s = unit_put_script();
    conn->execute({"EVAL", std::string(s.text), "2", unit_keys::all, unit_keys::seq, u.id, u.name,
                   u.short_name, u.parent_id, tail, old.str},
                  [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                    if (!ec) ec = failed(r);
                    save_result out;
                    if (!ec && (r.elements.size() != 2)) {
                      ec = std::make_error_code(std::errc::protocol_error);
                    }
                    if (ec) return cb(ec, out);
                    const auto& what = r.elements[0].str;
                    const auto& arg = r.elements[1].str;
                    using st = save_result::status;
                    if (what == "ok") {
                      out.id = arg;
                    } else {
                      out.what = what == "conflict"  ? st::name_taken
                                 : what == "invalid" ? st::parent_missing
                                                     : st::unit_missing;
                      out.field = arg;
                    }
                    cb(ec, std::move(out));
                  });
  });
}

void unit_store::delete_unit(const std::string& id, std::function<void(std::error_code, bool)> cb) {
  conn_->execute({"HDEL", unit_keys::all, id},
                 [cb = std::move(cb)](std::error_code ec, redis::reply r) {
                   if (!ec) ec = failed(r);
                   cb(ec, !ec && r.integer > 0);
                 });
}

}  // namespace huiwu::store
