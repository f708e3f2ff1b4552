#include "seating/surname_table.hpp"

#include <map>
#include <string>

#include "base/utf8.hpp"
#include "seating/char_table_data.hpp"

namespace huiwu::seating {

namespace {

const std::map<std::u32string, std::vector<syllable_reading>, std::less<>>& table() {
  // Built once from the generated records; function-local statics are initialised
  // thread-safely, and the map is never written afterwards.
  static const auto map = [] {
    std::map<std::u32string, std::vector<syllable_reading>, std::less<>> m;
    for (std::size_t i = 0; i < data::surname_count; ++i) {
      const auto& rec = data::surnames[i];
      auto text = utf8::decode(rec.text);
      if (!text || text->size() != rec.length) continue;  // generator guarantees this
      std::vector<syllable_reading> r;
      for (std::size_t k = 0; k < rec.length; ++k) {
        r.push_back({rec.reading[k] >> 3, rec.reading[k] & 7});
      }
      m.emplace(std::move(*text), std::move(r));
    }
    return m;
  }();
  return map;
}

}  // namespace

std::size_t surname_table::surname_length(std::u32string_view name) {
  if (name.size() >= 3 && is_compound(name.substr(0, 2))) return 2;
  return name.empty() ? 0 : 1;
}

std::optional<std::vector<syllable_reading>> surname_table::reading(std::u32string_view surname) {
  const auto& m = table();
  if (auto it = m.find(surname); it != m.end()) return it->second;
  return std::nullopt;
}

bool surname_table::is_compound(std::u32string_view surname) {
  return surname.size() >= 2 && table().count(surname) != 0;
}

}  // namespace huiwu::seating
