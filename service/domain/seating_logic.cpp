#include "domain/seating_logic.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>

#include "domain/meeting_lookup.hpp"
#include "domain/text_rules.hpp"
#include "seating/preview.hpp"

namespace huiwu::domain {
namespace json = boost::json;

namespace {

const v1::SeatingChart* find_chart(const v1::Meeting& m, const std::string& id) {
  for (const auto& c : m.charts()) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

const v1::SeatMember* find_member(const v1::SeatingChart& c, const std::string& id) {
  for (const auto& x : c.members()) {
    if (x.id() == id) return &x;
  }
  return nullptr;
}

rejection no_chart(const std::string& id) {
  return reject(v1::ERROR_NOT_FOUND, "no seating chart with id '" + id + "'", "chart_id");
}

// The seats of a computed chart: member id -> (row, seat from the seat, side).
struct seat_at {
  std::int64_t row = 0, seat = 0;
  std::string side;
};
std::map<std::string, seat_at> seats_of(const v1::SeatingChart& c) {
  std::map<std::string, seat_at> out;
  json::error_code ec;
  auto v = json::parse(c.result_json(), ec);
  if (ec || !v.is_object()) return out;
  const auto* seats = v.as_object().if_contains("seats");
  if (!seats || !seats->is_array()) return out;
  for (const auto& s : seats->as_array()) {
    if (!s.is_object()) continue;
    const auto& o = s.as_object();
    seat_at at;
    if (const auto* r = o.if_contains("row"); r && r->is_int64()) at.row = r->as_int64();
    if (const auto* n = o.if_contains("seat_from_seat"); n && n->is_int64())
      at.seat = n->as_int64();
    if (const auto* d = o.if_contains("side"); d && d->is_string())
      at.side = d->as_string().c_str();
    if (const auto* id = o.if_contains("id"); id && id->is_string())
      out[id->as_string().c_str()] = at;
  }
  return out;
}

std::string layout_kind(const v1::SeatingChart& c) {
  json::error_code ec;
  auto v = json::parse(c.config_json(), ec);
  if (ec || !v.is_object()) return {};
  const auto* layout = v.as_object().if_contains("layout");
  if (!layout || !layout->is_object()) return {};
  const auto* kind = layout->as_object().if_contains("kind");
  return kind && kind->is_string() ? std::string(kind->as_string()) : std::string();
}

// Runs the engine on `chart` with the meeting's attendees. With `strict`, a member whose
// attendee does not exist is an error; without (re-computation after attendees changed),
// such members leave the chart. With `diff`, the previous result is sent along so that
// the answer says who moved.
maybe_rejection compute(const v1::Meeting& m, v1::SeatingChart& chart, bool strict, bool diff,
                        std::uint64_t version) {
  if (chart.config_json().size() > max_config_bytes) {
    return reject(v1::ERROR_TOO_LARGE, "config_json is over 16 KiB", "chart.config_json");
  }
  json::error_code ec;
  auto config = json::parse(chart.config_json(), ec);
  if (ec || !config.is_object()) {
    return reject(v1::ERROR_INVALID_FIELD, "config_json is not a JSON object", "chart.config_json");
  }
  auto& request = config.as_object();
  if (request.contains("people") || request.contains("previous")) {
    return reject(v1::ERROR_INVALID_FIELD,
                  "config_json must not list people: they are the chart's members",
                  "chart.config_json");
  }
  const bool audience = layout_kind(chart) == "audience";
  json::array people;
  google::protobuf::RepeatedPtrField<v1::SeatMember> kept;
  int index = 0;
  for (const auto& member : chart.members()) {
    ++index;
    json::object p;
    p["id"] = member.id();
    if (member.attendee_id().empty()) {
      p["reserved"] = true;
      p["rank"] = 1'000'000 + index;  // after the people, in the order they were added
      if (audience) p["unit"] = member.label().empty() ? "预留" : member.label();
    } else {
      const auto* a = find_attendee(m, member.attendee_id());
      if (!a) {
        if (strict) {
          return reject(v1::ERROR_NOT_FOUND, "no attendee with id '" + member.attendee_id() + "'",
                        "chart.members.attendee_id");
        }
        continue;
      }
      p["name"] = a->name();
      // Unranked attendees follow the ranked ones, in the order they were added.
      p["rank"] = a->rank() > 0 ? static_cast<std::int64_t>(a->rank()) : 1'000'000 + index;
      if (!a->unit().empty() || audience) p["unit"] = a->unit().empty() ? "未填单位" : a->unit();
      // The engine leaves these off unless the chart's config includes them (issue 13).
      if (a->attendance() == v1::ATTENDANCE_LEAVE) p["on_leave"] = true;
      if (a->role() == v1::ROLE_SECRETARY) p["staff"] = true;
    }
    if (!member.side().empty()) p["side"] = member.side();
    if (!member.role().empty()) p["role"] = member.role();
    if (member.pin_row() > 0 && member.pin_seat() > 0) {
      p["pin"] = json::object{{"row", member.pin_row()}, {"seat_from_seat", member.pin_seat()}};
    }
    people.push_back(std::move(p));
    *kept.Add() = member;
  }
  request["people"] = std::move(people);
  if (diff && !chart.result_json().empty()) {
    json::array previous;
    for (const auto& [id, at] : seats_of(chart)) {
      json::object p{{"id", id}, {"row", at.row}, {"seat_from_seat", at.seat}};
      if (!at.side.empty()) p["side"] = at.side;
      previous.push_back(std::move(p));
    }
    request["previous"] = std::move(previous);
  }
  auto answer = seating::preview(json::serialize(request));
  if (answer.http_status != 200) {
    // "[engine code] message": the engine's stable code (docs/seating.md) stays readable
    // for a UI that translates it.
    std::string message = "the seating engine refused the chart";
    if (const auto* err = answer.body.if_object()) {
      if (const auto* e = err->if_contains("error"); e && e->is_object()) {
        const auto& o = e->as_object();
        const auto* msg = o.if_contains("message");
        const auto* code = o.if_contains("code");
        if (msg && msg->is_string()) message = std::string(msg->as_string());
        if (code && code->is_string())
          message = "[" + std::string(code->as_string()) + "] " + message;
      }
    }
    return reject(answer.http_status == 413 ? v1::ERROR_TOO_LARGE : v1::ERROR_INVALID_FIELD,
                  message, "chart");
  }
  *chart.mutable_members() = std::move(kept);
  chart.set_result_json(json::serialize(answer.body));
  chart.set_computed_at_version(version);
  return std::nullopt;
}

maybe_rejection check_members(const v1::SeatingChart& c) {
  if (c.members_size() > 2000) {
    return reject(v1::ERROR_TOO_LARGE, "a chart seats at most 2000 people", "chart.members");
  }
  std::set<std::string> ids;
  for (const auto& member : c.members()) {
    constexpr text_rule label_rule{text_kind::single_line, 64, false};
    if (auto r = check_text(member.label(), label_rule, "chart.members.label")) return r;
    if (member.pin_row() < 0 || member.pin_seat() < 0) {
      return reject(v1::ERROR_INVALID_FIELD, "pins count from 1", "chart.members.pin_row");
    }
    if (!member.attendee_id().empty() && member.id() != member.attendee_id()) {
      return reject(v1::ERROR_INVALID_FIELD, "a member's id is its attendee_id",
                    "chart.members.id");
    }
    if (!ids.insert(member.id()).second) {
      return reject(v1::ERROR_CONFLICT, "member '" + member.id() + "' is on the chart twice",
                    "chart.members");
    }
  }
  return std::nullopt;
}

}  // namespace

maybe_rejection decide_set_chart(const v1::Meeting& m, const v1::SetChart& in,
                                 std::uint64_t version, v1::SetChart& out) {
  auto chart = in.chart();
  constexpr text_rule name_rule{text_kind::single_line, 64, true};
  if (auto r = check_text(chart.name(), name_rule, "chart.name")) return r;
  const v1::SeatingChart* existing = nullptr;
  if (chart.id().empty()) {
    if (m.charts_size() >= max_charts) {
      return reject(v1::ERROR_TOO_LARGE, "a meeting has at most 20 seating charts", "chart");
    }
    chart.set_id("s" + std::to_string(m.next_id() + 1));
  } else if (!(existing = find_chart(m, chart.id()))) {
    return no_chart(chart.id());
  }
  // Reserved seats get ids the client need not invent, after the highest "r<n>" in use.
  int reserved = 0;
  for (const auto& member : chart.members()) {
    if (member.attendee_id().empty() && member.id().size() > 1 && member.id()[0] == 'r') {
      try {
        reserved = std::max(reserved, std::stoi(member.id().substr(1)));
      } catch (...) {
        // Not a number: a client-chosen id, left as it is.
      }
    }
  }
  for (auto& member : *chart.mutable_members()) {
    if (member.attendee_id().empty() && member.id().empty()) {
      member.set_id("r" + std::to_string(++reserved));
    } else if (member.id().empty()) {
      member.set_id(member.attendee_id());
    }
  }
  if (auto r = check_members(chart)) return r;
  chart.clear_result_json();
  if (existing) chart.set_result_json(existing->result_json());
  if (auto r = compute(m, chart, /*strict=*/true, /*diff=*/existing != nullptr, version)) return r;
  *out.mutable_chart() = std::move(chart);
  return std::nullopt;
}

maybe_rejection decide_remove_chart(const v1::Meeting& m, const v1::RemoveChart& in,
                                    v1::RemoveChart& out) {
  if (!find_chart(m, in.chart_id())) return no_chart(in.chart_id());
  out = in;
  return std::nullopt;
}

maybe_rejection decide_pin_seat(const v1::Meeting& m, const v1::PinSeat& in, std::uint64_t version,
                                v1::PinSeat& out) {
  const auto* c = find_chart(m, in.chart_id());
  if (!c) return no_chart(in.chart_id());
  if (!find_member(*c, in.member_id())) {
    return reject(v1::ERROR_NOT_FOUND, "no member '" + in.member_id() + "' on the chart",
                  "member_id");
  }
  if (in.row() < 0 || in.seat() < 0 || (in.row() == 0) != (in.seat() == 0)) {
    return reject(v1::ERROR_INVALID_FIELD, "row and seat count from 1 (both 0 = unpin)", "row");
  }
  auto chart = *c;
  for (auto& member : *chart.mutable_members()) {
    if (member.id() == in.member_id()) {
      member.set_pin_row(in.row());
      member.set_pin_seat(in.seat());
    } else if (in.row() > 0 && member.pin_row() == in.row() && member.pin_seat() == in.seat()) {
      return reject(v1::ERROR_CONFLICT, "'" + member.id() + "' is already pinned to that seat",
                    "seat");
    }
  }
  if (auto r = compute(m, chart, false, true, version)) return r;
  out.set_chart_id(in.chart_id());
  out.set_member_id(in.member_id());
  out.set_row(in.row());
  out.set_seat(in.seat());
  *out.mutable_chart() = std::move(chart);
  return std::nullopt;
}

maybe_rejection decide_swap_seats(const v1::Meeting& m, const v1::SwapSeats& in,
                                  std::uint64_t version, v1::SwapSeats& out) {
  const auto* c = find_chart(m, in.chart_id());
  if (!c) return no_chart(in.chart_id());
  if (in.member_a() == in.member_b()) {
    return reject(v1::ERROR_INVALID_FIELD, "swap needs two different members", "member_b");
  }
  const auto kind = layout_kind(*c);
  if (kind == "meeting" || kind == "talks") {
    return reject(v1::ERROR_CONFLICT,
                  "会见/会谈 seats follow rank and side; change the rank order instead",
                  "chart_id");
  }
  const auto seats = seats_of(*c);
  const auto a = seats.find(in.member_a());
  const auto b = seats.find(in.member_b());
  if (a == seats.end()) {
    return reject(v1::ERROR_NOT_FOUND, "'" + in.member_a() + "' has no seat", "member_a");
  }
  if (b == seats.end()) {
    return reject(v1::ERROR_NOT_FOUND, "'" + in.member_b() + "' has no seat", "member_b");
  }
  auto chart = *c;
  for (auto& member : *chart.mutable_members()) {
    // Each takes the other's seat, pinned, so the swap survives re-computation.
    const seat_at* to = member.id() == in.member_a()   ? &b->second
                        : member.id() == in.member_b() ? &a->second
                                                       : nullptr;
    if (!to) continue;
    member.set_pin_row(static_cast<int>(to->row));
    member.set_pin_seat(static_cast<int>(to->seat));
  }
  if (auto r = compute(m, chart, false, true, version)) return r;
  out.set_chart_id(in.chart_id());
  out.set_member_a(in.member_a());
  out.set_member_b(in.member_b());
  *out.mutable_chart() = std::move(chart);
  return std::nullopt;
}

maybe_rejection decide_recompute_chart(const v1::Meeting& m, const v1::RecomputeChart& in,
                                       std::uint64_t version, v1::RecomputeChart& out) {
  const auto* c = find_chart(m, in.chart_id());
  if (!c) return no_chart(in.chart_id());
  auto chart = *c;
  if (auto r = compute(m, chart, false, true, version)) return r;
  out.set_chart_id(in.chart_id());
  *out.mutable_chart() = std::move(chart);
  return std::nullopt;
}

void put_chart(v1::Meeting& m, const v1::SeatingChart& chart) {
  for (auto& c : *m.mutable_charts()) {
    if (c.id() == chart.id()) {
      c = chart;
      return;
    }
  }
  *m.add_charts() = chart;
  m.set_next_id(m.next_id() + 1);
}

}  // namespace huiwu::domain
