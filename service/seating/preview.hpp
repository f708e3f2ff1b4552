// POST /api/seating/preview as a pure function: JSON request body in, HTTP status and
// JSON value out. The HTTP layer writes the value with the server's one JSON writer
// (net/http_json.hpp), like every other route's answer. The shape is a contract (issue 4);
// docs/seating.md documents all of it:
//
//   request:  {"layout": {"kind": "podium", "rows": [5, 5]},
//              "convention": "left", "even_rule": "A", "order": "rank",
//              "people": [{"id": "p1", "name": "王伟", "rank": 1}, ...]}
//   200:      {"seats": [{"id": "p1", "row": 1, "seat_from_seat": 3,
//                         "seat_from_audience": 3, ...}, ...],
//              "rows": [...], "order": {"rule": "rank", "label": "...", "people": [...]},
//              "notes": [...], "warnings": ["..."]}
//   400/413/422: {"error": {"code": "too_many_people", "message": "..."}}
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace huiwu::seating {

struct preview_result {
  int http_status = 200;
  boost::json::value body;  // the answer, or {"error":{"code","message"}}
};

preview_result preview(std::string_view json_body);

}  // namespace huiwu::seating
