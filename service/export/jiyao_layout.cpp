#include "export/jiyao_layout.hpp"

#include "export/doc_text.hpp"
#include "export/jiyao_draft.hpp"
#include "export/minutes_doc.hpp"

namespace huiwu::exports {
namespace {

using namespace std::string_view_literals;

std::string sub_number(int n) {
  return "（" + chinese_number(n) + "）";
}

jline ln(jline_kind kind, std::string label, std::string text) {
  return jline{kind, std::move(label), std::move(text), {}, {}};
}

bool is_body(jline_kind k) {
  return k == jline_kind::opening || k == jline_kind::statement ||
         k == jline_kind::decisions_lead || k == jline_kind::decision || k == jline_kind::withheld;
}

// Text as Markdown shows it literally: ASCII punctuation that could start markup escaped.
std::string md(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>#|!~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string decision_sentence(const jiyao_decision& d) {
  std::string text = d.text;
  for (auto stop : {"。"sv, "；"sv, "."sv, ";"sv}) {
    if (text.ends_with(stop)) text.resize(text.size() - stop.size());
  }
  std::vector<std::string> terms;
  if (!d.lead_unit.empty()) {
    terms.push_back((d.co_units.empty() ? "责任单位：" : "牵头单位：") + d.lead_unit);
  }
  if (!d.co_units.empty()) terms.push_back("协办单位：" + join(d.co_units, "、"));
  if (!d.deadline.empty()) terms.push_back("完成时限：" + chinese_deadline(d.deadline) + "前");
  if (!terms.empty()) text += "（" + join(terms, "；") + "）";
  return text + "。";
}

namespace {

std::string or_dash(std::string s) {
  return s.empty() ? std::string("—") : s;
}

// The annex's rows, in the body's order, numbered by their place in it.
std::vector<jline> annex_rows(const jiyao_draft& d) {
  std::vector<jline> rows;
  int n = 0;
  for (const auto& s : d.sections) {
    ++n;
    int k = 0;
    for (const auto& dec : s.decisions) {
      jline row{jline_kind::annex_row, {}, {}, dec.decision_id, {}};
      std::string text = dec.text;
      for (auto stop : {"。"sv, "；"sv, "."sv, ";"sv}) {
        if (text.ends_with(stop)) text.resize(text.size() - stop.size());
      }
      row.cells = {chinese_number(n) + sub_number(++k),
                   std::move(text),
                   or_dash(dec.lead_unit),
                   or_dash(join(dec.co_units, "、")),
                   dec.deadline.empty() ? "—" : chinese_deadline(dec.deadline),
                   or_dash(dec.supervisor)};
      if (!d.follow_up_as_of.empty()) row.cells.push_back(or_dash(dec.follow_up));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace

std::vector<jline> layout_jiyao(const jiyao_draft& d) {
  std::vector<jline> out;
  if (auto mark = level_marking(d.marking); !mark.empty())
    out.push_back(ln(jline_kind::marking, {}, mark));
  out.push_back(ln(jline_kind::heading, {}, d.heading));
  if (!d.issue_number.empty()) out.push_back(ln(jline_kind::issue_number, {}, d.issue_number));
  out.push_back(ln(jline_kind::masthead, d.issuer, d.date));
  out.push_back(ln(jline_kind::opening, {}, d.opening));
  int n = 0;
  for (const auto& s : d.sections) {
    ++n;
    if (s.withheld) {
      out.push_back(ln(jline_kind::section_title, {}, chinese_number(n) + "、" + withheld_title));
      out.push_back(ln(jline_kind::withheld, {}, withheld_notice));
      continue;
    }
    out.push_back(ln(jline_kind::section_title, {}, chinese_number(n) + "、" + s.title));
    for (const auto& st : s.statements) {
      if (st.kind != statement_kind::required)
        out.push_back(ln(jline_kind::statement, {}, st.text));
    }
    if (!s.decisions.empty()) {
      out.push_back(ln(jline_kind::decisions_lead, {}, "会议议定事项如下："));
      int k = 0;
      for (const auto& dec : s.decisions) {
        out.push_back(jline{
            jline_kind::decision, sub_number(++k), decision_sentence(dec), dec.decision_id, {}});
      }
    }
    for (const auto& st : s.statements) {
      if (st.kind == statement_kind::required)
        out.push_back(ln(jline_kind::statement, {}, st.text));
    }
  }
  if (!d.attended.empty())
    out.push_back(ln(jline_kind::attendance, "出席：", join(d.attended, "、")));
  if (!d.on_leave.empty())
    out.push_back(ln(jline_kind::attendance, "请假：", join(d.on_leave, "、")));
  if (!d.sat_in.empty()) out.push_back(ln(jline_kind::attendance, "列席：", join(d.sat_in, "、")));
  if (!d.recorders.empty())
    out.push_back(ln(jline_kind::recorder, "记录人：", join(d.recorders, "、")));
  if (auto rows = annex_rows(d); !rows.empty()) {
    out.push_back(ln(jline_kind::annex_note, "附件：", annex_name));
    out.push_back(ln(jline_kind::annex_title, "附件", annex_name));
    if (!d.follow_up_as_of.empty()) {
      out.push_back(ln(jline_kind::annex_as_of, {}, "督办情况截至" + d.follow_up_as_of));
    }
    jline head{jline_kind::annex_head, {}, {}, {}, {}};
    head.cells = {"序号", "议定事项", "牵头单位", "协办单位", "完成时限", "督办人"};
    if (!d.follow_up_as_of.empty()) head.cells.push_back("办理情况");
    out.push_back(std::move(head));
    for (auto& r : rows) out.push_back(std::move(r));
  }
  if (!d.distribution.empty()) {
    out.push_back(ln(jline_kind::distribution, "分送：", join(d.distribution, "，") + "。"));
  }
  out.push_back(ln(jline_kind::printed, d.issuer, d.date + "印发"));
  return out;
}

std::string jiyao_text(const std::vector<jline>& lines) {
  std::string dashes;
  for (int i = 0; i < 30; ++i) dashes += "—";
  std::string out;
  jline_kind prev = jline_kind::marking;
  for (const auto& l : lines) {
    const bool gap = l.kind == jline_kind::opening || l.kind == jline_kind::section_title ||
                     l.kind == jline_kind::annex_note || l.kind == jline_kind::annex_title ||
                     (l.kind == jline_kind::attendance && prev != jline_kind::attendance);
    if (gap) out += '\n';
    switch (l.kind) {
      case jline_kind::masthead:
        out += l.label + (l.label.empty() ? "" : "　　") + l.text + "\n" + dashes + "\n";
        break;
      case jline_kind::distribution:
        out += "\n" + dashes + "\n" + l.label + l.text + "\n";
        break;
      case jline_kind::printed:
        if (prev != jline_kind::distribution) out += "\n" + dashes + "\n";
        out += l.label + (l.label.empty() ? "" : "　　") + l.text + "\n" + dashes + "\n";
        break;
      case jline_kind::annex_title:
        out += l.label + "\n" + l.text + "\n";
        break;
      case jline_kind::annex_head:
      case jline_kind::annex_row:
        out += join(l.cells, "｜") + "\n";
        break;
      default:
        out += l.label + l.text + "\n";
    }
    prev = l.kind;
  }
  return out;
}

std::string jiyao_markdown(const std::vector<jline>& lines) {
  std::string out;
  bool in_table = false;
  for (const auto& l : lines) {
    const bool row = l.kind == jline_kind::annex_head || l.kind == jline_kind::annex_row;
    if (in_table && !row) out += "\n";  // a table ends at a blank line
    in_table = row;
    switch (l.kind) {
      case jline_kind::marking:
        out += "**" + md(l.text) + "**\n\n";
        break;
      case jline_kind::heading:
        out += "# " + md(l.text) + "\n\n";
        break;
      case jline_kind::issue_number:
        out += md(l.text) + "\n\n";
        break;
      case jline_kind::masthead:
        out += md(l.label) + (l.label.empty() ? "" : "　　") + md(l.text) + "\n\n---\n\n";
        break;
      case jline_kind::section_title:
        out += "## " + md(l.text) + "\n\n";
        break;
      case jline_kind::attendance:
      case jline_kind::recorder:
        out += "**" + md(l.label) + "**" + md(l.text) + "\n\n";
        break;
      case jline_kind::distribution:
        out += "---\n\n**" + md(l.label) + "**" + md(l.text) + "\n\n";
        break;
      case jline_kind::annex_note:
      case jline_kind::annex_as_of:
        out += md(l.label) + md(l.text) + "\n\n";
        break;
      case jline_kind::annex_title:
        out += "**" + md(l.label) + "**\n\n## " + md(l.text) + "\n\n";
        break;
      case jline_kind::annex_head:
      case jline_kind::annex_row: {
        out += "|";
        for (const auto& c : l.cells) out += " " + md(c) + " |";
        out += "\n";
        if (l.kind == jline_kind::annex_head) {
          out += "|";
          for (std::size_t i = 0; i < l.cells.size(); ++i) out += " --- |";
          out += "\n";
        }
        break;
      }
      case jline_kind::printed:
        out += "---\n\n" + md(l.label) + (l.label.empty() ? "" : "　　") + md(l.text) + "\n";
        break;
      default:
        if (is_body(l.kind)) out += md(l.label) + md(l.text) + "\n\n";
    }
  }
  return out;
}

}  // namespace huiwu::exports
