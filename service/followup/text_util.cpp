#include "followup/text_util.hpp"

#include "base/utf8.hpp"

namespace huiwu::followup {

std::string_view trim(std::string_view s) {
  constexpr std::string_view ideographic_space = "\xE3\x80\x80";
  auto ascii_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  for (;;) {
    if (!s.empty() && ascii_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(ideographic_space)) {
      s.remove_prefix(ideographic_space.size());
    } else if (!s.empty() && ascii_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(ideographic_space)) {
      s.remove_suffix(ideographic_space.size());
    } else {
      return s;
    }
  }
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto cp = utf8::decode(s, pos);
    if (!cp) {
      ++pos;
      ++width;
      continue;
    }
    const char32_t c = *cp;
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
                      (c >= 0x20000 && c <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

}  // namespace huiwu::followup
