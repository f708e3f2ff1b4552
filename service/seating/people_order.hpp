// Puts people (or units) into protocol order: by explicit rank, by strokes under either
// single-given-name convention, or by pinyin (see name_key.hpp for the comparison). The
// result says which rule it used, in the words a published list uses ("按姓氏笔画为序"),
// and warns about every place where the data or the input left a choice to the engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

struct order_note {
  std::vector<int> strokes;  // per compared Han character (stroke orders only)
  std::string pinyin;        // pinyin order only
};

struct ordered_people {
  std::vector<std::size_t> order;  // indices into the input, first = No.1
  std::vector<order_note> notes;   // per input index
  std::vector<std::string> warnings;
};

class people_order {
 public:
  // Orders `people`. With "rank" every person needs a distinct rank; with the other
  // orders the rank is ignored. Reserved placeholders without a name go after everyone
  // under a name order (they have nothing to collate) and say so in a warning.
  // `by_side` (会见 / 会谈): each side keeps its own list, so ranks need only be distinct
  // within a side, and the result lists the host side, then the guest side.
  static result<ordered_people> sort(const std::vector<person>& people, name_order order,
                                     bool by_side = false);

  // Orders unit (delegation) names: rank from `units`, or collation of the names as
  // written (no surname rules). Used by audience blocks.
  static result<ordered_people> sort_units(const std::vector<unit_entry>& units, name_order order);

  // The rule as a published list states it: "按姓氏笔画为序" ...
  static std::string_view label(name_order order);
  static std::string_view code(name_order order);
};

}  // namespace huiwu::seating
