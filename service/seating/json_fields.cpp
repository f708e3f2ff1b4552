#include "seating/json_fields.hpp"

#include <algorithm>
#include <cmath>

#include "base/utf8.hpp"

namespace huiwu::seating::json_fields {

[[noreturn]] void fail(std::string path, const std::string& what) {
  throw request_error{bad_request(std::move(path) + ": " + what)};
}
[[noreturn]] void reject(std::string code, std::string message) {
  throw request_error{unprocessable(std::move(code), std::move(message))};
}

std::string str(json::string_view s) {
  return std::string(s.data(), s.size());
}

std::string at(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

const json::object& as_object(const json::value& v, const std::string& path) {
  if (!v.is_object()) fail(path, "must be an object");
  return v.get_object();
}

const json::array& as_array(const json::value& v, const std::string& path) {
  if (!v.is_array()) fail(path, "must be an array");
  return v.get_array();
}

void only_keys(const json::object& o, std::initializer_list<std::string_view> allowed,
               const std::string& path) {
  for (const auto& kv : o) {
    const std::string key = str(kv.key());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(at(path, key), "unknown field");
    }
  }
}

const json::value* find(const json::object& o, std::string_view key) {
  return o.if_contains(json::string_view(key.data(), key.size()));
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key,
                                      const std::string& path) {
  const json::value* v = find(o, key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) fail(at(path, key), "must be a string");
  std::string s = str(v->get_string());
  if (!utf8::decode(s)) fail(at(path, key), "is not valid UTF-8");
  return s;
}

std::string req_string(const json::object& o, std::string_view key, const std::string& path) {
  auto s = opt_string(o, key, path);
  if (!s) fail(at(path, key), "is required");
  return *s;
}

std::int64_t to_int(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    // 3.0 from a client that only has doubles is 3; 2^53 bounds the exact ones.
    const double d = v.get_double();
    if (std::floor(d) == d && std::fabs(d) <= 9007199254740992.0)
      return static_cast<std::int64_t>(d);
  }
  fail(path, "must be an integer");
}

int in_range(std::int64_t v, const std::string& path, int lo, int hi) {
  if (v < lo || v > hi) {
    reject("limit_exceeded",
           path + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return static_cast<int>(v);
}

std::optional<std::int64_t> opt_int(const json::object& o, std::string_view key,
                                    const std::string& path) {
  const json::value* v = find(o, key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  return to_int(*v, at(path, key));
}

int req_int(const json::object& o, std::string_view key, const std::string& path, int lo, int hi) {
  auto v = opt_int(o, key, path);
  if (!v) fail(at(path, key), "is required");
  return in_range(*v, at(path, key), lo, hi);
}

bool opt_bool(const json::object& o, std::string_view key, const std::string& path) {
  const json::value* v = find(o, key);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_bool()) fail(at(path, key), "must be true or false");
  return v->get_bool();
}

}  // namespace huiwu::seating::json_fields
