// The one UTF-8 codec of the server (service/base): the OT core counts positions in code
// points over UTF-8 text, the seating engine compares names per character, the follow-up
// core checks and escapes texts. "Valid" means well-formed per RFC 3629: no overlong
// forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace huiwu::utf8 {

constexpr bool is_continuation(unsigned char b) noexcept {
  return (b & 0xC0) == 0x80;
}

// Decodes the code point starting at s[pos] and moves pos past it; nullopt (pos
// unchanged) if the bytes there are not one well-formed sequence. Inline: the printers and
// the validators call it once per character.
inline std::optional<char32_t> decode(std::string_view s, std::size_t& pos) noexcept {
  if (pos >= s.size()) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  std::size_t len;
  char32_t cp;
  char32_t min;  // smallest code point this length may encode: rejects overlong forms
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;  // a stray continuation byte or 0xF8..0xFF
  }
  if (s.size() - pos < len) return std::nullopt;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if (!is_continuation(b)) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += len;
  return cp;
}

// Appends the UTF-8 form of cp. Precondition: cp is a scalar value (not a surrogate,
// at most U+10FFFF).
void encode(char32_t cp, std::string& out);

// s with every byte that does not start a well-formed sequence replaced by U+FFFD: for
// text from outside (an OS error message, a peer's bytes) on its way into a log line.
std::string replace_invalid(std::string_view s);

// The code points of s, or nullopt if s is not valid UTF-8.
std::optional<std::u32string> decode(std::string_view s);
// The UTF-8 form of code points (each a scalar value).
std::string encode(std::u32string_view s);

// Number of code points in s, or nullopt if s is not valid UTF-8.
std::optional<std::size_t> count(std::string_view s) noexcept;

// Number of code points in s, which must already be valid UTF-8 (no checks: counts lead
// bytes, eight at a time). For text validated when it entered, such as an item's minutes.
std::size_t count_valid(std::string_view valid) noexcept;

inline bool is_valid(std::string_view s) noexcept {
  return count(s).has_value();
}

enum class advance_status { ok, truncated, invalid };

// Moves pos forward over n code points of s, validating them. ASCII runs are
// skipped eight bytes at a time. On `truncated` or
// `invalid` pos is left where the walk stopped.
advance_status advance(std::string_view s, std::size_t& pos, std::size_t n) noexcept;

// Moves pos forward over n code points of s without validating: the one-pass walk
// under apply() and invert(), whose documents are valid by construction (only
// validated text ever enters them). Counts lead bytes, eight bytes at a time; a stray
// continuation byte is carried along with the code point before it. False (pos at
// s.size()) if s ends first.
bool skip(std::string_view s, std::size_t& pos, std::size_t n) noexcept;

// Byte offset of code point `index` in s, which must already be valid UTF-8
// (no checks: counts lead bytes). An index past the end gives s.size().
std::size_t offset_of(std::string_view valid, std::size_t index) noexcept;

}  // namespace huiwu::utf8
