#include "seating/podium_planner.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace huiwu::seating {

namespace {

std::string where(const seat_ref& s) {
  return "row " + std::to_string(s.row) + " seat " + std::to_string(s.seat);
}

// Members of one row, in order, and the compact seat (1-based among the usable seats)
// each takes. Returns nothing if a precedence runs out (cannot happen when the caller
// checked capacity; kept as a guard).
std::map<std::size_t, int> fill_row(const std::vector<std::size_t>& members,
                                    const std::map<std::size_t, int>& pinned_compact,
                                    const std::vector<int>& precedence) {
  std::map<std::size_t, int> out;
  std::set<int> taken;
  for (const auto& [who, seat] : pinned_compact) {
    out[who] = seat;
    taken.insert(seat);
  }
  std::size_t next = 0;
  for (std::size_t who : members) {
    if (out.count(who)) continue;
    while (next < precedence.size() && taken.count(precedence[next])) ++next;
    if (next == precedence.size()) break;
    out[who] = precedence[next];
    taken.insert(precedence[next]);
  }
  return out;
}

}  // namespace

result<seating_plan> podium_planner::plan(const std::vector<int>& rows,
                                          const std::vector<seat_ref>& blocked,
                                          const std::vector<person>& people,
                                          const std::vector<std::size_t>& order) const {
  const int row_count = static_cast<int>(rows.size());
  auto valid = [&](const seat_ref& s) {
    return s.row >= 1 && s.row <= row_count && s.seat >= 1 && s.seat <= rows[s.row - 1];
  };
  std::set<seat_ref> blocked_set;
  for (const auto& b : blocked) {
    if (!valid(b))
      return unprocessable("invalid_seat", "empty seat " + where(b) + " is not on the podium");
    blocked_set.insert(b);
  }
  std::map<seat_ref, std::size_t> pin_owner;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!people[i].pin) continue;
    const seat_ref& s = *people[i].pin;
    if (!valid(s)) {
      return unprocessable(
          "invalid_pin", "pin of \"" + people[i].id + "\" (" + where(s) + ") is not on the podium");
    }
    if (blocked_set.count(s)) {
      return unprocessable("invalid_pin", "pin of \"" + people[i].id + "\" is on " + where(s) +
                                              ", which is marked empty");
    }
    if (auto [it, fresh] = pin_owner.emplace(s, i); !fresh) {
      return unprocessable("duplicate_pin", "\"" + people[it->second].id + "\" and \"" +
                                                people[i].id + "\" are both pinned to " + where(s));
    }
  }

  // Usable seats per row (physical numbers, ascending) and free capacity.
  std::vector<std::vector<int>> usable(rows.size());
  std::vector<int> capacity(rows.size());
  int total_seats = 0;
  for (int r = 1; r <= row_count; ++r) {
    for (int s = 1; s <= rows[r - 1]; ++s) {
      if (!blocked_set.count({r, s})) usable[r - 1].push_back(s);
    }
    capacity[r - 1] = static_cast<int>(usable[r - 1].size());
    total_seats += rows[r - 1];
  }
  for (const auto& [seat, who] : pin_owner) --capacity[seat.row - 1];

  std::vector<std::size_t> unpinned;
  for (std::size_t who : order) {
    if (!people[who].pin) unpinned.push_back(who);
  }
  const int free_seats = total_seats - static_cast<int>(blocked_set.size() + pin_owner.size());
  if (static_cast<int>(unpinned.size()) > free_seats) {
    return unprocessable(
        "too_many_people",
        std::to_string(people.size()) + " people for " + std::to_string(total_seats) +
            " seats on the podium (" + std::to_string(blocked_set.size()) + " left empty, " +
            std::to_string(pin_owner.size()) +
            " pinned): " + std::to_string(unpinned.size() - static_cast<std::size_t>(free_seats)) +
            " more seat(s) needed");
  }

  std::vector<std::size_t> position(people.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;

  // Front rows first.
  std::vector<std::vector<std::size_t>> members(rows.size());
  std::size_t next = 0;
  for (int r = 0; r < row_count; ++r) {
    for (int c = 0; c < capacity[r] && next < unpinned.size(); ++c)
      members[r].push_back(unpinned[next++]);
  }
  for (const auto& [seat, who] : pin_owner) members[seat.row - 1].push_back(who);

  seating_plan plan;
  for (int r = 1; r <= row_count; ++r) {
    auto& m = members[r - 1];
    std::sort(m.begin(), m.end(),
              [&](std::size_t a, std::size_t b) { return position[a] < position[b]; });
    const auto& seats = usable[r - 1];
    const int n = static_cast<int>(seats.size());
    auto compact = [&](int physical) {
      return static_cast<int>(std::lower_bound(seats.begin(), seats.end(), physical) -
                              seats.begin()) +
             1;
    };
    std::map<std::size_t, int> pinned_compact;
    for (std::size_t who : m) {
      if (people[who].pin) pinned_compact[who] = compact(people[who].pin->seat);
    }
    std::map<std::size_t, int> placed;
    if (!m.empty() && people[m.front()].pin) {
      placed = fill_row(m, pinned_compact, rule_.precedence_from(n, pinned_compact[m.front()]));
      // Tell the secretary when "No.1 alone" changed the row from what the rule gives.
      const auto ruled =
          fill_row(m, pinned_compact, rule_.precedence(n, static_cast<int>(m.size())));
      if (ruled != placed && m.size() > 1) {
        plan.warnings.push_back("第" + std::to_string(r) + "排：排首" + people[m.front()].name +
                                "固定在第" + std::to_string(people[m.front()].pin->seat) +
                                "座（座位视角），其余人员自该座位向外交替排列，上位一侧优先");
      }
    } else {
      placed = fill_row(m, pinned_compact, rule_.precedence(n, static_cast<int>(m.size())));
    }
    chart_row chart;
    chart.row = r;
    chart.from_seat.assign(static_cast<std::size_t>(rows[r - 1]), std::nullopt);
    for (const auto& b : blocked_set) {
      if (b.row == r) chart.blocked.push_back(b.seat);
    }
    for (const auto& [who, c] : placed) {
      const int physical = seats[static_cast<std::size_t>(c - 1)];
      placed_seat ps;
      ps.person = who;
      ps.row = r;
      ps.seat_from_seat = physical;
      ps.seat_from_audience = rows[r - 1] + 1 - physical;
      ps.pinned = people[who].pin.has_value();
      plan.seats.push_back(ps);
      chart.from_seat[static_cast<std::size_t>(physical - 1)] = who;
    }
    plan.rows.push_back(std::move(chart));
  }
  std::sort(plan.seats.begin(), plan.seats.end(), [&](const placed_seat& a, const placed_seat& b) {
    return position[a.person] < position[b.person];
  });
  return plan;
}

}  // namespace huiwu::seating
