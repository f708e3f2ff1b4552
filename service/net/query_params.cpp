#include "net/query_params.hpp"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "base/utf8.hpp"

namespace huiwu::net {

boost::system::result<query_params> query_params::parse(std::string_view raw) {
  query_params out;
  if (raw.empty()) return out;
  // parse_query checks the grammar; params_view(raw, opt) decodes, with '+' as a space.
  if (auto encoded = boost::urls::parse_query(raw); !encoded) return encoded.error();
  boost::urls::encoding_opts opt;
  opt.space_as_plus = true;
  for (const auto& p : boost::urls::params_view(raw, opt)) {
    if (!utf8::is_valid(p.key) || !utf8::is_valid(p.value)) {
      return boost::system::errc::make_error_code(boost::system::errc::illegal_byte_sequence);
    }
    out.params_.emplace_back(p.key, p.value);
  }
  return out;
}

std::optional<std::string> query_params::get(std::string_view key) const {
  for (const auto& [k, v] : params_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::string query_params::value_or(std::string_view key, std::string_view fallback) const {
  auto v = get(key);
  return v ? std::move(*v) : std::string(fallback);
}

std::vector<std::string> query_params::all(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params_) {
    if (k == key) out.push_back(v);
  }
  return out;
}

}  // namespace huiwu::net
