#include "export/jiyao_draft.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <set>

#include "export/attendance.hpp"
#include "export/doc_text.hpp"
#include "export/minutes_doc.hpp"
#include "export/speaker_tag.hpp"
#include "followup/civil_date.hpp"
#include "followup/text_util.hpp"

namespace huiwu::exports {
namespace {

using namespace std::string_view_literals;

using followup::floor_div;

bool starts(std::string_view s, std::string_view p) {
  return s.starts_with(p);
}
bool ends(std::string_view s, std::string_view p) {
  return s.ends_with(p);
}

template <std::size_t N>
bool ends_any(std::string_view s, const std::array<std::string_view, N>& list) {
  return std::any_of(list.begin(), list.end(), [&](auto p) { return ends(s, p); });
}

// Punctuation a title or a statement may end with, which the sentence around it replaces.
constexpr std::array trailing_marks{"。"sv, "；"sv, "，"sv, "："sv, "、"sv,
                                    "."sv,  ";"sv,  ","sv,  ":"sv};

std::string_view strip_trailing(std::string_view s) {
  s = followup::trim(s);
  for (bool again = true; again;) {
    again = false;
    for (auto m : trailing_marks) {
      if (ends(s, m)) {
        s.remove_suffix(m.size());
        s = followup::trim(s);
        again = true;
      }
    }
  }
  return s;
}

// Verbs that open an agenda title, longest first so that 研究部署 wins over 研究.
constexpr std::array opening_verbs{
    "听取并审议"sv, "传达学习"sv, "学习传达"sv, "学习贯彻"sv, "研究部署"sv, "研究讨论"sv,
    "讨论通过"sv,   "审议通过"sv, "专题研究"sv, "听取"sv,     "审议"sv,     "研究"sv,
    "讨论"sv,       "审定"sv,     "审查"sv,     "通报"sv,     "部署"sv,     "学习"sv,
    "传达"sv,       "贯彻"sv,     "安排"sv,     "总结"sv,     "协调"sv,     "通过"sv,
    "决定"sv,       "议定"sv,     "确定"sv,     "分析"sv,     "评议"sv,     "推进"sv};
// Nouns that begin like a verb: 研究生 is no 研究, 决定事项 no 决定.
constexpr std::array verb_like_nouns{
    "研究生"sv,   "研究院"sv,   "研究所"sv,   "研究室"sv, "研究会"sv, "学习型"sv, "学习班"sv,
    "决定事项"sv, "通报批评"sv, "通报表扬"sv, "协调会"sv, "推进会"sv, "部署会"sv};
constexpr std::array report_ends{"汇报"sv, "报告"sv, "说明"sv, "通报"sv};
constexpr std::array text_ends{"》"sv,   "草案"sv, "草案）"sv, "草案)"sv, "送审稿）"sv,
                               "方案"sv, "办法"sv, "规定"sv,   "意见"sv,  "细则"sv,
                               "规划"sv, "计划"sv, "条例"sv,   "章程"sv,  "请示"sv};
constexpr std::array matter_ends{"工作"sv, "问题"sv, "事项"sv, "事宜"sv, "议题"sv};

std::string noun_clause(std::string_view t) {
  if (ends_any(t, report_ends)) return "听取了" + std::string(t);
  if (ends(t, "情况")) return "听取了" + std::string(t) + "汇报";
  if (starts(t, "《") || ends_any(t, text_ends)) return "审议了" + std::string(t);
  if (ends_any(t, matter_ends)) return "研究了" + std::string(t);
  return "研究了" + std::string(t) + "有关事项";
}

bool ends_in_stop(std::string_view s) {
  return ends(s, "。") || ends(s, "！") || ends(s, "？") || ends(s, "；") || ends(s, ".") ||
         ends(s, "!") || ends(s, "?");
}

std::string sentence(std::string_view s) {
  s = followup::trim(s);
  std::string out(s);
  if (ends(out, "；") || ends(out, "，") || ends(out, "、") || ends(out, "：")) {
    out.resize(out.size() - "；"sv.size());
  } else if (ends(out, ";") || ends(out, ",") || ends(out, ":")) {
    out.pop_back();
  }
  if (!ends_in_stop(out)) out += "。";
  return out;
}

// The word after "会议" decides what kind a typed 会议… line is.
std::optional<statement_kind> kind_of_meeting_line(std::string_view line) {
  if (!starts(line, "会议")) return std::nullopt;
  auto rest = line.substr("会议"sv.size());
  constexpr std::array assessed{"认为"sv, "指出"sv, "肯定"sv, "充分肯定"sv, "分析"sv};
  constexpr std::array decided{"决定"sv, "同意"sv, "原则同意"sv, "明确"sv,
                               "议定"sv, "通过"sv, "批准"sv,     "确定"sv};
  constexpr std::array required{"要求"sv, "强调"sv, "提出"sv, "责成"sv};
  constexpr std::array heard{"听取"sv, "审议"sv, "研究"sv, "传达"sv, "学习"sv};
  auto any = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](auto p) { return starts(rest, p); });
  };
  if (any(assessed)) return statement_kind::assessed;
  if (any(decided)) return statement_kind::decided;
  if (any(required)) return statement_kind::required;
  if (any(heard)) return statement_kind::heard;
  return std::nullopt;
}

