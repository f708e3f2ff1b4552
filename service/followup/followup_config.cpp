#include "followup/followup_config.hpp"

#include <boost/json.hpp>

#include <array>

namespace huiwu::followup {
namespace {

namespace json = boost::json;
using problem = std::optional<std::string>;  // what is wrong, or nothing

problem unknown_members(const json::object& o, std::initializer_list<std::string_view> known,
                        const std::string& where) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto k : known) ok = ok || kv.key() == k;
    if (!ok) return where + std::string(kv.key()) + ": unknown setting";
  }
  return std::nullopt;
}

problem read_int(const json::value& v, int lo, int hi, int& out, const std::string& where) {
  if (!v.is_int64() || v.as_int64() < lo || v.as_int64() > hi) {
    return where + ": an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  }
  out = static_cast<int>(v.as_int64());
  return std::nullopt;
}

// "YYYY-MM-DD" or an inclusive range "YYYY-MM-DD..YYYY-MM-DD" (at most a year long).
problem read_dates(const json::value& v, std::set<civil_date>& out, const std::string& where) {
  if (!v.is_array()) return where + ": a list of dates";
  const auto& a = v.as_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!a[i].is_string()) return at + ": not a date";
    const std::string_view s = a[i].as_string();
    const auto dots = s.find("..");
    const auto first = parse_date(s.substr(0, dots));
    const auto last = dots == std::string_view::npos ? first : parse_date(s.substr(dots + 2));
    if (!first || !last) return at + ": not a date (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)";
    if (*last < *first || days_between(*first, *last) > 366) return at + ": not a usable range";
    for (civil_date d = *first; d <= *last; d = add_days(d, 1)) out.insert(d);
  }
  return std::nullopt;
}

problem read_calendar(const json::value& v, working_calendar& cal) {
  if (!v.is_object()) return std::string("calendar: an object");
  const auto& o = v.as_object();
  if (auto bad = unknown_members(o, {"weekend", "holidays", "workdays"}, "calendar.")) return bad;
  if (const auto* w = o.if_contains("weekend")) {
    static constexpr std::array<std::string_view, 7> names = {
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    if (!w->is_array()) return std::string("calendar.weekend: a list of day names");
    cal.weekend.fill(false);
    for (const auto& day : w->as_array()) {
      bool found = false;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (day.is_string() && day.as_string() == names[i]) {
          cal.weekend[i] = true;
          found = true;
        }
      }
      if (!found) return std::string("calendar.weekend: day names are sunday … saturday");
    }
  }
  if (const auto* h = o.if_contains("holidays")) {
    if (auto bad = read_dates(*h, cal.holidays, "calendar.holidays")) return bad;
  }
  if (const auto* w = o.if_contains("workdays")) {
    if (auto bad = read_dates(*w, cal.adjusted_workdays, "calendar.workdays")) return bad;
  }
  return std::nullopt;
}

problem read_deadlines(const json::value& v, deadline_policy& policy) {
  if (!v.is_object()) return std::string("deadlines: an object of sources");
  for (const auto& kv : v.as_object()) {
    const std::string where = "deadlines." + std::string(kv.key());
    if (kv.key().empty() || !kv.value().is_object()) return where + ": an object";
    const auto& o = kv.value().as_object();
    if (auto bad = unknown_members(o, {"days", "count", "roll_forward"}, where + ".")) return bad;
    deadline_rule rule;
    const auto* days = o.if_contains("days");
    if (days == nullptr) return where + ".days: missing";
    if (auto bad = read_int(*days, 0, 3660, rule.days, where + ".days")) return bad;
    if (const auto* c = o.if_contains("count")) {
      if (c->is_string() && c->as_string() == "calendar") {
        rule.count = day_count::calendar;
      } else if (c->is_string() && c->as_string() == "working") {
        rule.count = day_count::working;
      } else {
        return where + ".count: \"calendar\" or \"working\"";
      }
    }
    if (const auto* r = o.if_contains("roll_forward")) {
      if (!r->is_bool()) return where + ".roll_forward: true or false";
      rule.roll_forward = r->as_bool();
    }
    policy.by_source[std::string(kv.key())] = rule;
  }
  return std::nullopt;
}

}  // namespace

result<followup_config> parse_followup_config(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec) return reject(rejection_code::malformed, "not JSON: " + ec.message());
  if (!v.is_object())
    return reject(rejection_code::malformed, "the settings must be a JSON object");
  const auto& o = v.as_object();
  followup_config cfg;
  if (auto bad = unknown_members(o, {"time_zone", "due_soon_days", "calendar", "deadlines"}, "")) {
    return reject(rejection_code::invalid_field, std::move(*bad));
  }
  if (const auto* tz = o.if_contains("time_zone")) {
    if (!tz->is_string() || !valid_zone_name(tz->as_string())) {
      return reject(rejection_code::invalid_field,
                    "time_zone: an IANA zone name such as Asia/Shanghai", "time_zone");
    }
    cfg.time_zone = std::string(tz->as_string());
  }
  if (const auto* n = o.if_contains("due_soon_days")) {
    if (auto bad = read_int(*n, 0, max_due_soon_days, cfg.clock.due_soon_days, "due_soon_days")) {
      return reject(rejection_code::invalid_field, std::move(*bad));
    }
  }
  if (const auto* c = o.if_contains("calendar")) {
    if (auto bad = read_calendar(*c, cfg.calendar))
      return reject(rejection_code::invalid_field, std::move(*bad));
  }
  if (const auto* d = o.if_contains("deadlines")) {
    if (auto bad = read_deadlines(*d, cfg.deadlines))
      return reject(rejection_code::invalid_field, std::move(*bad));
  }
  return cfg;
}

}  // namespace huiwu::followup
