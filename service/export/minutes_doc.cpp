#include "export/minutes_doc.hpp"

#include <algorithm>
#include <map>

#include "export/attendance.hpp"
#include "export/doc_text.hpp"
#include "export/jiyao_draft.hpp"
#include "export/speaker_tag.hpp"
#include "followup/civil_date.hpp"
#include "followup/text_util.hpp"

namespace huiwu::exports {
using followup::floor_div;
namespace {

constexpr std::string_view other_speakers = "其他";

// The record is the 会议记录, not the 纪要 (that one is jiyao_draft.hpp): "〈meeting〉记录"
// when the name says it is a meeting, "〈name〉会议记录" otherwise.
std::string heading_of(const v1::Meeting& m) {
  auto title = std::string(followup::trim(m.info().title()));
  if (title.ends_with("纪要")) title.resize(title.size() - std::string_view("纪要").size());
  if (title.empty()) return "会议记录";
  return names_a_meeting(title) ? title + "记录" : title + "会议记录";
}

std::string item_title(const v1::AgendaItem& it) {
  auto t = std::string(followup::trim(it.title()));
  if (t.empty()) t = "（无标题）";
  if (it.status() == v1::ITEM_DEFERRED) t += "（暂缓）";
  return t;
}

std::string opening(const v1::Meeting& m, const doc_options& o) {
  std::vector<std::string> chairs;
  for (int i : name_order(m)) {
    const auto& a = m.attendees(i);
    if (a.role() == v1::ROLE_CHAIR && !a.name().empty()) chairs.push_back(a.name());
  }
  const auto place = std::string(followup::trim(m.info().place()));
  auto title = std::string(followup::trim(m.info().title()));
  if (title.ends_with("纪要")) title.resize(title.size() - std::string_view("纪要").size());
  std::string s;
  if (m.info().starts_at_ms() != 0) s += chinese_time(m.info().starts_at_ms(), o.zone) + "，";
  if (!chairs.empty()) s += join(chairs, "、");
  if (!place.empty()) s += "在" + place;
  s += chairs.empty() ? "召开" : "主持召开";
  s += title.empty() ? "会议" : title;
  // What was discussed, one clause per item by the 纪要's rule (no 研究讨论了审议…);
  // deferred items were not discussed.
  std::vector<std::string> clauses;
  for (const auto& it : m.agenda()) {
    if (it.status() == v1::ITEM_DEFERRED) continue;
    if (auto c = discussed_clause(it.title()); !c.empty()) clauses.push_back(std::move(c));
  }
  if (!clauses.empty()) s += "，" + join(clauses, "，");
  s += "。现记录如下：";
  return s;
}

void by_item(const v1::Meeting& m, std::vector<block>& out) {
  int n = 0;
  for (const auto& it : m.agenda()) {
    out.push_back({block_kind::section, {}, chinese_number(++n) + "、" + item_title(it)});
    for (auto& p : paragraphs_of(it.minutes())) out.push_back({block_kind::body, {}, std::move(p)});
  }
}

void by_speaker(const v1::Meeting& m, std::vector<block>& out) {
  struct said {
    int item = 0;  // index into the agenda
    std::string text;
  };
  std::map<std::string, std::vector<said>> by_name;
  std::vector<std::string> first_seen;  // speakers in the order they first speak
  for (int i = 0; i < m.agenda_size(); ++i) {
    for (auto& p : paragraphs_of(m.agenda(i).minutes())) {
      // The tag is read from the line as typed (the browser's rule), the text trimmed.
      auto tag = find_speaker(p);
      std::string name = tag ? std::string(tag->name) : std::string(other_speakers);
      std::string text = tag ? std::string(followup::trim(tag->statement)) : std::move(p);
      if (text.empty()) continue;
      auto& list = by_name[name];
      if (list.empty() && name != other_speakers) first_seen.push_back(name);
      list.push_back({i, std::move(text)});
    }
  }
  // Attendees in the meeting's name order, then names that are no attendee's (guests
  // typed by hand) as they first spoke, then 其他.
  std::vector<std::string> order;
  for (int i : name_order(m)) {
    const auto& name = m.attendees(i).name();
    if (by_name.count(name) && std::find(order.begin(), order.end(), name) == order.end()) {
      order.push_back(name);
    }
  }
  for (const auto& name : first_seen) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  if (by_name.count(std::string(other_speakers))) order.emplace_back(other_speakers);
  int n = 0;
  for (const auto& name : order) {
    out.push_back({block_kind::section, {}, chinese_number(++n) + "、" + name});
    int item = -1;
    for (auto& s : by_name[name]) {
      if (s.item != item) {
        item = s.item;
        out.push_back({block_kind::source, "议题：", item_title(m.agenda(item))});
      }
      out.push_back({block_kind::body, {}, std::move(s.text)});
    }
  }
}

}  // namespace

std::string chinese_number(int n) {
  static constexpr std::string_view digits[] = {"零", "一", "二", "三", "四",
                                                "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return std::string(digits[n]);
  std::string out = n >= 20 ? std::string(digits[n / 10]) : std::string();
  out += "十";
  if (n % 10) out += digits[n % 10];
  return out;
}

std::string chinese_date(const followup::civil_date& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

std::string chinese_time(std::int64_t unix_ms, const followup::time_zone& zone) {
  const std::int64_t unix_s = floor_div(unix_ms, 1000);
  const std::int64_t local = unix_s + zone.offset_at(unix_s);
  const std::int64_t days = floor_div(local, 86400);
  const auto secs = static_cast<int>(local - days * 86400);
  const int hour = secs / 3600, minute = secs / 60 % 60;
  std::string out = chinese_date(followup::from_days(days));
  out += hour < 12 ? "上午" : "下午";
  out += std::to_string(hour <= 12 ? hour : hour - 12) + "时";
  if (minute) out += std::to_string(minute) + "分";
  return out;
}

std::vector<std::string> paragraphs_of(const std::string& minutes) {
  std::vector<std::string> out;
  std::string_view rest = minutes;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    auto line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Leading spaces are kept out of the text (the layout indents) but not out of the
    // speaker rule: "  张三：" is no tag in the browser either, so the raw line is kept
    // for by_speaker, which trims what it shows.
    if (followup::trim(line).empty()) continue;
    out.emplace_back(line);
  }
  return out;
}

minutes_doc build_minutes(const v1::Meeting& visible, const doc_options& o) {
  minutes_doc doc;
  doc.title = heading_of(visible);
  auto& b = doc.blocks;
  v1::Level top = visible.info().level();
  for (const auto& it : visible.agenda()) top = std::max(top, it.level());
  if (auto mark = level_marking(top); !mark.empty()) b.push_back({block_kind::marking, {}, mark});
  b.push_back({block_kind::heading, {}, doc.title});
  if (auto no = std::string(followup::trim(o.issue_number)); !no.empty()) {
    b.push_back({block_kind::issue_number, {}, no});
  }
  b.push_back({block_kind::opening, {}, opening(visible, o)});
  if (o.group == grouping::by_speaker) {
    by_speaker(visible, b);
  } else {
    by_item(visible, b);
  }
  for (auto& blk : b) {
    if (blk.kind == block_kind::body) blk.text = std::string(followup::trim(blk.text));
  }
  const auto people = attendance_of(visible);
  b.push_back({block_kind::spacer, {}, {}});
  if (!people.attended.empty())
    b.push_back({block_kind::attendance, "出席：", join(people.attended, "、")});
  if (!people.on_leave.empty())
    b.push_back({block_kind::attendance, "请假：", join(people.on_leave, "、")});
  if (!people.sat_in.empty())
    b.push_back({block_kind::attendance, "列席：", join(people.sat_in, "、")});
  b.push_back({block_kind::spacer, {}, {}});
  const followup::civil_date issued = followup::from_days(floor_div(
      floor_div(o.issued_at_ms, 1000) + o.zone.offset_at(floor_div(o.issued_at_ms, 1000)), 86400));
  b.push_back({block_kind::date, {}, chinese_date(issued)});
  return doc;
}

std::string to_text(const minutes_doc& doc) {
  std::string out;
  block_kind prev = block_kind::spacer;
  for (const auto& blk : doc.blocks) {
    // A blank line before the opening and before each section, as on paper.
    const bool gap = (blk.kind == block_kind::opening || blk.kind == block_kind::section) &&
                     prev != block_kind::spacer;
    if (gap) out += '\n';
    out += blk.label;
    out += blk.text;
    out += '\n';
    prev = blk.kind;
  }
  return out;
}

}  // namespace huiwu::exports
