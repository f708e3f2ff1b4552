#include "export/attendance.hpp"

#include <algorithm>

#include "seating/people_order.hpp"

namespace huiwu::exports {

std::vector<int> name_order(const v1::Meeting& m) {
  std::vector<int> ranked, unranked;
  for (int i = 0; i < m.attendees_size(); ++i) {
    (m.attendees(i).rank() > 0 ? ranked : unranked).push_back(i);
  }
  // Equal ranks keep the list's order: the secretary typed them that way.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](int a, int b) { return m.attendees(a).rank() < m.attendees(b).rank(); });
  std::vector<seating::person> people;
  for (int i : unranked) {
    seating::person p;
    p.id = m.attendees(i).id();
    p.name = m.attendees(i).name();
    p.reserved = p.name.empty();
    people.push_back(std::move(p));
  }
  auto sorted = seating::people_order::sort(people, seating::name_order::stroke);
  std::vector<int> out = ranked;
  if (sorted) {
    for (auto k : sorted->order) out.push_back(unranked[k]);
  } else {
    out.insert(out.end(), unranked.begin(), unranked.end());  // nothing to collate: as listed
  }
  return out;
}

attendance_lines attendance_of(const v1::Meeting& m) {
  attendance_lines out;
  for (int i : name_order(m)) {
    const auto& a = m.attendees(i);
    if (a.name().empty()) continue;
    if (a.attendance() == v1::ATTENDANCE_LEAVE) {
      out.on_leave.push_back(a.name());
    } else if (a.attendance() == v1::ATTENDANCE_ABSENT || a.role() == v1::ROLE_SECRETARY) {
      continue;
    } else if (a.role() == v1::ROLE_OBSERVER) {
      out.sat_in.push_back(a.unit().empty() ? a.name() : a.name() + "（" + a.unit() + "）");
    } else {
      out.attended.push_back(a.name());
    }
  }
  return out;
}

}  // namespace huiwu::exports
