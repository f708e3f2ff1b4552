#include "seating/char_table.hpp"

#include <algorithm>

#include "base/utf8.hpp"
#include "seating/char_table_data.hpp"

namespace huiwu::seating {

namespace {

// Record layout: see char_table_data.hpp (and gen_char_table.py, which writes it).
constexpr std::uint64_t field(std::uint64_t rec, int shift, int bits) {
  return (rec >> shift) & ((std::uint64_t{1} << bits) - 1);
}

}  // namespace

std::optional<char_info> char_table::find(char32_t cp) {
  const std::uint64_t* begin = data::char_records;
  const std::uint64_t* end = begin + data::char_record_count;
  const std::uint64_t* it = std::lower_bound(
      begin, end, cp, [](std::uint64_t rec, char32_t c) { return field(rec, 0, 21) < c; });
  if (it == end || field(*it, 0, 21) != cp) return std::nullopt;
  const std::uint64_t rec = *it;
  char_info info;
  info.cp = cp;
  info.strokes = static_cast<int>(field(rec, 21, 7));
  if (const auto syl = field(rec, 28, 10); syl != 0) {
    info.syllable = static_cast<int>(syl - 1);
    info.tone = static_cast<int>(field(rec, 38, 3));
  }
  if (const auto shape = field(rec, 41, 14); shape != 0 && shape <= data::shape_count) {
    const std::uint32_t from = data::shape_offsets[shape - 1];
    const std::uint32_t to = data::shape_offsets[shape];
    info.shapes = std::string_view(data::shape_digits + from, to - from);
  }
  info.traditional = field(rec, 55, 1) != 0;
  return info;
}

std::string_view char_table::syllable_text(int syllable) {
  if (syllable < 0 || static_cast<std::size_t>(syllable) >= data::syllable_count) return {};
  return data::syllables[syllable];
}

std::string char_table::with_tone_mark(int syllable, int tone) {
  const auto text = utf8::decode(syllable_text(syllable));
  if (!text || text->empty()) return {};
  std::u32string s = *text;
  if (tone < 1 || tone > 4) return utf8::encode(s);
  // The standard placement: a or e takes the mark; in "ou" the o; otherwise the last
  // vowel (so "iu" marks u and "ui" marks i). Syllabic m/n/ng carry it on m or n.
  static constexpr std::u32string_view vowels = U"aeiouü";
  std::size_t at = s.find_first_of(U"ae");
  if (at == std::u32string::npos) at = s.find(U"ou");
  if (at == std::u32string::npos) at = s.find_last_of(vowels);
  if (at == std::u32string::npos) at = s.find_first_of(U"mn");
  if (at == std::u32string::npos) return utf8::encode(s);
  static constexpr char32_t marked[8][4] = {{U'ā', U'á', U'ǎ', U'à'}, {U'ē', U'é', U'ě', U'è'},
                                            {U'ī', U'í', U'ǐ', U'ì'}, {U'ō', U'ó', U'ǒ', U'ò'},
                                            {U'ū', U'ú', U'ǔ', U'ù'}, {U'ǖ', U'ǘ', U'ǚ', U'ǜ'},
                                            {0, U'ń', U'ň', U'ǹ'},    {0, U'ḿ', 0, 0}};
  static constexpr std::u32string_view bases = U"aeiouünm";
  const std::size_t row = bases.find(s[at]);
  if (row == std::u32string_view::npos) return utf8::encode(s);  // e.g. ê: left unmarked
  const char32_t mark = marked[row][static_cast<std::size_t>(tone - 1)];
  if (mark != U'\0') {
    s[at] = mark;
    return utf8::encode(s);
  }
  // No precomposed letter (m with macron, grave or caron): a combining mark follows.
  static constexpr char32_t combining[] = {U'\u0304', U'\u0301', U'\u030C', U'\u0300'};
  s.insert(at + 1, 1, combining[tone - 1]);
  return utf8::encode(s);
}

std::string_view char_table::source_note() {
  return data::source_note;
}

}  // namespace huiwu::seating
