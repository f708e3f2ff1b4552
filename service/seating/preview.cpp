#include "seating/preview.hpp"

#include <boost/json.hpp>

#include "seating/people_order.hpp"
#include "seating/preview_request.hpp"
#include "seating/seating_engine.hpp"

namespace huiwu::seating {

namespace {

namespace json = boost::json;

std::string_view side_name(party_side s) {
  return s == party_side::host ? "host" : s == party_side::guest ? "guest" : "";
}

std::string_view role_name(party_role r) {
  return r == party_role::interpreter  ? "interpreter"
         : r == party_role::note_taker ? "note_taker"
                                       : "member";
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::value seat_json(const previous_seat& s) {
  json::object o;
  o["id"] = s.id;
  if (s.side != party_side::none) o["side"] = side_name(s.side);
  o["row"] = s.row;
  o["seat_from_seat"] = s.seat_from_seat;
  return o;
}

json::object error_json(const seating_error& e) {
  json::object err;
  err["code"] = e.code;
  err["message"] = e.message;
  json::object o;
  o["error"] = std::move(err);
  return o;
}

json::object encode(const seating_request& r, const seating_outcome& out) {
  const auto& people = r.people;
  std::vector<std::size_t> position(people.size());
  for (std::size_t i = 0; i < out.people_order.order.size(); ++i) {
    position[out.people_order.order[i]] = i + 1;
  }

  json::array seats;
  for (const auto& s : out.plan.seats) {
    const person& p = people[s.person];
    json::object o;
    o["id"] = p.id;
    o["name"] = p.name;
    o["row"] = s.row;
    o["seat_from_seat"] = s.seat_from_seat;
    o["seat_from_audience"] = s.seat_from_audience;
    o["position"] = position[s.person];
    if (r.kind == layout_kind::audience) {
      o["seat_from_podium"] = s.seat_from_podium;
      o["unit"] = p.unit;
    }
    if (s.side != party_side::none) {
      o["side"] = side_name(s.side);
      o["role"] = role_name(s.role);
    }
    if (s.pinned) o["pinned"] = true;
    if (p.reserved) o["reserved"] = true;
    seats.push_back(std::move(o));
  }

  json::array rows;
  for (const auto& row : out.plan.rows) {
    json::object o;
    o["row"] = row.row;
    if (row.side != party_side::none) o["side"] = side_name(row.side);
    o["seats"] = row.from_seat.size();
    json::array from_seat;
    for (const auto& who : row.from_seat) {
      if (who) {
        from_seat.emplace_back(people[*who].id);
      } else {
        from_seat.emplace_back(nullptr);
      }
    }
    json::array mirrored(from_seat.rbegin(), from_seat.rend());
    o["from_seat"] = from_seat;
    if (r.kind == layout_kind::audience) {
      // The audience faces the podium: its own view is the audience view.
      o["from_audience"] = from_seat;
      o["from_podium"] = std::move(mirrored);
    } else {
      o["from_audience"] = std::move(mirrored);
    }
    json::array blocked;
    for (int b : row.blocked) blocked.emplace_back(b);
    o["blocked"] = std::move(blocked);
    rows.push_back(std::move(o));
  }

  json::array list;
  for (std::size_t i = 0; i < out.people_order.order.size(); ++i) {
    const std::size_t who = out.people_order.order[i];
    json::object o;
    o["position"] = i + 1;
    o["id"] = people[who].id;
    o["name"] = people[who].name;
    const auto& note = out.people_order.notes[who];
    if (r.order == name_order::pinyin && !note.pinyin.empty()) o["pinyin"] = note.pinyin;
    if ((r.order == name_order::stroke || r.order == name_order::stroke_full) &&
        !note.strokes.empty()) {
      json::array st;
      for (int n : note.strokes) st.emplace_back(n);
      o["strokes"] = std::move(st);
    }
    list.push_back(std::move(o));
  }
  json::object order;
  order["rule"] = people_order::code(r.order);
  order["label"] = people_order::label(r.order);
  order["people"] = std::move(list);

  json::object body;
  body["seats"] = std::move(seats);
  body["rows"] = std::move(rows);
  body["order"] = std::move(order);
  if (out.unit_order) {
    json::object units;
    units["rule"] = people_order::code(r.unit_order);
    units["label"] = r.unit_order == name_order::rank     ? "单位按排序为序"
                     : r.unit_order == name_order::pinyin ? "单位按名称拼音为序"
                                                          : "单位按名称笔画为序";
    json::array ul;
    for (std::size_t i = 0; i < out.unit_names.size(); ++i) {
      std::size_t count = 0;
      for (const auto& p : people) count += p.unit == out.unit_names[i] ? 1 : 0;
      json::object u;
      u["position"] = i + 1;
      u["name"] = out.unit_names[i];
      u["people"] = count;
      ul.push_back(std::move(u));
    }
    units["list"] = std::move(ul);
    body["units"] = std::move(units);
  }
  json::array interpreters;
  for (const auto& is : out.plan.interpreters) {
    json::object o;
    o["id"] = people[is.person].id;
    o["side"] = side_name(people[is.person].side);
    o["principal"] = people[is.principal].id;
    o["place"] = is.place == interpreter_place::principal_right ? "principal_right"
                 : is.place == interpreter_place::nearest_free  ? "nearest_free"
                                                                : "behind";
    interpreters.push_back(std::move(o));
  }
  if (!interpreters.empty()) body["interpreters"] = std::move(interpreters);
  if (!r.left_off.empty()) {
    json::array left_off;
    for (const auto& l : r.left_off) {
      json::object o;
      o["id"] = l.who.id;
      o["name"] = l.who.name;
      o["reason"] = l.reason == left_off_reason::on_leave ? "on_leave" : "staff";
      left_off.push_back(std::move(o));
    }
    body["left_off"] = std::move(left_off);
  }
  body["notes"] = strings(out.plan.notes);
  body["warnings"] = strings(out.plan.warnings);
  if (out.changes) {
    json::object c;
    json::array moved;
    for (const auto& m : out.changes->moved) {
      json::object o;
      o["id"] = m.id;
      o["from"] = seat_json(m.from);
      o["to"] = seat_json(m.to);
      moved.push_back(std::move(o));
    }
    json::array added;
    for (const auto& s : out.changes->added) added.push_back(seat_json(s));
    json::array removed;
    for (const auto& s : out.changes->removed) removed.push_back(seat_json(s));
    c["moved"] = std::move(moved);
    c["added"] = std::move(added);
    c["removed"] = std::move(removed);
    c["unchanged"] = out.changes->unchanged;
    body["changes"] = std::move(c);
  }
  return body;
}

}  // namespace

preview_result preview(std::string_view json_body) {
  auto request = preview_request::parse(json_body);
  if (!request) return {request.error().http_status, error_json(request.error())};
  auto outcome = seating_engine::compute(*request);
  if (!outcome) return {outcome.error().http_status, error_json(outcome.error())};
  return {200, encode(*request, *outcome)};
}

}  // namespace huiwu::seating
