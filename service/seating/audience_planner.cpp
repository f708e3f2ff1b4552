#include "seating/audience_planner.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace huiwu::seating {

namespace {

// A seat in podium-view coordinates: p = 1.. left to right as the podium sees it.
struct spot {
  int row;
  int p;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads defaulted <=>
  auto operator<=>(const spot&) const = default;
};

// A fill sequence with a cursor that skips taken seats.
struct lane {
  std::vector<spot> seats;
  std::size_t next = 0;
  int remaining = 0;
};

}  // namespace

result<seating_plan> audience_planner::plan(const audience_layout& layout,
                                            const std::vector<std::string>& units,
                                            const std::vector<person>& people,
                                            const std::vector<std::size_t>& order) const {
  const int rows = layout.rows;
  const int width = layout.seats;
  auto to_spot = [&](const seat_ref& s) { return spot{s.row, width + 1 - s.seat}; };
  auto valid = [&](const seat_ref& s) {
    return s.row >= 1 && s.row <= rows && s.seat >= 1 && s.seat <= width;
  };
  auto where = [](const seat_ref& s) {
    return "row " + std::to_string(s.row) + " seat " + std::to_string(s.seat);
  };

  std::set<spot> taken;
  std::set<spot> blocked;
  for (const auto& b : layout.blocked) {
    if (!valid(b))
      return unprocessable("invalid_seat", "empty seat " + where(b) + " is not in the block");
    blocked.insert(to_spot(b));
  }
  taken = blocked;
  std::map<spot, std::size_t> pins;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!people[i].pin) continue;
    const auto& s = *people[i].pin;
    if (!valid(s)) {
      return unprocessable(
          "invalid_pin", "pin of \"" + people[i].id + "\" (" + where(s) + ") is not in the block");
    }
    if (blocked.count(to_spot(s))) {
      return unprocessable("invalid_pin", "pin of \"" + people[i].id + "\" is on " + where(s) +
                                              ", which is marked empty");
    }
    if (auto [it, fresh] = pins.emplace(to_spot(s), i); !fresh) {
      return unprocessable("duplicate_pin", "\"" + people[it->second].id + "\" and \"" +
                                                people[i].id + "\" are both pinned to " + where(s));
    }
    taken.insert(to_spot(s));
  }

  // Unit members in person order; pinned people keep their seats.
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_unit;
  std::size_t unpinned = 0;
  for (std::size_t who : order) {
    if (people[who].pin) continue;
    by_unit[people[who].unit].push_back(who);
    ++unpinned;
  }
  const std::size_t free_seats = static_cast<std::size_t>(rows * width) - taken.size();
  if (unpinned > free_seats) {
    return unprocessable(
        "too_many_people",
        std::to_string(people.size()) + " people for " + std::to_string(rows * width) +
            " audience seats (" + std::to_string(blocked.size()) + " left empty, " +
            std::to_string(pins.size()) + " pinned): " + std::to_string(unpinned - free_seats) +
            " more seat(s) needed");
  }

  // q counts from the superior end: the podium's left under 以左为上.
  auto from_superior = [&](int q) { return convention_ == convention::left ? q : width + 1 - q; };
  auto make_lane = [&](const std::vector<spot>& seats) {
    lane l;
    for (const auto& s : seats) {
      if (!taken.count(s)) l.seats.push_back(s);
    }
    l.remaining = static_cast<int>(l.seats.size());
    return l;
  };
  std::vector<lane> lanes;
  std::vector<spot> seq;
  if (layout.fill == audience_fill::rows) {
    for (int r = 1; r <= rows; ++r)
      for (int q = 1; q <= width; ++q) seq.push_back({r, from_superior(q)});
    lanes.push_back(make_lane(seq));
  } else if (layout.fill == audience_fill::columns) {
    for (int q = 1; q <= width; ++q)
      for (int r = 1; r <= rows; ++r) seq.push_back({r, from_superior(q)});
    lanes.push_back(make_lane(seq));
  } else {
    // aisle_after counts the audience's seats left of the aisle; `aisle` the podium's.
    const int aisle = width - (layout.aisle_after < 0 ? width / 2 : layout.aisle_after);
    std::vector<spot> left_side;
    std::vector<spot> right_side;
    for (int r = 1; r <= rows; ++r) {
      for (int p = aisle; p >= 1; --p) left_side.push_back({r, p});
      for (int p = aisle + 1; p <= width; ++p) right_side.push_back({r, p});
    }
    const bool left_superior = convention_ == convention::left;
    lanes.push_back(make_lane(left_superior ? left_side : right_side));
    lanes.push_back(make_lane(left_superior ? right_side : left_side));
  }

  seating_plan plan;
  std::map<std::size_t, spot> placed;
  for (std::size_t u = 0; u < units.size(); ++u) {
    auto it = by_unit.find(units[u]);
    if (it == by_unit.end()) continue;
    const auto& members = it->second;
    const int need = static_cast<int>(members.size());
    std::size_t l = lanes.size() == 1 ? 0 : u % 2;
    if (lanes.size() == 2 && lanes[l].remaining < need) {
      const std::size_t other = 1 - l;
      if (lanes[other].remaining >= need) {
        plan.warnings.push_back("单位「" + units[u] + "」在本侧已坐不下，整体排到过道另一侧");
        l = other;
      } else {
        plan.warnings.push_back("单位「" + units[u] + "」在过道两侧都坐不下整块，分在两侧");
      }
    }
    for (std::size_t who : members) {
      if (lanes[l].remaining == 0) l = 1 - l;  // only when split across the aisle
      lane& ln = lanes[l];
      placed[who] = ln.seats[ln.next++];
      --ln.remaining;
    }
  }
  for (const auto& [s, who] : pins) placed[who] = s;

  std::vector<std::size_t> position(people.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  std::vector<chart_row> chart(static_cast<std::size_t>(rows));
  for (int r = 1; r <= rows; ++r) {
    chart[static_cast<std::size_t>(r - 1)].row = r;
    chart[static_cast<std::size_t>(r - 1)].from_seat.assign(static_cast<std::size_t>(width),
                                                            std::nullopt);
  }
  for (const auto& b : blocked) {
    chart[static_cast<std::size_t>(b.row - 1)].blocked.push_back(width + 1 - b.p);
  }
  for (const auto& [who, s] : placed) {
    placed_seat ps;
    ps.person = who;
    ps.row = s.row;
    ps.seat_from_seat = width + 1 - s.p;
    ps.seat_from_audience = ps.seat_from_seat;
    ps.seat_from_podium = s.p;
    ps.pinned = people[who].pin.has_value();
    plan.seats.push_back(ps);
    chart[static_cast<std::size_t>(s.row - 1)]
        .from_seat[static_cast<std::size_t>(ps.seat_from_seat - 1)] = who;
  }
  for (auto& c : chart) std::sort(c.blocked.begin(), c.blocked.end());
  plan.rows = std::move(chart);
  std::sort(plan.seats.begin(), plan.seats.end(), [&](const placed_seat& a, const placed_seat& b) {
    return position[a.person] < position[b.person];
  });

  const std::string superior = convention_ == convention::left ? "主席台视角左侧，即观众视角右侧"
                                                               : "主席台视角右侧，即观众视角左侧";
  plan.notes.push_back(
      "台下：座位号按观众视角（面向主席台）从左到右；从主席台看（面向观众）左右相反");
  if (layout.fill == audience_fill::rows) {
    plan.notes.push_back("横排：单位按序从第1排上位一端（" + superior +
                         "）起横向排列，一排排满再排下一排");
  } else if (layout.fill == audience_fill::columns) {
    plan.notes.push_back("竖排：单位按序从上位一端（" + superior +
                         "）第1列起由前向后纵向排列，一列排满再排下一列");
  } else {
    plan.notes.push_back("左右排列：以中间过道为界，单位按序在过道两侧交替排列，上位一侧（" +
                         superior + "）优先，各侧逐排由过道向外");
  }
  return plan;
}

}  // namespace huiwu::seating