std::string heard_statement(const v1::AgendaItem& item) {
  auto clause = discussed_clause(item.title());
  const auto presenter = std::string(followup::trim(item.presenter()));
  if (!presenter.empty() && starts(clause, "听取了关于")) {
    clause = "听取了" + presenter + clause.substr("听取了"sv.size());
  }
  return "会议" + clause + "。";
}

std::vector<std::string> chairs_of(const v1::Meeting& m, bool with_title) {
  std::vector<std::string> out;
  for (int i : name_order(m)) {
    const auto& a = m.attendees(i);
    if (a.role() != v1::ROLE_CHAIR || a.name().empty()) continue;
    auto t = std::string(followup::trim(a.title()));
    out.push_back(with_title ? t + a.name() : a.name());
  }
  return out;
}

std::string meeting_name(const v1::Meeting& m) {
  auto title = std::string(followup::trim(m.info().title()));
  if (ends(title, "纪要")) title.resize(title.size() - "纪要"sv.size());
  return title;
}

std::string opening_of(const v1::Meeting& m, const jiyao_options& o) {
  std::string s;
  if (m.info().starts_at_ms() != 0) s += chinese_time(m.info().starts_at_ms(), o.zone) + "，";
  const auto chairs = chairs_of(m, true);
  if (!chairs.empty()) s += join(chairs, "、");
  const auto place = std::string(followup::trim(m.info().place()));
  if (!place.empty()) s += "在" + place;
  s += chairs.empty() ? "召开" : "主持召开";
  auto name = meeting_name(m);
  if (name.empty()) {
    name = "会议";
  } else if (!names_a_meeting(name)) {
    name += "会议";
  }
  s += name;
  std::vector<std::string> clauses;
  for (const auto& it : m.agenda()) {
    if (it.status() == v1::ITEM_DEFERRED) continue;
    if (auto c = discussed_clause(it.title()); !c.empty()) clauses.push_back(std::move(c));
  }
  if (!clauses.empty()) s += "，" + join(clauses, "，");
  s += "。现纪要如下：";
  return s;
}

}  // namespace

jiyao_decision decision_of(const v1::Decision& d) {
  jiyao_decision out;
  out.decision_id = d.id();
  out.text = std::string(followup::trim(d.text()));
  out.lead_unit = std::string(followup::trim(d.lead_unit()));
  if (out.lead_unit.empty()) out.lead_unit = std::string(followup::trim(d.lead_name()));
  for (const auto& u : d.co_units()) {
    if (auto t = followup::trim(u); !t.empty()) out.co_units.emplace_back(t);
  }
  out.deadline = d.deadline();
  out.supervisor = std::string(followup::trim(d.supervisor_name()));
  return out;
}

bool names_a_meeting(std::string_view name) {
  // "…会议（扩大）" is a meeting too: a closing remark in brackets does not count.
  if (ends(name, "）") || ends(name, ")")) {
    const auto full = name.rfind("（"), half = name.rfind('(');
    const auto open = std::max(full == std::string_view::npos ? 0 : full,
                               half == std::string_view::npos ? 0 : half);
    if (open > 0) name = name.substr(0, open);
  }
  return ends(name, "会") || ends(name, "会议");
}

std::string discussed_clause(std::string_view title) {
  const auto t = strip_trailing(title);
  if (t.empty()) return {};
  const bool noun_first = std::any_of(verb_like_nouns.begin(), verb_like_nouns.end(),
                                      [&](auto n) { return starts(t, n); });
  for (auto verb : opening_verbs) {
    if (noun_first || !starts(t, verb)) continue;
    if (t.size() == verb.size()) return std::string(verb) + "了有关事项";
    auto rest = t.substr(verb.size());
    if (starts(rest, "了")) return std::string(t);
    return std::string(verb) + "了" + std::string(rest);
  }
  // "汇报三季度工作" is a report heard: 听取了三季度工作汇报.
  if (starts(t, "汇报") && t.size() > "汇报"sv.size()) {
    return "听取了" + std::string(t.substr("汇报"sv.size())) + "汇报";
  }
  if (starts(t, "关于") && !ends_any(t, report_ends) && !ends(t, "情况") &&
      !ends_any(t, text_ends)) {
    auto rest = followup::trim(t.substr("关于"sv.size()));
    if (!rest.empty()) return noun_clause(rest);
  }
  return noun_clause(t);
}

