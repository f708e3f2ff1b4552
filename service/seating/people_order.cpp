#include "seating/people_order.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/utf8.hpp"
#include "seating/char_table.hpp"
#include "seating/name_key.hpp"

namespace huiwu::seating {

namespace {

struct entry {
  std::string_view id;  // for messages: a person's id or a unit's name
  std::string_view name;
  std::optional<std::int64_t> rank;
  std::string_view surname;
  bool placeholder = false;  // reserved seat without a name
  int group = 0;             // ranks are distinct within a group (a table side)
};

std::string list_of(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < 5; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > 5) out += ", ... (" + std::to_string(items.size()) + " in all)";
  return out;
}

std::string joined_quoted(const std::set<char32_t>& chars) {
  std::string out;
  for (char32_t c : chars) out += quoted(std::u32string(1, c));
  return out;
}

result<ordered_people> by_rank(const std::vector<entry>& entries, std::string_view what) {
  std::vector<std::string> missing;
  std::map<std::pair<int, std::int64_t>, std::string_view> seen;
  for (const auto& e : entries) {
    if (!e.rank) {
      missing.emplace_back(e.id);
      continue;
    }
    if (auto [it, fresh] = seen.emplace(std::pair{e.group, *e.rank}, e.id); !fresh) {
      return unprocessable("duplicate_rank", std::string(what) + " \"" + std::string(it->second) +
                                                 "\" and \"" + std::string(e.id) +
                                                 "\" have the same rank " +
                                                 std::to_string(*e.rank));
    }
  }
  if (!missing.empty()) {
    return unprocessable("missing_rank", "order \"rank\" needs a rank for every " +
                                             std::string(what) + "; missing for " +
                                             list_of(missing));
  }
  ordered_people out;
  out.notes.resize(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) out.order.push_back(i);
  std::sort(out.order.begin(), out.order.end(),
            [&](std::size_t a, std::size_t b) { return *entries[a].rank < *entries[b].rank; });
  return out;
}

// Adjacent names that only the code point told apart: the national rule goes on to the
// strokes' relations (相离 < 相接 < 相交), which no data set here carries.
void warn_code_point_ties(const std::vector<std::size_t>& order, const std::vector<name_key>& keys,
                          std::vector<std::string>& warnings) {
  std::set<std::pair<char32_t, char32_t>> told;
  for (std::size_t i = 1; i < order.size(); ++i) {
    const auto& a = keys[order[i - 1]];
    const auto& b = keys[order[i]];
    if (a.script != name_script::han || b.script != name_script::han) continue;
    const std::size_t n = std::min(a.units.size(), b.units.size());
    for (std::size_t k = 0; k < n; ++k) {
      const auto& x = a.units[k];
      const auto& y = b.units[k];
      if (x == y) continue;
      if (x.primary == y.primary && x.secondary == y.secondary && x.strokes == y.strokes &&
          x.shapes == y.shapes && told.emplace(x.cp, y.cp).second) {
        warnings.push_back(quoted(std::u32string(1, x.cp)) + "与" +
                           quoted(std::u32string(1, y.cp)) +
                           "笔画数与笔形相同，按 Unicode 码位排序（笔画组合关系数据缺失）");
      }
      break;
    }
  }
}

result<ordered_people> by_name(const std::vector<entry>& entries, name_order order, bool personal) {
  const name_key_builder builder(order);
  std::vector<name_key> keys(entries.size());
  std::vector<std::size_t> named;
  std::vector<std::size_t> placeholders;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].placeholder) {
      placeholders.push_back(i);
      continue;
    }
    auto key = personal ? builder.build(entries[i].name, entries[i].surname)
                        : builder.build_plain(entries[i].name);
    if (!key) {
      auto err = key.error();
      err.message += " (\"" + std::string(entries[i].id) + "\")";
      return err;
    }
    keys[i] = std::move(*key);
    named.push_back(i);
  }
  std::stable_sort(named.begin(), named.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });

  ordered_people out;
  out.notes.resize(entries.size());
  out.order = named;
  out.order.insert(out.order.end(), placeholders.begin(), placeholders.end());

  const bool strokes = order != name_order::pinyin;
  std::vector<std::string> latin;
  std::vector<std::string> other;
  std::set<char32_t> no_shapes;
  std::set<char32_t> unknown;
  std::set<char32_t> no_reading;
  std::set<char32_t> traditional;
  for (std::size_t i : named) {
    const auto& k = keys[i];
    out.notes[i].strokes = k.strokes;
    out.notes[i].pinyin = k.pinyin;
    if (k.script == name_script::latin) latin.emplace_back(entries[i].name);
    if (k.script == name_script::other) other.emplace_back(entries[i].name);
    no_shapes.insert(k.no_shapes.begin(), k.no_shapes.end());
    unknown.insert(k.unknown.begin(), k.unknown.end());
    no_reading.insert(k.no_reading.begin(), k.no_reading.end());
    traditional.insert(k.traditional.begin(), k.traditional.end());
  }
  auto& w = out.warnings;
  if (!latin.empty()) {
    w.push_back("拉丁字母姓名排在中文姓名之后，按字母顺序排列（不区分大小写）：" + list_of(latin));
  }
  if (!other.empty()) {
    w.push_back("以下姓名含有既非汉字也非拉丁字母的字符，排在最后，按字符码位排序：" +
                list_of(other));
  }
  if (strokes && !no_shapes.empty()) {
    w.push_back(joined_quoted(no_shapes) +
                "缺少笔形数据：笔画数相同时排在有笔形数据的字之后，再按码位排序");
  }
  if (!unknown.empty()) {
    w.push_back(joined_quoted(unknown) + "不在字库（" + std::string(char_table::source_note()) +
                "）中：排在同一位置的已知字之后");
  }
  if (!strokes && !no_reading.empty()) {
    w.push_back(joined_quoted(no_reading) + "无拼音数据：排在同一位置有拼音的字之后");
  }
  if (strokes && !traditional.empty()) {
    w.push_back(joined_quoted(traditional) +
                "是繁体字形，按所写字形计笔画（规范字形笔画数可能不同）");
  }
  warn_code_point_ties(out.order, keys, w);
  for (std::size_t i = 1; i < named.size(); ++i) {
    const auto& a = keys[named[i - 1]];
    const auto& b = keys[named[i]];
    if (a == b && (i < 2 || !(keys[named[i - 2]] == a))) {
      w.push_back("同名：" + quoted(a.text) + "出现多次，按请求中的先后排列");
    }
  }
  if (!placeholders.empty()) {
    w.push_back(std::to_string(placeholders.size()) +
                " 个未具名的预留座位无法按姓名排序，排在所有姓名之后（可用 pin 指定座位）");
  }
  return out;
}

}  // namespace

