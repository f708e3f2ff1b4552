// The two parties of a 会见 or 会谈, split from the ordered list: each side's members in
// order (the first is that side's principal), its interpreters and its note takers.
#pragma once

#include <vector>

#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

struct party {
  std::vector<std::size_t> members;  // No.1 = principal
  std::vector<std::size_t> interpreters;
  std::vector<std::size_t> note_takers;
};

struct table_parties {
  party host;
  party guest;

  // Every person needs a side; each side needs at least one member (its principal);
  // pins are refused because positions follow side, role and rank.
  static result<table_parties> split(const std::vector<person>& people,
                                     const std::vector<std::size_t>& order, std::string_view what);
};

}  // namespace huiwu::seating
