// 台下: the audience area, `rows` x `seats`, filled by delegation or unit. Units come in
// protocol order and each unit's people in the person order; a unit takes consecutive
// seats of one fill sequence:
//   rows (横排)     row 1 from the superior end across, then row 2 ...
//   columns (竖排)  the column at the superior end front to back, then the next column ...
//   centre (左右排列) the centre aisle splits each row; unit 1 takes the superior side of
//                   the aisle, unit 2 the other side, unit 3 the superior side again
//                   (after unit 1) ...; each side fills row by row from the aisle outward.
//                   A unit that no longer fits on its side goes to the other side whole
//                   if it can, else it is split; both are warned about.
// Left and right here are the podium's (facing the audience), like the podium rule, so
// under 以左为上 the superior end is the audience's right. Seat numbers in the plan are
// the audience's own (facing the podium; seat_from_seat == seat_from_audience), and
// seat_from_podium is the mirror.
#pragma once

#include <string>
#include <vector>

#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

class audience_planner {
 public:
  explicit audience_planner(convention c) : convention_(c) {}

  // `units`: unit names in protocol order; every person's unit must be one of them.
  // `order`: person indices in person order. Pins and blocked seats are seen from the
  // seat (facing the podium).
  result<seating_plan> plan(const audience_layout& layout, const std::vector<std::string>& units,
                            const std::vector<person>& people,
                            const std::vector<std::size_t>& order) const;

 private:
  convention convention_;
};

}  // namespace huiwu::seating
