#include "seating/preview_request.hpp"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <utility>

#include <boost/json.hpp>

#include "base/utf8.hpp"
#include "seating/json_fields.hpp"

namespace huiwu::seating {

namespace {

using namespace json_fields;  // NOLINT: this file is a client of these readers only

const std::vector<std::pair<std::string_view, name_order>> order_names = {
    {"rank", name_order::rank},
    {"stroke", name_order::stroke},
    {"stroke_full", name_order::stroke_full},
    {"pinyin", name_order::pinyin}};

// A seat as the client wrote it: from the seat, from the audience or from the podium.
struct raw_seat {
  int row = 0;
  int seat = 0;
  enum class view { seat, audience, podium } seen = view::seat;
  std::string path;
};

raw_seat parse_seat(const json::value& v, const std::string& path) {
  const auto& o = as_object(v, path);
  only_keys(o, {"row", "seat_from_seat", "seat_from_audience", "seat_from_podium"}, path);
  raw_seat s;
  s.path = path;
  s.row = req_int(o, "row", path, 1, preview_limits::max_audience_rows);
  int given = 0;
  for (auto [key, view] : {std::pair{"seat_from_seat", raw_seat::view::seat},
                           std::pair{"seat_from_audience", raw_seat::view::audience},
                           std::pair{"seat_from_podium", raw_seat::view::podium}}) {
    if (find(o, key) == nullptr) continue;
    s.seat = req_int(o, key, path, 1, preview_limits::max_audience_seats);
    s.seen = view;
    ++given;
  }
  if (given != 1) {
    fail(path, "needs exactly one of seat_from_seat, seat_from_audience, seat_from_podium");
  }
  return s;
}

// Converts to seen-from-the-seat once the row widths are known. Out-of-range rows are
// left for the planners, which report them with the person's id.
seat_ref resolve(const raw_seat& s, const seating_request& r) {
  int width = 0;
  if (r.kind == layout_kind::podium) {
    if (s.row <= static_cast<int>(r.podium_rows.size())) width = r.podium_rows[s.row - 1];
    if (s.seen == raw_seat::view::podium) fail(s.path, "seat_from_podium is for audience seats");
    if (s.seen == raw_seat::view::audience) return {s.row, width + 1 - s.seat};
    return {s.row, s.seat};
  }
  width = r.audience.seats;
  // Audience seats face the podium: from the seat and from the audience are the same.
  if (s.seen == raw_seat::view::podium) return {s.row, width + 1 - s.seat};
  return {s.row, s.seat};
}

void parse_layout(const json::object& o, seating_request& r, std::vector<raw_seat>& blocked) {
  const std::string path = "layout";
  auto kind = opt_enum<layout_kind>(o, "kind", path,
                                    {{"podium", layout_kind::podium},
                                     {"meeting", layout_kind::meeting},
                                     {"talks", layout_kind::talks},
                                     {"audience", layout_kind::audience}});
  if (!kind) fail("layout.kind", "is required");
  r.kind = *kind;
  auto parse_blocked = [&](std::string_view key) {
    if (const json::value* v = find(o, key)) {
      const auto& a = as_array(*v, at(path, key));
      if (a.size() > static_cast<std::size_t>(preview_limits::max_audience_seats)) {
        reject("limit_exceeded", "too many empty seats");
      }
      for (std::size_t i = 0; i < a.size(); ++i) {
        blocked.push_back(parse_seat(a[i], at(path, key) + "[" + std::to_string(i) + "]"));
      }
    }
  };
  switch (r.kind) {
    case layout_kind::podium: {
      only_keys(o, {"kind", "rows", "empty"}, path);
      const json::value* rows = find(o, "rows");
      if (rows == nullptr) fail("layout.rows", "is required (seats per row, front row first)");
      const auto& a = as_array(*rows, "layout.rows");
      if (a.empty() || a.size() > preview_limits::max_podium_rows) {
        reject("limit_exceeded", "layout.rows must list 1 to " +
                                     std::to_string(preview_limits::max_podium_rows) + " rows");
      }
      for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string p = "layout.rows[" + std::to_string(i) + "]";
        r.podium_rows.push_back(in_range(to_int(a[i], p), p, 1, preview_limits::max_row_seats));
      }
      parse_blocked("empty");
      break;
    }
    case layout_kind::meeting:
    case layout_kind::talks: {
      if (r.kind == layout_kind::meeting) {
        only_keys(o, {"kind", "seats_per_side"}, path);
      } else {
        only_keys(o, {"kind", "seats_per_side", "door"}, path);
      }
      if (find(o, "seats_per_side")) {
        r.table.seats_per_side =
            req_int(o, "seats_per_side", path, 1, preview_limits::max_seats_per_side);
      }
      r.table.door =
          opt_enum<door_position>(o, "door", path,
                                  {{"side", door_position::side}, {"end", door_position::end}})
              .value_or(door_position::side);
      break;
    }
    case layout_kind::audience: {
      only_keys(o, {"kind", "rows", "seats", "aisle_after", "fill", "empty", "units", "unit_order"},
                path);
      r.audience.rows = req_int(o, "rows", path, 1, preview_limits::max_audience_rows);
      r.audience.seats = req_int(o, "seats", path, 1, preview_limits::max_row_seats);
      if (r.audience.rows * r.audience.seats > preview_limits::max_audience_seats) {
        reject("limit_exceeded", "layout: at most " +
                                     std::to_string(preview_limits::max_audience_seats) +
                                     " audience seats");
      }
      if (find(o, "aisle_after")) {
        r.audience.aisle_after = req_int(o, "aisle_after", path, 0, r.audience.seats);
      }
      auto fill = opt_enum<audience_fill>(o, "fill", path,
                                          {{"rows", audience_fill::rows},
                                           {"columns", audience_fill::columns},
                                           {"centre", audience_fill::centre},
                                           {"center", audience_fill::centre}});
      if (!fill) fail("layout.fill", "is required (\"rows\", \"columns\" or \"centre\")");
      r.audience.fill = *fill;
      parse_blocked("empty");
      if (const json::value* v = find(o, "units")) {
        const auto& a = as_array(*v, "layout.units");
        if (a.size() > preview_limits::max_units) reject("limit_exceeded", "too many units");
        std::set<std::string> names;
        for (std::size_t i = 0; i < a.size(); ++i) {
          const std::string p = "layout.units[" + std::to_string(i) + "]";
          const auto& u = as_object(a[i], p);
          only_keys(u, {"name", "rank"}, p);
          unit_entry e{req_string(u, "name", p), opt_int(u, "rank", p)};
          if (e.name.empty()) reject("empty_name", p + ".name is empty");
          if (!names.insert(e.name).second) {
            reject("duplicate_unit", "unit \"" + e.name + "\" is listed twice");
          }
          r.units.push_back(std::move(e));
        }
        r.units_listed = true;
      }
      auto uo = opt_enum<name_order>(o, "unit_order", path, order_names);
      if (uo) {
        r.unit_order = *uo;
      } else if (!r.units_listed) {
        fail("layout.unit_order", "is required when layout.units is not given");
      }
      if (r.unit_order == name_order::rank && !r.units_listed) {
        reject("missing_rank", "layout.unit_order \"rank\" needs layout.units with ranks");
      }
      break;
    }
  }
}

person parse_person(const json::value& v, const std::string& path, raw_seat& pin, bool& pinned) {
  const auto& o = as_object(v, path);
  only_keys(o,
            {"id", "name", "rank", "surname", "reserved", "pin", "side", "role", "unit", "on_leave",
             "staff"},
            path);
  person p;
  p.id = req_string(o, "id", path);
  if (p.id.empty()) reject("invalid_id", path + ".id is empty");
  if (p.id.size() > preview_limits::max_id_bytes)
    reject("limit_exceeded", path + ".id is too long");
  p.reserved = opt_bool(o, "reserved", path);
  p.name = opt_string(o, "name", path).value_or("");
  const auto chars = utf8::decode(p.name);
  bool blank = true;
  for (char32_t c : *chars) {
    if (c < 0x20 || c == 0x7F)
      reject("invalid_name", "name of \"" + p.id + "\" has a control character");
    if (c != U' ' && c != U'\u3000' && c != U'\u00A0') blank = false;
  }
  if (blank && !p.reserved) reject("empty_name", "name of \"" + p.id + "\" is empty");
  if (blank) p.name.clear();
  if (chars->size() > preview_limits::max_name_chars) {
    reject("limit_exceeded", "name of \"" + p.id + "\" is longer than " +
                                 std::to_string(preview_limits::max_name_chars) + " characters");
  }
  p.rank = opt_int(o, "rank", path);
  p.surname = opt_string(o, "surname", path).value_or("");
  p.unit = opt_string(o, "unit", path).value_or("");
  p.on_leave = opt_bool(o, "on_leave", path);
  p.staff = opt_bool(o, "staff", path);
  p.side = opt_enum<party_side>(o, "side", path,
                                {{"host", party_side::host}, {"guest", party_side::guest}})
               .value_or(party_side::none);
  p.role = opt_enum<party_role>(o, "role", path,
                                {{"member", party_role::member},
                                 {"interpreter", party_role::interpreter},
                                 {"note_taker", party_role::note_taker}})
               .value_or(party_role::member);
  pinned = false;
  if (const json::value* pv = find(o, "pin"); pv != nullptr && !pv->is_null()) {
    pin = parse_seat(*pv, path + ".pin");
    pinned = true;
  }
  return p;
}

std::vector<previous_seat> parse_previous(const json::value& v) {
  const auto& a = as_array(v, "previous");
  if (a.size() > 2 * preview_limits::max_people) reject("limit_exceeded", "previous is too long");
  std::vector<previous_seat> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string path = "previous[" + std::to_string(i) + "]";
    const auto& o = as_object(a[i], path);
    only_keys(o, {"id", "side", "row", "seat_from_seat"}, path);
    previous_seat s;
    s.id = req_string(o, "id", path);
    s.side = opt_enum<party_side>(o, "side", path,
                                  {{"host", party_side::host}, {"guest", party_side::guest}})
                 .value_or(party_side::none);
    s.row = req_int(o, "row", path, 1, preview_limits::max_audience_rows);
    s.seat_from_seat = req_int(o, "seat_from_seat", path, 1, preview_limits::max_audience_seats);
    out.push_back(std::move(s));
  }
  return out;
}

