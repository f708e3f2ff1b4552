// Small builders shared by the seating tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "seating/seating_types.hpp"

namespace huiwu::seating::testing {

// People p1..pn with ranks 1..n and names 甲1...
inline std::vector<person> ranked_people(int n) {
  std::vector<person> people;
  for (int i = 1; i <= n; ++i) {
    person p;
    p.id = "p" + std::to_string(i);
    p.name = "人" + std::to_string(i);
    p.rank = i;
    people.push_back(p);
  }
  return people;
}

inline std::vector<std::size_t> identity_order(std::size_t n) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  return order;
}

// "4 2 1 3 5": the rank (1-based position in `order`) sitting in each seat of a chart row,
// "_" for a free seat, "x" for a blocked one.
inline std::string ranks_in(const chart_row& row, const std::vector<std::size_t>& order,
                            bool from_audience = false) {
  std::vector<std::size_t> rank_of(order.size() + 64, 0);
  for (std::size_t i = 0; i < order.size(); ++i) rank_of[order[i]] = i + 1;
  std::vector<std::string> cells;
  for (std::size_t s = 0; s < row.from_seat.size(); ++s) {
    const int seat = static_cast<int>(s) + 1;
    bool blocked = false;
    for (int b : row.blocked) blocked = blocked || b == seat;
    if (blocked) {
      cells.push_back("x");
    } else if (row.from_seat[s]) {
      cells.push_back(std::to_string(rank_of[*row.from_seat[s]]));
    } else {
      cells.push_back("_");
    }
  }
  if (from_audience) cells = std::vector<std::string>(cells.rbegin(), cells.rend());
  std::string out;
  for (const auto& c : cells) out += (out.empty() ? "" : " ") + c;
  return out;
}

}  // namespace huiwu::seating::testing
