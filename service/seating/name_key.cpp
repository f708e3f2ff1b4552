#include "seating/name_key.hpp"

#include <algorithm>
#include <optional>

#include "base/utf8.hpp"
#include "seating/char_table.hpp"
#include "seating/surname_table.hpp"

namespace huiwu::seating {

namespace {

// Sorts after every real stroke count, syllable and shape sequence.
constexpr std::uint32_t unknown_strokes = 255;
constexpr std::uint32_t no_syllable = 0xFFFF;
constexpr const char* unknown_shapes = "9";

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u00A0';
}

// Separators inside transliterated names (阿沛·阿旺晋美): not compared.
bool is_separator(char32_t c) {
  return c == U'\u00B7' || c == U'\u2022' || c == U'\u30FB' || c == U'\uFF0E' || c == U'\u2027' ||
         c == U'\uFF65' || c == U'.';
}

// CJK ideograph blocks, for characters the table does not know (a newer Unicode).
bool in_cjk_block(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF);
}

bool is_latin_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x300 && c <= 0x36F);
}

bool is_latin_punct(char32_t c) {
  return c == U' ' || c == U'-' || c == U'\'' || c == U'.' || c == U'\u2019' || c == U',';
}

char32_t fold_latin(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

// Upper-cases the first letter of a pinyin syllable string (tone-marked vowels included).
std::u32string capitalised(std::u32string s) {
  if (s.empty()) return s;
  char32_t& c = s[0];
  if ((c >= U'a' && c <= U'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7)) {
    c -= 32;
  } else if ((c >= 0x100 && c <= 0x17F && (c % 2) == 1) ||
             (c >= 0x1CD && c <= 0x1DC && (c % 2) == 0)) {
    // Latin Extended-A pairs (ā Ā, ē Ē, ō Ō) have the capital first; the pinyin block
    // from U+01CD (Ǎ ǎ, Ǒ ǒ, Ǚ ǚ ...) too, one code point later.
    c -= 1;
  }
  return s;
}

std::string to_pinyin_text(const std::vector<syllable_reading>& readings, std::size_t split) {
  std::u32string out;
  std::u32string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out.push_back(U' ');
    out += capitalised(word);
    word.clear();
  };
  for (std::size_t i = 0; i < readings.size(); ++i) {
    if (i == split) flush();
    const auto& r = readings[i];
    if (r.syllable < 0) {
      word += U"?";
      continue;
    }
    auto text = utf8::decode(char_table::with_tone_mark(r.syllable, r.tone));
    if (text) word += *text;
  }
  flush();
  return utf8::encode(out);
}

std::u32string without_spaces(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : s) {
    if (!is_space(c)) out.push_back(c);
  }
  return out;
}

