// JSON helpers of the follow-up HTTP routes (followup_routes.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "huiwu.pb.h"
#include "net/server_context.hpp"

namespace huiwu::app::followup_http {

namespace json = boost::json;
using net::api_response;

inline api_response error(int status, std::string_view code, std::string_view message,
                          std::string_view field = {}) {
  json::object e{{"code", code}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  return {status, json::serialize(json::object{{"error", std::move(e)}}), {}};
}

inline api_response ok(const json::object& o, int status = 200) {
  return {status, json::serialize(o), {}};
}

inline api_response unavailable() {
  return error(503, "storage_unavailable", "storage is unavailable");
}

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

// The wire error of a refused command, as an HTTP answer.
inline api_response refused(const v1::Error& e) {
  static const std::map<v1::ErrorCode, std::pair<int, const char*>> map{
      {v1::ERROR_BAD_REQUEST, {400, "bad_request"}},
      {v1::ERROR_INVALID_FIELD, {400, "invalid_field"}},
      {v1::ERROR_TOO_LARGE, {400, "too_large"}},
      {v1::ERROR_FORBIDDEN, {403, "forbidden"}},
      {v1::ERROR_NOT_FOUND, {404, "not_found"}},
      {v1::ERROR_CONFLICT, {409, "conflict"}},
      {v1::ERROR_STALE_VERSION, {409, "conflict"}},
      {v1::ERROR_STORAGE_UNAVAILABLE, {503, "storage_unavailable"}},
  };
  auto it = map.find(e.code());
  const auto [status, code] = it == map.end() ? std::pair{500, "internal"} : it->second;
  return error(status, code, e.message(), e.field());
}

}  // namespace huiwu::app::followup_http
