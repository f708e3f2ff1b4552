// Declarations of the character table that data-tools/gen_char_table.py writes into the
// build tree at build time (from Unihan and cnchar-order; see docs/seating.md). Only
// char_table.cpp and surname_table.cpp read these arrays; everyone else uses those
// classes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace huiwu::seating::data {

// One record per character with a Unihan kTotalStrokes, sorted by code point:
//   bits  0..20 code point          bits 21..27 stroke count (simplified, first value)
//   bits 28..37 syllable index + 1 (0 = no reading)    bits 38..40 tone 1..5
//   bits 41..54 shape index + 1 (0 = no stroke-shape data)
//   bit  55     traditional form (has a simplified variant other than itself)
extern const std::uint64_t char_records[];
extern const std::size_t char_record_count;

// Stroke shapes of shape index i: shape_digits[shape_offsets[i] .. shape_offsets[i+1]),
// one digit per stroke in writing order, 1 横 2 竖 3 撇 4 点 5 折.
extern const char shape_digits[];
extern const std::uint32_t shape_offsets[];
extern const std::size_t shape_count;

// Toneless syllables ("lü" in UTF-8), sorted in dictionary order: the index is the rank.
extern const char* const syllables[];
extern const std::size_t syllable_count;

// Surname table (data-tools/surnames.tsv): compound surnames and surname readings.
// reading[i] = syllable index << 3 | tone, for each of the `length` characters.
struct surname_record {
  const char* text;  // UTF-8
  std::uint8_t length;
  std::uint16_t reading[2];
};
extern const surname_record surnames[];
extern const std::size_t surname_count;

extern const char source_note[];

}  // namespace huiwu::seating::data
