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

// 占位不占数 (DOMAIN.md "Talks at a table"): after the principal and the interpreter the
// others alternate by side, not by distance: No.2 on the superior side of the convention,
// No.3 on the other, No.4 on the superior side again …, each in the first free seat on
// that side counting outward from the principal. A side that has no free seat left gives
// its turn to the other. Seen from the sitter, right is the higher seat number.
std::vector<int> talks_seat_order(int n, int centre, convention c, const std::set<int>& taken) {
  std::vector<int> left;
  std::vector<int> right;
  for (int s = centre - 1; s >= 1; --s) {
    if (!taken.count(s)) left.push_back(s);
  }
  for (int s = centre + 1; s <= n; ++s) {
    if (!taken.count(s)) right.push_back(s);
  }
  const auto& superior = c == convention::left ? left : right;
  const auto& inferior = c == convention::left ? right : left;
  std::vector<int> out;
  std::size_t si = 0;
  std::size_t ii = 0;
  for (bool superior_turn = true; si < superior.size() || ii < inferior.size();
       superior_turn = !superior_turn) {
    if ((superior_turn && si < superior.size()) || ii >= inferior.size()) {
      out.push_back(superior[si++]);
    } else {
      out.push_back(inferior[ii++]);
    }
  }
  return out;
}

std::string talks_display_name(const person& p) {
  return p.name.empty() ? p.id : p.name;
}

// Where an interpreter sits and why, in words for the chart's notes.
std::string talks_interpreter_note(const std::vector<person>& people, const seating_plan& plan,
                                   const interpreter_seat& is, convention c) {
  const person& who = people[is.person];
  const person& principal = people[is.principal];
  const std::string side = who.side == party_side::host ? "主方" : "客方";
  int seat = 0;
  int row = 0;
  for (const auto& s : plan.seats) {
    if (s.person == is.person) {
      seat = s.seat_from_seat;
      row = s.row;
    }
  }
  const std::string where =
      "（" + side + "第" + std::to_string(row) + "排第" + std::to_string(seat) + "座）";
  switch (is.place) {
    case interpreter_place::principal_right:
      return side + "译员" + talks_display_name(who) + "坐在主谈人" +
             talks_display_name(principal) + "右侧" + where +
             "，便于传译；译员占位不占数，不计入排序，其余人员仍按" +
             (c == convention::left ? "以左为上" : "以右为上") + "在两侧交替排列：" +
             (c == convention::left ? "2号在主谈人左侧，3号在译员外侧"
                                    : "2号在译员外侧，3号在主谈人左侧");
    case interpreter_place::nearest_free:
      return side + "译员" + talks_display_name(who) + where + "：主谈人" +
             talks_display_name(principal) +
             "右侧没有座位，改坐最近的空座；译员占位不占数，不计入排序";
    case interpreter_place::behind:
      break;
  }
  return side + "译员" + talks_display_name(who) + "坐在第2排" + where + "，在" +
         talks_display_name(principal) +
         "身后：每侧只有一名译员坐在桌边；译员占位不占数，不计入排序";
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
    std::vector<std::size_t> back_interpreters;
    if (!p->interpreters.empty()) {
      interpreter_seat is{p->interpreters.front(), p->members.front(),
                          interpreter_place::principal_right};
      int seat = centre + 1;  // the principal's right, seen from the seat
      if (seat > n) {
        const auto free = talks_seat_order(n, centre, convention_, taken);
        seat = free.front();  // seats_per_side >= 2 here: the side has room for both
        is.place = interpreter_place::nearest_free;
        plan.warnings.push_back(side_name + "主谈人右侧没有座位，译员改坐第" +
                                std::to_string(seat) + "座");
      }
      place(row, n, p->interpreters.front(), seat, party_role::interpreter);
      taken.insert(seat);
      plan.interpreters.push_back(is);
      back_interpreters.assign(p->interpreters.begin() + 1, p->interpreters.end());
    }
    const auto seq = talks_seat_order(n, centre, convention_, taken);
    for (std::size_t i = 1; i < p->members.size(); ++i) {
      place(row, n, p->members[i], seq[i - 1], party_role::member);
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
        if (back[i].second == party_role::interpreter) {
          plan.interpreters.push_back(
              {back[i].first, p->members.front(), interpreter_place::behind});
        }
      }
      plan.rows.push_back(std::move(r2));
    }
  }

  plan.notes.push_back(
      "会谈：每侧座位号按就座者视角从左到右；主方第i座与客方第(S+1-i)座隔桌相对；"
      "从桌子对面看，左右相反");
  if (layout.door == door_position::side) {
    plan.notes.push_back("门在主方一侧：主方背对门，客方面向门");
  } else {
    plan.notes.push_back(
        "桌子一端朝门：进门后客方在右侧、主方在左侧；客方第1座靠门，主方第1座离门最远");
  }
  const bool left = convention_ == convention::left;
  plan.notes.push_back(std::string("主谈人居中，其余人员按序向两侧交替排列：") +
                       (left ? "2号在主谈人左侧（以左为上）" : "2号在主谈人右侧（以右为上）") +
                       "，3号在另一侧，依次向外");
  for (const auto& is : plan.interpreters) {
    plan.notes.push_back(talks_interpreter_note(people, plan, is, convention_));
  }
  std::vector<std::size_t> position(people.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::sort(plan.seats.begin(), plan.seats.end(), [&](const placed_seat& a, const placed_seat& b) {
    return position[a.person] < position[b.person];
  });
  return plan;
}

}  // namespace huiwu::seating
