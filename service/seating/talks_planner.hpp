// 会谈 (talks at a long table). Each side is a row of `seats_per_side` seats numbered
// 1.. left to right as seen by the people sitting there; host seat i faces guest seat
// S+1-i. The principals sit at the middle of their sides, facing each other (with an
// even S the host takes the left-centre seat and the guest the seat facing it). Each
// side's first interpreter sits on its principal's right; the rest of the side
// alternates outward by rank, skipping the interpreter's seat, the superior side first
// (以右为上 unless the request says "left"). Further interpreters and the note takers
// sit in row 2 behind their side, from the centre outward.
// The door: "side" — the host side has its back to the door, the guests face it;
// "end" — the table's end points at the door and the guests take the right-hand side as
// one enters (their seat 1 is the one nearest the door).
#pragma once

#include <vector>

#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

class talks_planner {
 public:
  explicit talks_planner(convention c) : convention_(c) {}

  // seats_per_side 0 = the smallest odd count that seats the larger side.
  result<seating_plan> plan(const table_layout& layout, const std::vector<person>& people,
                            const std::vector<std::size_t>& order) const;

 private:
  convention convention_;
};

}  // namespace huiwu::seating