std::vector<jiyao_statement> seed_statements(const v1::AgendaItem& item,
                                             const std::vector<std::string>& chairs) {
  std::vector<jiyao_statement> out;
  out.push_back({statement_kind::heard, heard_statement(item)});
  for (const auto& raw : paragraphs_of(item.minutes())) {
    const auto line = followup::trim(raw);
    if (auto kind = kind_of_meeting_line(line)) {
      out.push_back({*kind, sentence(line)});
      continue;
    }
    const auto tag = find_speaker(raw);
    if (!tag || std::find(chairs.begin(), chairs.end(), tag->name) == chairs.end()) continue;
    const auto said = followup::trim(tag->statement);
    if (said.empty()) continue;
    if (starts(said, "请")) {
      out.push_back({statement_kind::required,
                     sentence("会议要求" + std::string(said.substr("请"sv.size())))});
    } else if (auto kind = kind_of_meeting_line(said)) {
      out.push_back({*kind, sentence(said)});
    } else {
      out.push_back({statement_kind::assessed, sentence("会议认为，" + std::string(said))});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.kind < b.kind; });
  return out;
}

std::string chinese_deadline(std::string_view iso) {
  auto d = followup::parse_date(iso);
  return d ? chinese_date(*d) : std::string(iso);
}

std::string issue_number_text(issue_numbering style, int year, int number) {
  if (number <= 0) return {};
  if (style == issue_numbering::period) return "第" + std::to_string(number) + "期";
  return "〔" + std::to_string(year) + "〕" + std::to_string(number) + "号";
}

std::vector<int> withheld_positions(const v1::Meeting& full, const v1::Meeting& visible) {
  std::set<std::string> shown;
  for (const auto& it : visible.agenda()) shown.insert(it.id());
  std::vector<int> out;
  int seen = 0;
  for (const auto& it : full.agenda()) {
    if (shown.count(it.id())) {
      ++seen;
    } else if (it.status() != v1::ITEM_DEFERRED) {
      out.push_back(seen);
    }
  }
  return out;
}

jiyao_draft draft_jiyao(const v1::Meeting& m, const std::vector<int>& withheld,
                        const jiyao_options& o) {
  jiyao_draft d;
  d.meeting_id = m.id();
  d.meeting_version = m.version();
  d.marking = m.info().level();
  for (const auto& it : m.agenda()) d.marking = std::max(d.marking, it.level());

  const auto name = meeting_name(m);
  const auto unit = std::string(followup::trim(o.unit));
  d.heading =
      (unit.empty() || starts(name, unit) ? "" : unit) + (name.empty() ? "会议" : name) + "纪要";
  const std::int64_t issued_s = floor_div(o.issued_at_ms, 1000);
  const auto issued = followup::from_days(floor_div(issued_s + o.zone.offset_at(issued_s), 86400));
  d.issue_number = issue_number_text(o.numbering, issued.year, o.number);
  d.issuer = std::string(followup::trim(o.issuer));
  d.date = chinese_date(issued);
  d.opening = opening_of(m, o);

  // Sections in the full agenda's order: the withheld slots go before the visible item
  // whose index they name.
  const auto chairs = chairs_of(m, false);
  std::set<std::string> sectioned;
  std::size_t next_withheld = 0;
  auto flush_withheld = [&](int before) {
    for (; next_withheld < withheld.size() && withheld[next_withheld] <= before; ++next_withheld) {
      jiyao_section s;
      s.withheld = true;
      d.sections.push_back(std::move(s));
    }
  };
  for (int k = 0; k < m.agenda_size(); ++k) {
    flush_withheld(k);
    const auto& it = m.agenda(k);
    if (it.status() == v1::ITEM_DEFERRED) continue;
    jiyao_section s;
    s.item_id = it.id();
    s.title = std::string(strip_trailing(it.title()));
    if (s.title.empty()) s.title = "（无标题）";
    s.level = it.level();
    s.statements = seed_statements(it, chairs);
    for (const auto& dec : m.decisions()) {
      if (dec.item_id() == it.id()) s.decisions.push_back(decision_of(dec));
    }
    sectioned.insert(it.id());
    d.sections.push_back(std::move(s));
  }
  flush_withheld(std::numeric_limits<int>::max());
  jiyao_section others;
  others.title = "其他议定事项";
  for (const auto& dec : m.decisions()) {
    if (!sectioned.count(dec.item_id())) others.decisions.push_back(decision_of(dec));
  }
  if (!others.decisions.empty()) d.sections.push_back(std::move(others));

  const auto people = attendance_of(m);
  d.attended = people.attended;
  d.on_leave = people.on_leave;
  d.sat_in = people.sat_in;
  for (const auto& r : o.recorders) {
    if (auto t = followup::trim(r); !t.empty()) d.recorders.emplace_back(t);
  }
  if (d.recorders.empty()) {
    for (int i : name_order(m)) {
      const auto& a = m.attendees(i);
      if (a.role() == v1::ROLE_SECRETARY && !a.name().empty()) d.recorders.push_back(a.name());
    }
  }
  for (const auto& r : o.distribution) {
    if (auto t = followup::trim(r); !t.empty()) d.distribution.emplace_back(t);
  }
  return d;
}

}  // namespace huiwu::exports
