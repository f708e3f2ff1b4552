// Sort keys for names under the protocol orderings (DOMAIN.md "Ordering names"):
//   stroke       笔画序, 按姓氏笔画: a single-character given name is compared as a blank
//                followed by that character, and the blank sorts first (田富 < 田大利);
//   stroke_full  笔画序, 按姓名笔画: characters compared as written (田大利 < 田富);
//   pinyin       音序: surname reading (from the surname table where it differs from the
//                common one), then the given name, syllable by syllable.
// A stroke comparison of two characters is: simplified stroke count, then stroke shapes
// in writing order (横 < 竖 < 撇 < 点 < 折), then the code point (the national rule's
// further criteria are not in the data; a warning says when that decided). A pinyin
// comparison is: syllable letters (ü after u), tone 1-4 then neutral, then the stroke
// comparison, so that different characters with one reading stay in separate groups.
// Names in Latin script sort after all Chinese names, case-insensitively; anything else
// sorts last by code point.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

enum class name_script { han = 0, latin = 1, other = 2 };

// One compared position. All-zero is the blank of the 姓氏笔画 convention.
struct key_unit {
  std::uint32_t primary = 0;    // stroke count, or syllable rank + 1, or folded letter
  std::uint32_t secondary = 0;  // tone (pinyin only)
  std::uint32_t strokes = 0;
  std::string shapes;  // '1'..'5' per stroke; "9" when unknown (sorts after)
  char32_t cp = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads defaulted <=>
  auto operator<=>(const key_unit&) const = default;
};

struct name_key {
  name_script script = name_script::han;
  std::vector<key_unit> units;

  // For the ordered list the response shows, and for warnings.
  std::u32string text;             // the name as compared (spaces removed)
  std::size_t surname_length = 0;  // Han names without a separator only
  std::vector<int> strokes;        // per compared Han character
  std::string pinyin;              // pinyin order only, e.g. "Zēng Guófān"
  std::u32string no_shapes;        // characters without stroke-shape data
  std::u32string no_reading;       // characters without a reading
  std::u32string unknown;          // Han-looking characters without Unihan data
  std::u32string traditional;      // traditional forms, counted as written

  // Script first, then the units. (The display fields do not take part.)
  std::weak_ordering operator<=>(const name_key& o) const;
  bool operator==(const name_key& o) const { return std::is_eq(*this <=> o); }
};

class name_key_builder {
 public:
  // `order` must not be name_order::rank, which needs no key.
  explicit name_key_builder(name_order order) : order_(order) {}

  // The key of `name` (UTF-8). `surname_hint`, when not empty, says which prefix of the
  // name is the surname (overriding the compound-surname table); it must be a proper
  // prefix. Errors: malformed UTF-8, an empty name, a hint that is not a prefix.
  result<name_key> build(std::string_view name, std::string_view surname_hint = {}) const;

  // The key of a unit or delegation name: characters as written, no surname logic and
  // common readings only.
  result<name_key> build_plain(std::string_view name) const;

 private:
  result<name_key> build_impl(std::string_view name, std::string_view surname_hint,
                              bool personal) const;

  name_order order_;
};

// "陈" -> "「陈」" (for warnings).
std::string quoted(std::u32string_view text);

}  // namespace huiwu::seating
