// Surnames as name ordering needs them (data-tools/surnames.tsv, compiled into the
// generated table): which prefix of a Han name is the surname, and the surname readings
// that differ from a character's common one (单 Shàn, 曾 Zēng, 尉迟 Yùchí ...).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace huiwu::seating {

struct syllable_reading {
  int syllable = -1;  // rank, see char_table::syllable_text
  int tone = 0;
  auto operator<=>(const syllable_reading&) const = default;
};

class surname_table {
 public:
  // Length in characters of the surname at the start of `name` (Han characters only,
  // separators already removed): a listed compound surname when at least one character
  // follows it, otherwise 1. A two-character name is always surname + given name, so
  // 司马 alone is 司 + 马.
  static std::size_t surname_length(std::u32string_view name);

  // The surname reading of `surname` (one entry per character), or nullopt when the
  // table does not list it and the characters' common readings apply.
  static std::optional<std::vector<syllable_reading>> reading(std::u32string_view surname);

  // True if `surname` is a listed compound surname.
  static bool is_compound(std::u32string_view surname);
};

}  // namespace huiwu::seating
