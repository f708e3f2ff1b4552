#include "random_source.hpp"

#include <algorithm>

#include "base/utf8.hpp"

namespace huiwu::ot::testing {

std::uint64_t random_source::next() noexcept {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

char32_t random_source::code_point() noexcept {
  static constexpr char32_t edges[] = {
      U'\u007F',     U'\u0080', U'\u07FF', U'\u0800', U'\uFFFD', U'\uFFFF', U'\U00010000',
      U'\U0010FFFF', U'"',      U'\\',     U'\t',     U'\u2028', U'\u200D', U'\uFEFF'};
  const std::size_t r = below(100);
  if (r < 30) return static_cast<char32_t>(U'a' + below(26));
  if (r < 34) return r < 32 ? U' ' : U'\n';
  if (r < 38) return static_cast<char32_t>(0x00C0 + below(0x0250 - 0x00C0));  // Latin
  if (r < 46) return static_cast<char32_t>(0x0300 + below(0x70));             // combining marks
  if (r < 62) return static_cast<char32_t>(0x4E00 + below(0x5200));           // CJK
  if (r < 66) return static_cast<char32_t>(0xAC00 + below(0x2BA4));           // Hangul
  if (r < 78) return static_cast<char32_t>(0x1F300 + below(0x800));           // emoji
  if (r < 90) return static_cast<char32_t>(0x20000 + below(0xA6E0));          // CJK Ext B
  return edges[below(std::size(edges))];
}

std::string random_source::text(std::size_t n) {
  std::string s;
  s.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) utf8::encode(code_point(), s);
  return s;
}

text_operation random_source::operation(std::size_t base_length, std::size_t max_chunk) {
  text_operation op;
  std::size_t left = base_length;
  while (left > 0) {
    const std::size_t r = below(100);
    if (r < 20) {
      const std::size_t n = 1 + below(max_chunk);
      const std::string t = text(n);
      op.insert_counted(t, n, percent(30));  // some continue their writer's text
      continue;
    }
    const std::size_t k = 1 + below(std::min(left, max_chunk));
    if (r < 60) {
      op.retain(k);
    } else {
      op.erase(k);
    }
    left -= k;
  }
  if (percent(30)) {
    const std::size_t n = 1 + below(max_chunk);
    const std::string t = text(n);
    op.insert_counted(t, n, percent(30));  // at the very end
  }
  return op;
}

}  // namespace huiwu::ot::testing
