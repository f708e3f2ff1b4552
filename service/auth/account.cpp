#include "auth/account.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/meeting_logic.hpp"
#include "domain/text_rules.hpp"

namespace huiwu::auth {
namespace json = boost::json;

std::optional<v1::Level> parse_level(std::string_view s) {
  if (s == "public" || s == "LEVEL_PUBLIC" || s == "公开") return v1::LEVEL_PUBLIC;
  if (s == "internal" || s == "LEVEL_INTERNAL" || s == "内部") return v1::LEVEL_INTERNAL;
  if (s == "confidential" || s == "LEVEL_CONFIDENTIAL" || s == "秘密") {
    return v1::LEVEL_CONFIDENTIAL;
  }
  if (s == "secret" || s == "LEVEL_SECRET" || s == "机密") return v1::LEVEL_SECRET;
  return std::nullopt;
}

std::string_view level_name(v1::Level l) {
  switch (l) {
    case v1::LEVEL_INTERNAL:
      return "LEVEL_INTERNAL";
    case v1::LEVEL_CONFIDENTIAL:
      return "LEVEL_CONFIDENTIAL";
    case v1::LEVEL_SECRET:
      return "LEVEL_SECRET";
    default:
      return "LEVEL_PUBLIC";
  }
}

json::object to_json(const account& a, bool with_private) {
  json::object o;
  o["id"] = a.id;
  o["name"] = a.name;
  o["unit"] = a.unit;
  o["title"] = a.title;
  if (with_private) {
    o["clearance"] = level_name(a.clearance);
    o["admin"] = a.admin;
    o["must_change_password"] = a.must_change_password;
    o["disabled"] = a.disabled;
    o["created_at_ms"] = a.created_at_ms;
  }
  return o;
}

std::optional<account> account_from_json(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  account a;
  auto str = [&](const char* k) -> std::string {
    auto* p = o.if_contains(k);
    return p && p->is_string() ? std::string(p->as_string()) : std::string();
  };
  auto flag = [&](const char* k) {
    auto* p = o.if_contains(k);
    return p && p->is_bool() && p->as_bool();
  };
  a.id = str("id");
  a.name = str("name");
  a.unit = str("unit");
  a.title = str("title");
  a.clearance = parse_level(str("clearance")).value_or(v1::LEVEL_PUBLIC);
  a.admin = flag("admin");
  a.must_change_password = flag("must_change_password");
  a.disabled = flag("disabled");
  if (auto* p = o.if_contains("created_at_ms"); p && p->is_int64()) a.created_at_ms = p->as_int64();
  if (a.id.empty()) return std::nullopt;
  return a;
}

v1::Account to_wire(const account& a) {
  v1::Account w;
  w.set_id(a.id);
  w.set_name(a.name);
  w.set_unit(a.unit);
  w.set_title(a.title);
  w.set_clearance(a.clearance);
  w.set_admin(a.admin);
  return w;
}

std::string check_account_fields(const account& a) {
  if (!domain::valid_account_id(a.id)) {
    return "id must be 2 to 32 of a-z 0-9 . _ - starting with a letter or digit";
  }
  constexpr domain::text_rule name_rule{domain::text_kind::single_line, 64, true};
  constexpr domain::text_rule short_rule{domain::text_kind::single_line, 100, false};
  if (auto r = domain::check_text(a.name, name_rule, "name")) return r->message;
  if (auto r = domain::check_text(a.unit, short_rule, "unit")) return r->message;
  if (auto r = domain::check_text(a.title, short_rule, "title")) return r->message;
  return {};
}

std::string check_new_password(std::string_view pw) {
  if (pw.size() < 10) return "the password needs at least 10 characters";
  if (pw.size() > 200) return "the password is longer than 200 bytes";
  if (pw.find_first_not_of(pw.front()) == std::string_view::npos) {
    return "the password repeats one character";
  }
  return {};
}

}  // namespace huiwu::auth
