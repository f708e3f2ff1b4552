// 会见 (meeting a guest), modelled as the front line of sofas or chairs facing the room,
// seen from the seats: the host's party on the left, the host at the centre-left, the
// principal guest on the host's right, the guest's party on the right; each party by
// rank outward from its principal. Row 2, behind the principals: the interpreters
// nearest the centre (host's on the left, guest's on the right), the note takers
// outside them. DOMAIN.md fixes the guest on the host's right, so the request's
// convention does not apply here.
#pragma once

#include <vector>

#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

class meeting_planner {
 public:
  // seats_per_side: front-row seats on each side (0 = as many as that side needs);
  // a side's spare seats are at its outer end.
  result<seating_plan> plan(const table_layout& layout, const std::vector<person>& people,
                            const std::vector<std::size_t>& order) const;
};

}  // namespace huiwu::seating
