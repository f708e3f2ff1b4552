#include "base/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace huiwu::utf8 {
namespace {

// Eight bytes are all ASCII when none has its top bit set.
inline bool ascii8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return (w & 0x8080808080808080ULL) == 0;
}

// Number of code points starting in eight bytes: the bytes that are not 10xxxxxx.
// (w << 1) brings each byte's bit 6 under its bit 7; bit 7 alone marks a continuation.
inline int leads8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const std::uint64_t cont = w & ~(w << 1) & 0x8080808080808080ULL;
  // The bytes' marks summed by one multiply into the top byte: without -mpopcnt,
  // std::popcount is a call into libgcc, which made this walk the minutes' hot spot.
  return 8 - static_cast<int>(((cont >> 7) * 0x0101010101010101ULL) >> 56);
}

}  // namespace

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::optional<std::size_t> count(std::string_view s) noexcept {
  const std::size_t size = s.size();
  std::size_t pos = 0;
  std::size_t n = 0;
  while (pos < size) {
    // Eight ASCII bytes at once, tried once per eight bytes of mixed text (see below).
    if (size - pos >= 8 && ascii8(s.data() + pos)) {
      pos += 8, n += 8;
      continue;
    }
    const std::size_t stop = std::min(size, pos + 8);
    while (pos < stop) {
      const auto b0 = static_cast<unsigned char>(s[pos]);
      if (b0 < 0x80) {
        ++pos, ++n;
        continue;
      }
      // Leads E1..EC and EE..EF take any two continuation bytes (no overlong form, no
      // surrogate among them): most of Chinese text, checked without the full decoder.
      if (((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) && size - pos >= 3 &&
          is_continuation(static_cast<unsigned char>(s[pos + 1])) &&
          is_continuation(static_cast<unsigned char>(s[pos + 2]))) {
        pos += 3, ++n;
        continue;
      }
      if (!decode(s, pos)) return std::nullopt;
      ++n;
    }
  }
  return n;
}

std::size_t count_valid(std::string_view valid) noexcept {
  std::size_t pos = 0, n = 0;
  for (; valid.size() - pos >= 8; pos += 8)
    n += static_cast<std::size_t>(leads8(valid.data() + pos));
  for (; pos < valid.size(); ++pos)
    n += is_continuation(static_cast<unsigned char>(valid[pos])) ? 0 : 1;
  return n;
}

advance_status advance(std::string_view s, std::size_t& pos, std::size_t n) noexcept {
  while (n > 0) {
    if (n >= 8 && s.size() - pos >= 8 && ascii8(s.data() + pos)) {
      pos += 8, n -= 8;
      continue;
    }
    if (pos >= s.size()) return advance_status::truncated;
    if (!decode(s, pos)) return advance_status::invalid;
    --n;
  }
  return advance_status::ok;
}

bool skip(std::string_view s, std::size_t& pos, std::size_t n) noexcept {
  const std::size_t size = s.size();
  // Whole words while they hold no more code points than are left to skip.
  while (size - pos >= 8) {
    const auto leads = static_cast<std::size_t>(leads8(s.data() + pos));
    if (leads > n) break;
    n -= leads;
    pos += 8;
    if (n == 0) break;
  }
  // Then byte by byte: pass n lead bytes and the continuation bytes after each.
  while (pos < size && is_continuation(static_cast<unsigned char>(s[pos]))) ++pos;
  for (; n > 0; --n) {
    if (pos >= size) return false;
    ++pos;
    while (pos < size && is_continuation(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  return true;
}

std::size_t offset_of(std::string_view valid, std::size_t index) noexcept {
  std::size_t pos = 0;
  // Every code point starts with exactly one non-continuation byte.
  for (; pos < valid.size(); ++pos) {
    if (!is_continuation(static_cast<unsigned char>(valid[pos]))) {
      if (index == 0) return pos;
      --index;
    }
  }
  return valid.size();
}

std::string replace_invalid(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t from = pos;
    if (decode(s, pos)) {
      out.append(s.substr(from, pos - from));
    } else {
      out.append("\xEF\xBF\xBD");  // U+FFFD
      ++pos;
    }
  }
  return out;
}

std::optional<std::u32string> decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto cp = decode(s, pos);
    if (!cp) return std::nullopt;
    out.push_back(*cp);
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) encode(cp, out);
  return out;
}

}  // namespace huiwu::utf8
