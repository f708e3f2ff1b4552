// Readers of the follow-up HTTP routes' request bodies (followup_routes.cpp). Answers are
// written by net/http_json.hpp, like every other route's.
#pragma once

#include <boost/json/object.hpp>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace huiwu::app::followup_http {

namespace json = boost::json;

inline std::int64_t env_ms(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  std::int64_t out = fallback;
  std::from_chars(v, v + std::strlen(v), out);
  return out;
}

inline std::string str(const json::object& o, const char* key) {
  const auto* p = o.if_contains(key);
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

inline std::int64_t num(const json::object& o, const char* key, std::int64_t fallback = 0) {
  const auto* p = o.if_contains(key);
  if (!p) return fallback;
  if (p->is_int64()) return p->as_int64();
  if (p->is_uint64()) return static_cast<std::int64_t>(p->as_uint64());
  return fallback;
}

inline std::vector<std::string> strs(const json::object& o, const char* key) {
  std::vector<std::string> out;
  const auto* p = o.if_contains(key);
  if (!p || !p->is_array()) return out;
  for (const auto& v : p->as_array()) {
    if (v.is_string()) out.emplace_back(v.as_string());
  }
  return out;
}

}  // namespace huiwu::app::followup_http
