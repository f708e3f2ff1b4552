// What moved between two seatings of the same meeting: the secretary re-computes after
// someone is added, removed or re-ranked and must see every change, never discover it on
// the printed chart.
#pragma once

#include <string>
#include <vector>

#include "seating/seating_types.hpp"

namespace huiwu::seating {

// A seat as a previous plan reported it.
struct previous_seat {
  std::string id;
  party_side side = party_side::none;
  int row = 0;
  int seat_from_seat = 0;
};

struct seat_move {
  std::string id;
  previous_seat from;
  previous_seat to;
};

struct seat_changes {
  std::vector<seat_move> moved;        // same person, another seat
  std::vector<previous_seat> added;    // seated now, not before
  std::vector<previous_seat> removed;  // seated before, not now
  int unchanged = 0;
};

class seat_diff {
 public:
  // Compares by person id; `moved` and `added` follow the new plan's order, `removed`
  // the previous list's.
  static seat_changes compare(const std::vector<previous_seat>& previous, const seating_plan& now,
                              const std::vector<person>& people);
};

}  // namespace huiwu::seating