std::u32string trimmed(std::u32string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  // Runs of spaces inside a Latin name compare as one.
  std::u32string out;
  for (std::size_t i = b; i < e; ++i) {
    if (is_space(s[i])) {
      if (!out.empty() && out.back() == U' ') continue;
      out.push_back(U' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string quoted(std::u32string_view text) {
  return "「" + utf8::encode(text) + "」";
}

std::weak_ordering name_key::operator<=>(const name_key& o) const {
  if (script != o.script) return script <=> o.script;
  return std::lexicographical_compare_three_way(units.begin(), units.end(), o.units.begin(),
                                                o.units.end());
}

result<name_key> name_key_builder::build(std::string_view name,
                                         std::string_view surname_hint) const {
  return build_impl(name, surname_hint, true);
}

result<name_key> name_key_builder::build_plain(std::string_view name) const {
  return build_impl(name, {}, false);
}

result<name_key> name_key_builder::build_impl(std::string_view name, std::string_view surname_hint,
                                              bool personal) const {
  auto decoded = utf8::decode(name);
  if (!decoded) return bad_request("name is not valid UTF-8");
  const std::u32string text = trimmed(*decoded);
  if (text.empty()) return unprocessable("empty_name", "a name is empty");

  name_key key;
  bool has_han = false;
  bool has_separator = false;
  bool all_han = true;
  bool all_latin = true;
  bool has_letter = false;
  for (char32_t c : text) {
    const bool han = in_cjk_block(c) || char_table::find(c).has_value();
    has_han = has_han || han;
    if (is_separator(c)) has_separator = true;
    if (!han && !is_space(c) && !is_separator(c)) all_han = false;
    if (is_latin_letter(c)) {
      has_letter = true;
    } else if (!is_latin_punct(c)) {
      all_latin = false;
    }
  }

  if (!(has_han && all_han)) {
    key.script = (!has_han && all_latin && has_letter) ? name_script::latin : name_script::other;
    key.text = text;
    for (char32_t c : text) {
      key_unit u;
      u.primary = key.script == name_script::latin ? fold_latin(c) : c;
      u.cp = c;
      key.units.push_back(std::move(u));
    }
    return key;
  }

  // A Han name: spaces are layout (secretaries type 田　富 to align two-character names)
  // and separators are not compared.
  std::u32string chars;
  for (char32_t c : text) {
    if (!is_space(c) && !is_separator(c)) chars.push_back(c);
  }
  key.text = without_spaces(text);

  std::size_t surname_len = 0;
  if (!surname_hint.empty()) {
    auto hint = utf8::decode(surname_hint);
    if (!hint) return bad_request("surname is not valid UTF-8");
    const std::u32string h = without_spaces(*hint);
    if (h.empty() || h.size() >= chars.size() || chars.compare(0, h.size(), h) != 0) {
      return unprocessable("invalid_surname", "surname \"" + std::string(surname_hint) +
                                                  "\" is not the start of the name \"" +
                                                  std::string(name) + "\"");
    }
    surname_len = h.size();
  } else if (personal && !has_separator) {
    surname_len = surname_table::surname_length(chars);
  }
  key.surname_length = surname_len;

  std::optional<std::vector<syllable_reading>> surname_reading;
  if (order_ == name_order::pinyin && personal && surname_len > 0) {
    surname_reading = surname_table::reading(std::u32string_view(chars).substr(0, surname_len));
  }

  std::vector<syllable_reading> readings;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const char32_t c = chars[i];
    const auto info = char_table::find(c);
    key_unit u;
    u.cp = c;
    if (info) {
      u.strokes = static_cast<std::uint32_t>(info->strokes);
      u.shapes = info->shapes.empty() ? unknown_shapes : std::string(info->shapes);
      if (info->shapes.empty()) key.no_shapes.push_back(c);
      if (info->traditional) key.traditional.push_back(c);
      key.strokes.push_back(info->strokes);
    } else {
      u.strokes = unknown_strokes;
      u.shapes = unknown_shapes;
      key.unknown.push_back(c);
      key.strokes.push_back(0);
    }
    if (order_ == name_order::pinyin) {
      syllable_reading r;
      if (surname_reading && i < surname_reading->size()) {
        r = (*surname_reading)[i];
      } else if (info && info->syllable >= 0) {
        r = {info->syllable, info->tone};
      }
      if (r.syllable < 0) key.no_reading.push_back(c);
      u.primary = r.syllable < 0 ? no_syllable : static_cast<std::uint32_t>(r.syllable + 1);
      u.secondary = static_cast<std::uint32_t>(r.tone);
      readings.push_back(r);
    } else {
      u.primary = u.strokes;
    }
    key.units.push_back(std::move(u));
  }

  // 按姓氏笔画: a single-character given name is written with a blank (田　富), and the
  // blank compares before any character.
  if (order_ == name_order::stroke && personal && surname_len > 0 &&
      chars.size() - surname_len == 1) {
    key.units.insert(key.units.begin() + static_cast<std::ptrdiff_t>(surname_len), key_unit{});
  }
  if (order_ == name_order::pinyin) {
    key.pinyin = to_pinyin_text(readings, personal ? surname_len : 0);
  }
  return key;
}

}  // namespace huiwu::seating
