#include "seating/meeting_planner.hpp"

#include <algorithm>
#include <string>

#include "seating/table_parties.hpp"

namespace huiwu::seating {

namespace {

void place(seating_plan& plan, chart_row& row, std::size_t who, int seat, int width,
           party_side side, party_role role) {
  placed_seat ps;
  ps.person = who;
  ps.row = row.row;
  ps.seat_from_seat = seat;
  ps.seat_from_audience = width + 1 - seat;
  ps.side = side;
  ps.role = role;
  plan.seats.push_back(ps);
  row.from_seat[static_cast<std::size_t>(seat - 1)] = who;
}

}  // namespace

result<seating_plan> meeting_planner::plan(const table_layout& layout,
                                           const std::vector<person>& people,
                                           const std::vector<std::size_t>& order) const {
  auto parties = table_parties::split(people, order, "会见 (kind \"meeting\")");
  if (!parties) return parties.error();
  const auto& host = parties->host;
  const auto& guest = parties->guest;

  const int host_n = static_cast<int>(host.members.size());
  const int guest_n = static_cast<int>(guest.members.size());
  int host_seats = host_n;
  int guest_seats = guest_n;
  if (layout.seats_per_side > 0) {
    if (std::max(host_n, guest_n) > layout.seats_per_side) {
      return unprocessable("too_many_people", std::to_string(std::max(host_n, guest_n)) +
                                                  " people on one side of "
                                                  "the 会见 for " +
                                                  std::to_string(layout.seats_per_side) +
                                                  " seats per side");
    }
    host_seats = guest_seats = layout.seats_per_side;
  }

  seating_plan plan;
  chart_row front;
  front.row = 1;
  const int width = host_seats + guest_seats;
  front.from_seat.assign(static_cast<std::size_t>(width), std::nullopt);
  // Host No.i sits i-1 seats left of the centre line, guest No.i i-1 seats right of it.
  for (int i = 0; i < host_n; ++i) {
    place(plan, front, host.members[static_cast<std::size_t>(i)], host_seats - i, width,
          party_side::host, party_role::member);
  }
  for (int i = 0; i < guest_n; ++i) {
    place(plan, front, guest.members[static_cast<std::size_t>(i)], host_seats + 1 + i, width,
          party_side::guest, party_role::member);
  }
  plan.rows.push_back(std::move(front));

  std::vector<std::pair<std::size_t, party_role>> host_back;
  std::vector<std::pair<std::size_t, party_role>> guest_back;
  for (std::size_t w : host.interpreters) host_back.emplace_back(w, party_role::interpreter);
  for (std::size_t w : host.note_takers) host_back.emplace_back(w, party_role::note_taker);
  for (std::size_t w : guest.interpreters) guest_back.emplace_back(w, party_role::interpreter);
  for (std::size_t w : guest.note_takers) guest_back.emplace_back(w, party_role::note_taker);
  if (!host_back.empty() || !guest_back.empty()) {
    chart_row back;
    back.row = 2;
    const int hb = static_cast<int>(host_back.size());
    const int back_width = hb + static_cast<int>(guest_back.size());
    back.from_seat.assign(static_cast<std::size_t>(back_width), std::nullopt);
    for (int i = 0; i < hb; ++i) {
      const auto& [who, role] = host_back[static_cast<std::size_t>(i)];
      place(plan, back, who, hb - i, back_width, party_side::host, role);
      if (role == party_role::interpreter) {
        plan.interpreters.push_back({who, host.members.front(), interpreter_place::behind});
      }
    }
    for (std::size_t i = 0; i < guest_back.size(); ++i) {
      const auto& [who, role] = guest_back[i];
      place(plan, back, who, hb + 1 + static_cast<int>(i), back_width, party_side::guest, role);
      if (role == party_role::interpreter) {
        plan.interpreters.push_back({who, guest.members.front(), interpreter_place::behind});
      }
    }
    plan.rows.push_back(std::move(back));
  }

  plan.notes.push_back(
      "会见：座位号按座位视角（面向会场、门口）从左到右；主人居中偏左，主宾在主人右侧");
  plan.notes.push_back("从会场（门口）看过去，左右相反");
  plan.notes.push_back(
      "双方随员在各自一侧按序向外排列；第2排为译员（靠中间）和记录员，坐在主人、主宾身后");
  for (const auto& is : plan.interpreters) {
    const person& who = people[is.person];
    const person& principal = people[is.principal];
    const bool host_side = who.side == party_side::host;
    plan.notes.push_back(std::string(host_side ? "主方" : "客方") + "译员" +
                         (who.name.empty() ? who.id : who.name) + "坐在第2排、" +
                         (host_side ? "主人" : "主宾") +
                         (principal.name.empty() ? principal.id : principal.name) +
                         "身后靠中间处，便于传译；译员占位不占数，不计入排序，第1排" +
                         (host_side ? "主方" : "客方") + "人员仍按序向外排列");
  }
  std::vector<std::size_t> position(people.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::sort(plan.seats.begin(), plan.seats.end(), [&](const placed_seat& a, const placed_seat& b) {
    return position[a.person] < position[b.person];
  });
  return plan;
}

}  // namespace huiwu::seating
