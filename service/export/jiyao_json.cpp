#include "export/jiyao_json.hpp"

#include <boost/json/array.hpp>

namespace huiwu::exports {
namespace {

boost::json::array strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

const char* kind_name(jline_kind k) {
  switch (k) {
    case jline_kind::marking:
      return "marking";
    case jline_kind::heading:
      return "heading";
    case jline_kind::issue_number:
      return "issue_number";
    case jline_kind::masthead:
      return "masthead";
    case jline_kind::opening:
      return "opening";
    case jline_kind::section_title:
      return "section_title";
    case jline_kind::statement:
      return "statement";
    case jline_kind::decisions_lead:
      return "decisions_lead";
    case jline_kind::decision:
      return "decision";
    case jline_kind::withheld:
      return "withheld";
    case jline_kind::attendance:
      return "attendance";
    case jline_kind::recorder:
      return "recorder";
    case jline_kind::distribution:
      return "distribution";
    case jline_kind::printed:
      return "printed";
    case jline_kind::annex_note:
      return "annex_note";
    case jline_kind::annex_title:
      return "annex_title";
    case jline_kind::annex_as_of:
      return "annex_as_of";
    case jline_kind::annex_head:
      return "annex_head";
    case jline_kind::annex_row:
      return "annex_row";
  }
  return "statement";
}

const char* kind_name(statement_kind k) {
  switch (k) {
    case statement_kind::heard:
      return "heard";
    case statement_kind::assessed:
      return "assessed";
    case statement_kind::decided:
      return "decided";
    case statement_kind::required:
      return "required";
  }
  return "heard";
}

boost::json::object jiyao_json(const jiyao_draft& d, const std::vector<jline>& lines) {
  boost::json::object draft;
  draft["meeting_id"] = d.meeting_id;
  draft["meeting_version"] = d.meeting_version;
  draft["marking"] = v1::Level_Name(d.marking);
  draft["heading"] = d.heading;
  draft["issue_number"] = d.issue_number;
  draft["issuer"] = d.issuer;
  draft["date"] = d.date;
  draft["opening"] = d.opening;
  boost::json::array sections;
  for (const auto& s : d.sections) {
    boost::json::object o;
    o["withheld"] = s.withheld;
    if (!s.withheld) {
      o["item_id"] = s.item_id;
      o["title"] = s.title;
      o["level"] = v1::Level_Name(s.level);
      boost::json::array statements;
      for (const auto& st : s.statements) {
        statements.push_back(boost::json::object{{"kind", kind_name(st.kind)}, {"text", st.text}});
      }
      o["statements"] = std::move(statements);
      boost::json::array decisions;
      for (const auto& dec : s.decisions) {
        decisions.push_back(boost::json::object{{"decision_id", dec.decision_id},
                                                {"text", dec.text},
                                                {"lead_unit", dec.lead_unit},
                                                {"co_units", strings(dec.co_units)},
                                                {"deadline", dec.deadline},
                                                {"supervisor", dec.supervisor},
                                                {"follow_up", dec.follow_up}});
      }
      o["decisions"] = std::move(decisions);
    }
    sections.push_back(std::move(o));
  }
  draft["sections"] = std::move(sections);
  draft["attended"] = strings(d.attended);
  draft["on_leave"] = strings(d.on_leave);
  draft["sat_in"] = strings(d.sat_in);
  draft["recorders"] = strings(d.recorders);
  draft["distribution"] = strings(d.distribution);
  draft["follow_up_as_of"] = d.follow_up_as_of;
  boost::json::array out_lines;
  for (const auto& l : lines) {
    boost::json::object o{{"kind", kind_name(l.kind)}, {"label", l.label}, {"text", l.text}};
    if (!l.anchor.empty()) o["decision_id"] = l.anchor;
    if (!l.cells.empty()) o["cells"] = strings(l.cells);
    out_lines.push_back(std::move(o));
  }
  return boost::json::object{{"draft", std::move(draft)}, {"lines", std::move(out_lines)}};
}

}  // namespace huiwu::exports
