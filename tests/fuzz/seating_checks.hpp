// The seating preview's properties, shared by fuzz_seating and fuzz_http_bodies.
#pragma once

#include <boost/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "check.hpp"
#include "seating/preview.hpp"
#include "seating/preview_request.hpp"

namespace huiwu::fuzz {

// POST /api/seating/preview on `body`: one of the documented statuses; an error has the
// documented shape and agrees with the request parser; a chart seats only people of the
// request, each at most once; the answer is deterministic (two secretaries previewing the
// same request see the same chart) and its JSON reads back to the same value.
inline void check_preview(std::string_view body) {
  namespace json = boost::json;
  const auto r = seating::preview(body);
  const auto parsed = seating::preview_request::parse(body);
  const int s = r.http_status;
  HUIWU_FUZZ_CHECK(s == 200 || s == 400 || s == 413 || s == 422);
  HUIWU_FUZZ_CHECK(r.body.is_object());
  const auto& o = r.body.as_object();
  if (s != 200) {
    const auto* e = o.if_contains("error");
    HUIWU_FUZZ_CHECK(e && e->is_object());
    const auto* code = e->as_object().if_contains("code");
    const auto* message = e->as_object().if_contains("message");
    HUIWU_FUZZ_CHECK(code && code->is_string() && !code->as_string().empty());
    HUIWU_FUZZ_CHECK(message && message->is_string() && !message->as_string().empty());
    if (!parsed) HUIWU_FUZZ_CHECK(s == parsed.error().http_status);
  } else {
    HUIWU_FUZZ_CHECK(parsed.has_value());
    std::set<std::string> ids;
    for (const auto& p : parsed->people) ids.insert(p.id);
    const auto* seats = o.if_contains("seats");
    HUIWU_FUZZ_CHECK(seats && seats->is_array());
    std::set<std::string> seated;
    for (const auto& seat : seats->as_array()) {
      const auto* id = seat.as_object().if_contains("id");
      HUIWU_FUZZ_CHECK(id && id->is_string());
      const std::string sid(id->as_string());
      HUIWU_FUZZ_CHECK(ids.contains(sid));
      HUIWU_FUZZ_CHECK(seated.insert(sid).second);
    }
  }
  const auto text = json::serialize(r.body);
  json::error_code ec;
  const auto back = json::parse(text, ec);
  HUIWU_FUZZ_CHECK(!ec && back == r.body);
  const auto again = seating::preview(body);
  HUIWU_FUZZ_CHECK(again.http_status == s && again.body == r.body);
}

}  // namespace huiwu::fuzz
