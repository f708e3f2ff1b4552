#include "net/http_json.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

#include "base/utf8.hpp"

namespace huiwu::net {
namespace json = boost::json;
namespace {

// s with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  if (utf8::is_valid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t pos = 0; pos < s.size();) {
    const auto start = pos;
    if (utf8::decode(s, pos)) {
      out.append(s.substr(start, pos - start));
    } else {
      out += "\xEF\xBF\xBD";
      ++pos;
    }
  }
  return out;
}

void write_string(std::string_view s, std::string& out) {
  // Boost.JSON escapes '"', '\\' and every control character; it passes other bytes as
  // they are, so they must be UTF-8 before they get there.
  out += json::serialize(json::string_view(valid_utf8(s)));
}

void write_double(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  // Shortest round-trip form, fixed or scientific by length: 1, 0.95, 1e-07, 1e+300.
  // All of them are JSON numbers.
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, r.ptr);
}

void write(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case json::kind::double_:
      write_double(v.get_double(), out);
      return;
    case json::kind::string:
      write_string(v.get_string(), out);
      return;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write(e, out);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        write_string(k, out);
        out += ':';
        write(e, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string json_text(const json::value& v) {
  std::string out;
  write(v, out);
  return out;
}

std::string error_body(std::string_view code, std::string_view message, std::string_view field) {
  json::object e{{"code", code}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  return json_text(json::object{{"error", std::move(e)}});
}

api_response json_ok(const json::object& o, int status) {
  return {status, json_text(o), {}, {}};
}

api_response json_error(int status, std::string_view code, std::string_view message,
                        std::string_view field) {
  return {status, error_body(code, message, field), {}, {}};
}

http_error_code http_error_of(v1::ErrorCode c) {
  switch (c) {
    case v1::ERROR_BAD_REQUEST:
      return {400, "bad_request"};
    case v1::ERROR_INVALID_FIELD:
      return {400, "invalid_field"};
    case v1::ERROR_TOO_LARGE:
      return {400, "too_large"};
    case v1::ERROR_NOT_FOUND:
      return {404, "not_found"};
    case v1::ERROR_STALE_VERSION:
      return {409, "stale_version"};
    case v1::ERROR_NOT_JOINED:
      return {409, "not_joined"};
    case v1::ERROR_ARCHIVED:
      return {409, "archived"};
    case v1::ERROR_CONFLICT:
      return {409, "conflict"};
    case v1::ERROR_FORBIDDEN:
      return {403, "forbidden"};
    case v1::ERROR_RATE_LIMITED:
      return {429, "rate_limited"};
    case v1::ERROR_STORAGE_UNAVAILABLE:
      return {503, "storage_unavailable"};
    case v1::ERROR_UNSUPPORTED_TYPE:
      return {415, "unsupported_type"};
    default:
      return {500, "internal"};
  }
}

api_response json_error(const v1::Error& e) {
  const auto [status, code] = http_error_of(e.code());
  return json_error(status, code, e.message(), e.field());
}

api_response storage_unavailable() {
  return json_error(503, "storage_unavailable", "storage is unavailable");
}

}  // namespace huiwu::net
