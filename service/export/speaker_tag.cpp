#include "export/speaker_tag.hpp"

#include "base/utf8.hpp"
#include "followup/text_util.hpp"

namespace huiwu::exports {
namespace {

// ECMAScript's WhiteSpace and LineTerminator, which \s matches (ECMA-262 22.2.2.9).
bool js_space(char32_t c) {
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool is_colon(char32_t c) {
  return c == U'：' || c == U':';
}

bool not_in_name(char32_t c) {
  return js_space(c) || is_colon(c) || c == U'，' || c == U'。' || c == U',' || c == U'.' ||
         c == U'!' || c == U'?' || c == U'！' || c == U'？';
}

}  // namespace

std::optional<speaker_tag> find_speaker(std::string_view paragraph) {
  constexpr std::size_t max_units = 16;
  std::size_t pos = 0;
  std::size_t units = 0;
  while (pos < paragraph.size()) {
    const std::size_t start = pos;
    const auto cp = utf8::decode(paragraph, pos);
    if (!cp) return std::nullopt;
    if (is_colon(*cp)) {
      if (units == 0) return std::nullopt;
      return speaker_tag{paragraph.substr(0, start), paragraph.substr(pos)};
    }
    // The name is the longest run of allowed characters: only a colon may end it.
    if (not_in_name(*cp)) return std::nullopt;
    units += *cp > 0xFFFF ? 2 : 1;
    if (units > max_units) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace huiwu::exports
