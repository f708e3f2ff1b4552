// The parameters of a request's query string, decoded once, by Boost.URL.
//
// Decoding follows RFC 3986 and the HTML form encoding: `%XX` escapes are decoded and `+`
// is a space (a literal plus arrives as `%2B`). A key may repeat: get() gives the first
// value, all() every one in order. A parameter without `=` has the empty value.
//
// A query that is not well formed is refused as a whole rather than half-read, so a
// route never acts on a guess: a `%` not followed by two hex digits, a character RFC 3986
// does not allow in a query (a raw space, a quote, a byte above 0x7F: browsers escape
// them), or a decoded key or value that is not UTF-8. The router answers such a request
// 400 before any route runs.
#pragma once

#include <boost/system/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace huiwu::net {

class query_params {
 public:
  query_params() = default;

  // raw: the part after '?', undecoded. On failure the error's message says what is
  // wrong, in words a client can act on.
  static boost::system::result<query_params> parse(std::string_view raw);

  std::optional<std::string> get(std::string_view key) const;
  std::string value_or(std::string_view key, std::string_view fallback = {}) const;
  std::vector<std::string> all(std::string_view key) const;
  bool contains(std::string_view key) const { return get(key).has_value(); }
  std::size_t size() const { return params_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace huiwu::net
