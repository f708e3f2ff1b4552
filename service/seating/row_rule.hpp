// The podium rule for one row (DOMAIN.md "Seating"), as the order in which seats are
// taken: precedence(n, k)[i] is the seat of the row's No.(i+1). Seats are numbered
// 1..n left to right as seen from the seat (facing the audience).
//
// Every variant is "No.1 at an anchor seat, then alternate outward":
//   odd k      No.1 at the centre, No.2 on the superior side, No.3 on the other ...
//   even k, A  No.1 and No.2 on the two centre seats, No.1 on the superior one, then
//              No.3 beside No.1, No.4 beside No.2 ... (alternation, other side first)
//   even k, B  the odd rule carried over: No.1 on the inferior centre seat, No.2 on
//              No.1's superior side ...
// The superior side is the seat's left under 以左为上 and its right under 以右为上 (the
// mirror image). A row with fewer people than seats is centred; when the free seats
// cannot split evenly, the block sits so that No.1 is as near the physical centre as
// the rule allows: on the centre seat of an odd row, or on the centre seat a full row
// of that even count gives No.1 (A: the superior one, B: the other one).
#pragma once

#include <vector>

#include "seating/seating_types.hpp"

namespace huiwu::seating {

class row_rule {
 public:
  row_rule(convention c, even_rule e) : convention_(c), even_(e) {}

  // All n seats in precedence order for a row of k people (0 <= k <= n): the first k are
  // the rule's seats; the rest continue the alternation outward, for when pins displace
  // people past the centred block.
  std::vector<int> precedence(int n, int k) const;

  // "No.1 alone": precedence when the row's No.1 is pinned to `anchor`; everybody else
  // alternates outward from that seat, superior side first. DOMAIN.md offers this for
  // a No.1 who outranks No.2 by a full grade and sits alone at the physical centre.
  std::vector<int> precedence_from(int n, int anchor) const;

  // The seat the rule gives No.1 in a row of n seats.
  int anchor(int n) const;

 private:
  // Works in 以左为上 coordinates (superior side = lower seat numbers), then mirrors.
  std::vector<int> alternate(int n, int anchor, bool superior_first) const;
  int mirrored(int n, int seat) const {
    return convention_ == convention::left ? seat : n + 1 - seat;
  }

  convention convention_;
  even_rule even_;
};

}  // namespace huiwu::seating
