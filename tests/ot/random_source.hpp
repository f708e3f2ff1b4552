// Seeded randomness for the OT tests and the vector generator. splitmix64 and plain
// modulo, not <random> distributions: those differ between standard libraries, and
// tests/ot/vectors.json must regenerate byte for byte anywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ot/text_operation.hpp"

namespace huiwu::ot::testing {

class random_source {
 public:
  explicit random_source(std::uint64_t seed) noexcept : state_(seed) {}

  std::uint64_t next() noexcept;
  // Uniform enough in [0, n) for n > 0 (modulo bias is irrelevant at these sizes).
  std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>(next() % n); }
  bool percent(unsigned p) noexcept { return below(100) < p; }

  // A code point from a weighted mix: ASCII, newlines, Latin, combining marks, CJK,
  // Hangul, emoji (surrogate pairs in JS), CJK Extension B, and edge values of the
  // UTF-8/UTF-16 encodings (U+007F/0080, U+07FF/0800, U+FFFF/10000, U+10FFFF,
  // quotes and backslashes for the JSON writer, U+2028).
  char32_t code_point() noexcept;
  // UTF-8 text of exactly n code points.
  std::string text(std::size_t n);
  // A random operation on a document of base_length code points, with chunks of at
  // most max_chunk code points (small chunks make collisions between two operations
  // frequent: same-place inserts, overlapping deletes).
  text_operation operation(std::size_t base_length, std::size_t max_chunk = 4);

 private:
  std::uint64_t state_;
};

}  // namespace huiwu::ot::testing
