// Readers of the account routes' JSON request bodies (routes.cpp): pure, so that the HTTP
// body fuzz target (tests/fuzz/fuzz_http_bodies.cpp) runs exactly the code the routes run.
// The follow-up routes' readers are in followup_http.hpp; the seating preview's in
// seating/preview_request.hpp.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "auth/account.hpp"

namespace huiwu::app::body_fields {

namespace json = boost::json;

// The body as a JSON object; nullopt when it is not one (the route answers 400 bad_request).
inline std::optional<json::object> object_of(std::string_view body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

inline std::string str(const json::object& o, const char* key) {
  auto* p = o.if_contains(key);
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

inline std::optional<bool> flag(const json::object& o, const char* key) {
  auto* p = o.if_contains(key);
  if (!p || !p->is_bool()) return std::nullopt;
  return p->as_bool();
}

// Fields an admin sends to create or change an account, over `a`. Empty when read, else
// why not (the route answers 400 invalid_field with it).
inline std::string read_account_fields(const json::object& o, auth::account& a) {
  if (o.contains("name")) a.name = str(o, "name");
  if (o.contains("unit")) a.unit = str(o, "unit");
  if (o.contains("title")) a.title = str(o, "title");
  if (o.contains("clearance")) {
    auto l = auth::parse_level(str(o, "clearance"));
    if (!l)
      return "clearance must be one of LEVEL_PUBLIC, LEVEL_INTERNAL, LEVEL_CONFIDENTIAL, "
             "LEVEL_SECRET";
    a.clearance = *l;
  }
  if (auto f = flag(o, "admin")) a.admin = *f;
  if (auto f = flag(o, "disabled")) a.disabled = *f;
  return {};
}

}  // namespace huiwu::app::body_fields
