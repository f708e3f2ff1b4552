#include "ot/json_codec.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>

#include "ot/checked_builder.hpp"

namespace huiwu::ot {

boost::json::array to_json_value(const text_operation& op) {
  boost::json::array arr;
  arr.reserve(op.components().size());
  for (const auto& c : op.components()) {
    switch (c.kind) {
      case component_kind::retain:
      case component_kind::erase:
        // A count above 2^32-1 (two adjacent retains merge, [4, 4294967295]) is split as
        // to_proto splits it: from_json refuses one element that large, and what to_json
        // writes must read back.
        for (std::size_t left = c.n; left > 0;) {
          const auto chunk = std::min<std::size_t>(left, checked_builder::max_count);
          const auto n = static_cast<std::int64_t>(chunk);
          arr.emplace_back(c.kind == component_kind::retain ? n : -n);
          left -= chunk;
        }
        break;
      case component_kind::insert:
        if (c.continues) {
          arr.emplace_back(boost::json::object{{"insert", c.text}, {"continues", true}});
        } else {
          arr.emplace_back(c.text);
        }
        break;
    }
  }
  return arr;
}

std::string to_json(const text_operation& op) {
  return boost::json::serialize(to_json_value(op));
}

namespace {

// A signed count: positive retains, negative deletes. Out of range, fractional or
// zero are reported by the builder's own checks, so they match the protobuf path.
std::error_code add_count(checked_builder& b, double d) {
  if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > checked_builder::max_count) {
    return errc::count_out_of_range;
  }
  const auto n = static_cast<std::int64_t>(d);
  return n < 0 ? b.erase(static_cast<std::uint64_t>(-n)) : b.retain(static_cast<std::uint64_t>(n));
}

std::error_code add_count(checked_builder& b, std::int64_t n) {
  // Compare before negating: -INT64_MIN overflows.
  if (n < -static_cast<std::int64_t>(checked_builder::max_count)) {
    return errc::count_out_of_range;
  }
  return n < 0 ? b.erase(static_cast<std::uint64_t>(-n)) : b.retain(static_cast<std::uint64_t>(n));
}

// {"insert": "text", "continues": true}: an insert with its flag. Exactly these keys
// ("continues" optional), of these types; anything else is malformed.
std::error_code add_insert_object(checked_builder& b, const boost::json::object& o) {
  const auto* text = o.if_contains("insert");
  if (text == nullptr || !text->is_string()) return errc::malformed;
  bool continues = false;
  if (const auto* c = o.if_contains("continues")) {
    if (!c->is_bool()) return errc::malformed;
    continues = c->get_bool();
  }
  if (o.size() != (o.contains("continues") ? 2u : 1u)) return errc::malformed;
  const auto& s = text->get_string();
  return b.insert(std::string_view(s.data(), s.size()), continues);
}

}  // namespace

result<text_operation> from_json_value(const boost::json::value& v, const limits& lim) {
  const auto* arr = v.if_array();
  if (arr == nullptr) return errc::malformed;
  checked_builder b(lim);
  if (auto ec = b.expect_components(arr->size())) return ec;
  for (const auto& el : *arr) {
    std::error_code ec;
    switch (el.kind()) {
      case boost::json::kind::int64:
        ec = add_count(b, el.get_int64());
        break;
      case boost::json::kind::uint64:
        ec = b.retain(el.get_uint64());
        break;
      case boost::json::kind::double_:
        ec = add_count(b, el.get_double());
        break;
      case boost::json::kind::string: {
        const auto& s = el.get_string();
        ec = b.insert(std::string_view(s.data(), s.size()));
        break;
      }
      case boost::json::kind::object:
        ec = add_insert_object(b, el.get_object());
        break;
      default:
        ec = errc::malformed;
        break;
    }
    if (ec) return ec;
  }
  return std::move(b).take();
}

result<text_operation> from_json(std::string_view json, const limits& lim) {
  boost::system::error_code ec;
  // The parser rejects invalid UTF-8 in the JSON text itself; insert text is checked
  // again by the builder regardless.
  const boost::json::value v = boost::json::parse(json, ec);
  if (ec) return errc::malformed;
  return from_json_value(v, lim);
}

}  // namespace huiwu::ot
