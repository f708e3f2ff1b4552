// Conversion between text_operation and the ot.js JSON array form: a positive
// integer retains, a negative integer deletes, a string inserts, e.g.
//   [5, "abc", -3]   retain 5, insert "abc", delete 3
// An insert that continues its writer's text (component::continues) is an object:
//   [5, {"insert": "abc", "continues": true}, -3]
// Unlike ot.js, every count is in Unicode code points (ot.js counts UTF-16 units).
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "ot/result.hpp"
#include "ot/text_operation.hpp"

namespace huiwu::ot {

std::string to_json(const text_operation& op);
boost::json::array to_json_value(const text_operation& op);

// Validates as checked_builder.hpp describes. Not a JSON array, or an element that
// is neither a number nor a string: errc::malformed. So is a lone surrogate escape
// ("\ud800"): Boost.JSON refuses the text itself (the JavaScript fromJSON, which sees
// it after JSON.parse, says invalid_utf8). Integral floating-point numbers (1e2)
// count as integers, as they do after JSON.parse in a browser.
result<text_operation> from_json(std::string_view json, const limits& lim = {});
result<text_operation> from_json_value(const boost::json::value& v, const limits& lim = {});

}  // namespace huiwu::ot
