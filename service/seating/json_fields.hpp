// Strict readers for the fields of a JSON request body. A bad field throws
// request_error; preview_request::parse() catches it and returns it as the result, so
// each check stays one line. Paths in messages name the field: "people[3].rank".
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "seating/seating_error.hpp"

namespace huiwu::seating::json_fields {

namespace json = boost::json;

struct request_error {
  seating_error error;
};

// 400 invalid_request "<path>: <what>".
[[noreturn]] void fail(std::string path, const std::string& what);
// 422 with a code, for well-formed but impossible requests.
[[noreturn]] void reject(std::string code, std::string message);

std::string str(json::string_view s);
std::string at(const std::string& path, std::string_view key);
const json::object& as_object(const json::value& v, const std::string& path);
const json::array& as_array(const json::value& v, const std::string& path);
// Any key outside `allowed` is a 400: a misspelt option must not be silently ignored.
void only_keys(const json::object& o, std::initializer_list<std::string_view> allowed,
               const std::string& path);
const json::value* find(const json::object& o, std::string_view key);
// Strings must be valid UTF-8; null counts as absent.
std::optional<std::string> opt_string(const json::object& o, std::string_view key,
                                      const std::string& path);
std::string req_string(const json::object& o, std::string_view key, const std::string& path);
std::int64_t to_int(const json::value& v, const std::string& path);
int in_range(std::int64_t v, const std::string& path, int lo, int hi);
std::optional<std::int64_t> opt_int(const json::object& o, std::string_view key,
                                    const std::string& path);
int req_int(const json::object& o, std::string_view key, const std::string& path, int lo, int hi);
bool opt_bool(const json::object& o, std::string_view key, const std::string& path);

template <class E>
std::optional<E> opt_enum(const json::object& o, std::string_view key, const std::string& path,
                          const std::vector<std::pair<std::string_view, E>>& values) {
  auto s = opt_string(o, key, path);
  if (!s) return std::nullopt;
  std::string allowed;
  for (const auto& [name, e] : values) {
    if (*s == name) return e;
    allowed += (allowed.empty() ? "\"" : ", \"") + std::string(name) + "\"";
  }
  fail(at(path, key), "unknown value \"" + *s + "\" (expected " + allowed + ")");
}

}  // namespace huiwu::seating::json_fields
