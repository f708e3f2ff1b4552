#include "export/notice_doc.hpp"

#include <algorithm>
#include <string>

#include "export/doc_text.hpp"
#include "export/minutes_doc.hpp"
#include "followup/civil_date.hpp"

namespace huiwu::exports {
namespace {

jline notice_line(jline_kind k, std::string label, std::string text) {
  jline l;
  l.kind = k;
  l.label = std::move(label);
  l.text = std::move(text);
  return l;
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// "2026-12-15" -> "2026年12月15日"; anything else as it is.
std::string reply_date(const std::string& s) {
  if (auto d = followup::parse_date(s)) return chinese_date(*d);
  return s;
}

std::string date_of(std::int64_t ms, const followup::time_zone& zone) {
  const std::int64_t s = followup::floor_div(ms, 1000);
  const std::int64_t local = s + zone.offset_at(s);
  return chinese_date(followup::from_days(followup::floor_div(local, 86400)));
}

}  // namespace

std::vector<jline> layout_notice(const v1::Meeting& m, const notice_options& o) {
  const auto& info = m.info();
  const auto& n = m.notice();
  std::vector<jline> out;
  if (auto mark = level_marking(info.level()); !mark.empty()) {
    out.push_back(notice_line(jline_kind::marking, {}, mark));
  }
  out.push_back(notice_line(jline_kind::heading, {}, "关于召开" + info.title() + "的通知"));
  const auto issued = o.issued_at_ms ? o.issued_at_ms : m.lifecycle().notice_issued_at_ms();
  out.push_back(notice_line(jline_kind::masthead, n.issuer().empty() ? info.convener() : n.issuer(),
                            issued ? date_of(issued, o.zone) : std::string()));
  out.push_back(notice_line(jline_kind::opening, {}, "各位参会人员："));
  std::string when = info.starts_at_ms() ? chinese_time(info.starts_at_ms(), o.zone) : "另行通知";
  if (info.starts_at_ms() && info.ends_at_ms() > info.starts_at_ms()) {
    when += "至" + chinese_time(info.ends_at_ms(), o.zone);
  }
  const std::string place = info.place().empty() ? "另行通知" : info.place();
  out.push_back(notice_line(
      jline_kind::statement, {},
      "经研究，定于" + when + "在" + place + "召开" + info.title() + "。现将有关事项通知如下："));
  int section = 0;
  auto title = [&](const char* t) {
    out.push_back(notice_line(jline_kind::section_title, {}, chinese_number(++section) + "、" + t));
  };
  title("会议时间");
  out.push_back(notice_line(jline_kind::statement, {}, when + "。"));
  title("会议地点");
  out.push_back(notice_line(jline_kind::statement, {}, place + "。"));
  title("参会人员");
  std::vector<const v1::Attendee*> people;
  for (const auto& a : m.attendees()) people.push_back(&a);
  std::stable_sort(people.begin(), people.end(), [](const v1::Attendee* a, const v1::Attendee* b) {
    const auto ra = a->rank() > 0 ? a->rank() : 1 << 30;
    const auto rb = b->rank() > 0 ? b->rank() : 1 << 30;
    return ra < rb;
  });
  std::vector<std::string> names;
  for (const auto* a : people) names.push_back(joined({a->unit(), a->title(), a->name()}, ""));
  out.push_back(notice_line(jline_kind::statement, {},
                            names.empty() ? "另行通知。" : joined(names, "、") + "。"));
  title("会议议程");
  int k = 0;
  for (const auto& it : m.agenda()) {
    std::string line = "（" + chinese_number(++k) + "）" + it.title();
    if (!it.presenter().empty()) line += "（汇报人：" + it.presenter() + "）";
    out.push_back(notice_line(jline_kind::statement, {}, line + "。"));
  }
  if (m.agenda().empty()) out.push_back(notice_line(jline_kind::statement, {}, "另行通知。"));
  if (n.materials_size() > 0) {
    title("会议材料");
    k = 0;
    for (const auto& s : n.materials()) {
      out.push_back(
          notice_line(jline_kind::statement, {}, "（" + chinese_number(++k) + "）" + s + "。"));
    }
  }
  if (!n.bring().empty() || !n.reply_by().empty()) {
    title("有关事项");
    k = 0;
    if (!n.bring().empty()) {
      out.push_back(notice_line(jline_kind::statement, {},
                                "（" + chinese_number(++k) + "）请携带" + n.bring() + "。"));
    }
    if (!n.reply_by().empty()) {
      out.push_back(notice_line(jline_kind::statement, {},
                                "（" + chinese_number(++k) + "）请于" + reply_date(n.reply_by()) +
                                    "前反馈回执（参加、代参或请假）。"));
    }
  }
  if (!n.contact().empty() || !n.phone().empty()) {
    out.push_back(
        notice_line(jline_kind::attendance, "联系人：",
                    joined({n.contact(), n.phone().empty() ? "" : "电话：" + n.phone()}, "，")));
  }
  return out;
}

}  // namespace huiwu::exports
