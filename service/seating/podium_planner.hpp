// Seats an ordered list on a podium (主席台) of one or more rows.
//   * Front rows fill first: the unpinned people, in order, take the free seats of row 1,
//     then row 2 ...; a row's head count is its pinned plus its assigned people.
//   * Each row follows row_rule for its own head count, centred (see row_rule.hpp).
//   * Blocked seats (left empty on purpose) are taken out of the row and the rule runs on
//     the remaining seats as if they were adjacent: a gap for a lectern in the middle
//     puts No.1 and No.2 either side of it; a blocked end seat shortens the row.
//   * Pins: a pinned person keeps the seat; the others take the rule's seats in order,
//     skipping pinned ones. When the row's own No.1 is pinned, the others alternate
//     outward from that seat, superior side first ("No.1 alone", DOMAIN.md), and a
//     warning says so if that differs from the unpinned rule.
#pragma once

#include <vector>

#include "seating/row_rule.hpp"
#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

class podium_planner {
 public:
  podium_planner(convention c, even_rule e) : rule_(c, e) {}

  // `rows`: seats per row, front first. `blocked`: seats left empty (seen from the seat).
  // `order`: indices into `people`, No.1 first. Pins are seen from the seat.
  result<seating_plan> plan(const std::vector<int>& rows, const std::vector<seat_ref>& blocked,
                            const std::vector<person>& people,
                            const std::vector<std::size_t>& order) const;

 private:
  row_rule rule_;
};

}  // namespace huiwu::seating
