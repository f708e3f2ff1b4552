#include "seating/seat_diff.hpp"

#include <map>

namespace huiwu::seating {

seat_changes seat_diff::compare(const std::vector<previous_seat>& previous, const seating_plan& now,
                                const std::vector<person>& people) {
  std::map<std::string, const previous_seat*, std::less<>> before;
  for (const auto& p : previous) before.emplace(p.id, &p);
  std::map<std::string, bool, std::less<>> seated_now;

  seat_changes out;
  for (const auto& s : now.seats) {
    previous_seat here{people[s.person].id, s.side, s.row, s.seat_from_seat};
    seated_now[here.id] = true;
    auto it = before.find(here.id);
    if (it == before.end()) {
      out.added.push_back(here);
    } else if (it->second->row != here.row || it->second->seat_from_seat != here.seat_from_seat ||
               it->second->side != here.side) {
      out.moved.push_back({here.id, *it->second, here});
    } else {
      ++out.unchanged;
    }
  }
  for (const auto& p : previous) {
    if (!seated_now.count(p.id)) out.removed.push_back(p);
  }
  return out;
}

}  // namespace huiwu::seating
