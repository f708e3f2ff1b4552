// Per-character facts for name ordering, from the table generated at build time:
// simplified stroke count (Unihan kTotalStrokes), stroke shapes in writing order folded
// into the five national classes (cnchar-order), and the customary Mandarin reading
// (Unihan kMandarin and fallbacks). Lookups are binary searches in static data: no
// allocation, no I/O, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace huiwu::seating {

struct char_info {
  char32_t cp = 0;
  int strokes = 0;           // simplified-form stroke count
  std::string_view shapes;   // '1'..'5' per stroke; empty when the data set lacks it
  int syllable = -1;         // rank of the toneless syllable; -1 when no reading
  int tone = 0;              // 1..4, 5 = neutral; 0 when no reading
  bool traditional = false;  // a traditional form whose simplified form differs
};

class char_table {
 public:
  // Facts about cp, or nullopt when Unihan gives it no stroke count (not a CJK
  // ideograph known to this Unicode version).
  static std::optional<char_info> find(char32_t cp);

  // The toneless syllable of a rank, e.g. "zeng" or "lü".
  static std::string_view syllable_text(int syllable);

  // The syllable written with its tone mark, e.g. (zeng, 1) -> "zēng", (lü, 3) -> "lǚ".
  static std::string with_tone_mark(int syllable, int tone);

  // Where the data came from ("Unihan 15.0.0 (Debian unicode-data), cnchar-order 3.2.6").
  static std::string_view source_note();
};

}  // namespace huiwu::seating