result<ordered_people> people_order::sort(const std::vector<person>& people, name_order order,
                                          bool by_side) {
  std::vector<entry> entries;
  entries.reserve(people.size());
  for (const auto& p : people) {
    const int group = by_side ? static_cast<int>(p.side) : 0;
    entries.push_back({p.id, p.name, p.rank, p.surname, p.reserved && p.name.empty(), group});
  }
  auto out = order == name_order::rank ? by_rank(entries, "person") : by_name(entries, order, true);
  if (out && by_side) {
    // host (1) before guest (2); people without a side (0) last, for the planner to refuse.
    auto rank_of_side = [&](std::size_t i) { return entries[i].group == 0 ? 3 : entries[i].group; };
    std::stable_sort(out->order.begin(), out->order.end(), [&](std::size_t a, std::size_t b) {
      return rank_of_side(a) < rank_of_side(b);
    });
  }
  return out;
}

result<ordered_people> people_order::sort_units(const std::vector<unit_entry>& units,
                                                name_order order) {
  std::vector<entry> entries;
  entries.reserve(units.size());
  for (const auto& u : units) entries.push_back({u.name, u.name, u.rank, {}, false});
  if (order == name_order::rank) return by_rank(entries, "unit");
  return by_name(entries, order, false);
}

std::string_view people_order::label(name_order order) {
  switch (order) {
    case name_order::rank:
      return "按排序（职务）为序";
    case name_order::stroke:
      return "按姓氏笔画为序";
    case name_order::stroke_full:
      return "按姓名笔画为序";
    case name_order::pinyin:
      return "按姓氏拼音为序";
  }
  return {};
}

std::string_view people_order::code(name_order order) {
  switch (order) {
    case name_order::rank:
      return "rank";
    case name_order::stroke:
      return "stroke";
    case name_order::stroke_full:
      return "stroke_full";
    case name_order::pinyin:
      return "pinyin";
  }
  return {};
}

}  // namespace huiwu::seating
