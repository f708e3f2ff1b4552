#include "seating/talks_planner.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "seating/row_rule.hpp"
#include "seating/table_parties.hpp"

namespace huiwu::seating {

namespace {

struct side_spec {
  const party* p;
  party_side side;
  int centre;
};

// Seats along one side, alternating outward from `centre`, the superior side first.
// Seen from the sitter, right is the higher seat number.
std::vector<int> outward(int n, int centre, convention c) {
  std::vector<int> out{centre};
  for (int d = 1; static_cast<int>(out.size()) < n; ++d) {
    const int first = c == convention::right ? centre + d : centre - d;
    const int second = c == convention::right ? centre - d : centre + d;
    if (first >= 1 && first <= n) out.push_back(first);
    if (second >= 1 && second <= n) out.push_back(second);
  }
  return out;
}

int needed_seats(const party& p) {
  const int t = static_cast<int>(p.members.size()) + (p.interpreters.empty() ? 0 : 1);
  return 2 * (t / 2) + 1;  // smallest odd count with ceil((t-1)/2) seats each side
}

}  // namespace

result<seating_plan> talks_planner::plan(const table_layout& layout,
                                         const std::vector<person>& people,
                                         const std::vector<std::size_t>& order) const {
  auto parties = table_parties::split(people, order, "会谈 (kind \"talks\")");
  if (!parties) return parties.error();

  int n = std::max(needed_seats(parties->host), needed_seats(parties->guest));
  if (layout.seats_per_side > 0) {
    for (const party* p : {&parties->host, &parties->guest}) {
      const int t = static_cast<int>(p->members.size()) + (p->interpreters.empty() ? 0 : 1);
      if (t > layout.seats_per_side) {
        return unprocessable("too_many_people",
                             std::to_string(t) + " people at one side of the 会谈 table for " +
                                 std::to_string(layout.seats_per_side) + " seats per side");
      }
    }
    n = layout.seats_per_side;
  }
  const int host_centre = n % 2 == 1 ? (n + 1) / 2 : n / 2;
  const int guest_centre = n + 1 - host_centre;  // facing the host principal

  seating_plan plan;
  const side_spec specs[] = {{&parties->host, party_side::host, host_centre},
                             {&parties->guest, party_side::guest, guest_centre}};
  for (const side_spec& spec : specs) {
    const party* p = spec.p;
    const party_side side = spec.side;
    const int centre = spec.centre;
    const std::string side_name = side == party_side::host ? "主方" : "客方";
    chart_row row;
    row.row = 1;
    row.side = side;
    row.from_seat.assign(static_cast<std::size_t>(n), std::nullopt);
    auto place = [&](chart_row& r, int width, std::size_t who, int seat, party_role role) {
      placed_seat ps;
      ps.person = who;
      ps.row = r.row;
      ps.seat_from_seat = seat;
      ps.seat_from_audience = width + 1 - seat;
      ps.side = side;
      ps.role = role;
      plan.seats.push_back(ps);
      r.from_seat[static_cast<std::size_t>(seat - 1)] = who;
    };
    std::set<int> taken;
    place(row, n, p->members.front(), centre, party_role::member);
    taken.insert(centre);
    const auto seq = outward(n, centre, convention_);
    std::vector<std::size_t> back_interpreters;
    if (!p->interpreters.empty()) {
      int seat = centre + 1;  // the principal's right, seen from the seat
      if (seat > n) {
        seat = *std::find_if(seq.begin(), seq.end(), [&](int s) { return !taken.count(s); });
        plan.warnings.push_back(side_name + "主谈人右侧没有座位，译员改坐第" +
                                std::to_string(seat) + "座");
      }
      place(row, n, p->interpreters.front(), seat, party_role::interpreter);
      taken.insert(seat);
      back_interpreters.assign(p->interpreters.begin() + 1, p->interpreters.end());
    }
    std::size_t next = 0;
    for (std::size_t i = 1; i < p->members.size(); ++i) {
      while (taken.count(seq[next])) ++next;
      place(row, n, p->members[i], seq[next], party_role::member);
      taken.insert(seq[next]);
    }
    plan.rows.push_back(std::move(row));

    std::vector<std::pair<std::size_t, party_role>> back;
    back.reserve(back_interpreters.size() + p->note_takers.size());
    for (std::size_t w : back_interpreters) back.emplace_back(w, party_role::interpreter);
    for (std::size_t w : p->note_takers) back.emplace_back(w, party_role::note_taker);
    if (!back.empty()) {
      chart_row r2;
      r2.row = 2;
      r2.side = side;
      const int width = static_cast<int>(back.size());
      r2.from_seat.assign(back.size(), std::nullopt);
      const auto back_seq = row_rule(convention_, even_rule::b).precedence(width, width);
      for (std::size_t i = 0; i < back.size(); ++i) {
        place(r2, width, back[i].first, back_seq[i], back[i].second);
      }
      plan.rows.push_back(std::move(r2));
    }
  }

  plan.notes.push_back("会谈：每侧座位号按就座者视角从左到右；主方第i座与客方第" +
                       std::string("(S+1-i)座相对；seat_from_audience 为从桌子对面看过去的编号"));
  if (layout.door == door_position::side) {
    plan.notes.push_back("门在主方一侧：主方背对门，客方面向门");
  } else {
    plan.notes.push_back(
        "桌子一端朝门：进门后客方在右侧、主方在左侧；客方第1座靠门，主方第1座离门最远");
  }
  plan.notes.push_back(
      std::string("主谈人居中，译员在主谈人右侧，其余人员按序向外交替排列，") +
      (convention_ == convention::right ? "右侧优先（以右为上）" : "左侧优先（以左为上）"));
  std::vector<std::size_t> position(people.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::sort(plan.seats.begin(), plan.seats.end(), [&](const placed_seat& a, const placed_seat& b) {
    return position[a.person] < position[b.person];
  });
  return plan;
}

}  // namespace huiwu::seating