// 请假 and 会务 (DOMAIN.md "Seating", issue 13): people on leave have no seat unless the
// request includes them; staff have none on a podium unless it includes them.
void set_aside(seating_request& r) {
  std::vector<person> seated;
  for (auto& p : r.people) {
    if (p.on_leave && !r.include_on_leave) {
      r.left_off.push_back({std::move(p), left_off_reason::on_leave});
    } else if (p.staff && !r.include_staff && r.kind == layout_kind::podium) {
      r.left_off.push_back({std::move(p), left_off_reason::staff});
    } else {
      seated.push_back(std::move(p));
    }
  }
  r.people = std::move(seated);
}

seating_request parse_body(std::string_view body) {
  if (body.size() > preview_limits::max_body_bytes) {
    throw request_error{{413, "too_large", "request body is larger than 1 MiB"}};
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 16;
  json::value root = json::parse(json::string_view(body.data(), body.size()), ec, {}, opts);
  if (ec) throw request_error{{400, "invalid_json", "body is not valid JSON: " + ec.message()}};
  const auto& o = as_object(root, "body");
  only_keys(o,
            {"layout", "convention", "even_rule", "order", "people", "previous", "include_on_leave",
             "include_staff"},
            "");

  seating_request r;
  const json::value* layout = find(o, "layout");
  if (layout == nullptr) fail("layout", "is required");
  std::vector<raw_seat> blocked;
  parse_layout(as_object(*layout, "layout"), r, blocked);

  auto conv = opt_enum<convention>(o, "convention", "",
                                   {{"left", convention::left}, {"right", convention::right}});
  r.convention_given = conv.has_value();
  if (!conv && (r.kind == layout_kind::podium || r.kind == layout_kind::audience)) {
    fail("convention", "is required (\"left\" = 以左为上, \"right\" = 以右为上)");
  }
  // 会谈 are mostly international: 以右为上 unless the request says otherwise.
  r.conv = conv.value_or(convention::right);
  r.even = opt_enum<even_rule>(o, "even_rule", "", {{"A", even_rule::a}, {"B", even_rule::b}})
               .value_or(even_rule::a);
  auto order = opt_enum<name_order>(o, "order", "", order_names);
  if (!order) fail("order", "is required (\"rank\", \"stroke\", \"stroke_full\" or \"pinyin\")");
  r.order = *order;
  r.include_on_leave = opt_bool(o, "include_on_leave", "");
  r.include_staff = opt_bool(o, "include_staff", "");

  const json::value* people = find(o, "people");
  if (people == nullptr) fail("people", "is required");
  const auto& a = as_array(*people, "people");
  if (a.size() > preview_limits::max_people) {
    reject("limit_exceeded",
           "at most " + std::to_string(preview_limits::max_people) + " people per request");
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    raw_seat pin;
    bool pinned = false;
    person p = parse_person(a[i], "people[" + std::to_string(i) + "]", pin, pinned);
    if (!ids.insert(p.id).second) reject("duplicate_id", "id \"" + p.id + "\" is used twice");
    if (pinned) p.pin = resolve(pin, r);
    if (r.kind == layout_kind::audience && p.unit.empty()) {
      reject("missing_unit",
             "audience seating needs a unit for every person; missing for \"" + p.id + "\"");
    }
    r.people.push_back(std::move(p));
  }
  for (const auto& b : blocked) {
    if (r.kind == layout_kind::podium) r.blocked.push_back(resolve(b, r));
    if (r.kind == layout_kind::audience) r.audience.blocked.push_back(resolve(b, r));
  }
  if (r.kind == layout_kind::audience && r.units_listed) {
    std::set<std::string> listed;
    for (const auto& u : r.units) listed.insert(u.name);
    for (const auto& p : r.people) {
      if (!listed.count(p.unit)) {
        reject("unknown_unit",
               "unit \"" + p.unit + "\" of \"" + p.id + "\" is not in layout.units");
      }
    }
  }
  if (const json::value* prev = find(o, "previous"); prev != nullptr && !prev->is_null()) {
    r.previous = parse_previous(*prev);
  }
  set_aside(r);
  return r;
}

}  // namespace

result<seating_request> preview_request::parse(std::string_view body) {
  try {
    return parse_body(body);
  } catch (const request_error& e) {
    return e.error;
  }
}

}  // namespace huiwu::seating
