#include "export/jiyao_stored.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace huiwu::exports {
namespace {

using namespace std::string_literals;

bool is_requirement(std::string_view line) {
  constexpr std::array<std::string_view, 4> verbs{"会议要求", "会议强调", "会议提出", "会议责成"};
  for (auto v : verbs) {
    if (line.substr(0, v.size()) == v) return true;
  }
  return false;
}

std::string_view trim_line(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  // The ideographic space a secretary may indent with.
  constexpr std::string_view ideo = "\u3000";
  while (s.substr(0, ideo.size()) == ideo) s.remove_prefix(ideo.size());
  return s;
}

}  // namespace

v1::JiyaoDecision stored_decision(const jiyao_decision& dec) {
  v1::JiyaoDecision x;
  x.set_decision_id(dec.decision_id);
  x.set_text(dec.text);
  x.set_lead_unit(dec.lead_unit);
  for (const auto& c : dec.co_units) x.add_co_units(c);
  x.set_deadline(dec.deadline);
  x.set_supervisor_name(dec.supervisor);
  return x;
}

v1::Jiyao stored_jiyao(const jiyao_draft& d, v1::Level meeting_level) {
  v1::Jiyao j;
  j.set_heading(d.heading);
  j.set_issuer(d.issuer);
  j.set_date(d.date);
  j.set_opening(d.opening);
  j.set_meeting_version(d.meeting_version);
  for (const auto& s : d.sections) {
    auto* o = j.add_sections();
    o->set_id("j:"s + (s.item_id.empty() ? "other"s : s.item_id));
    o->set_item_id(s.item_id);
    o->set_title(s.title);
    o->set_level(s.item_id.empty() ? meeting_level : s.level);
    std::string text;
    for (const auto& st : s.statements) {
      if (!text.empty()) text += '\n';
      text += st.text;
    }
    o->set_text(std::move(text));
    for (const auto& dec : s.decisions) *o->add_decisions() = stored_decision(dec);
  }
  for (const auto& n : d.attended) j.add_attended(n);
  for (const auto& n : d.on_leave) j.add_on_leave(n);
  for (const auto& n : d.sat_in) j.add_sat_in(n);
  for (const auto& n : d.recorders) j.add_recorders(n);
  for (const auto& n : d.distribution) j.add_distribution(n);
  return j;
}

jiyao_draft draft_of(const v1::Jiyao& j, const std::string& meeting_id) {
  jiyao_draft d;
  d.meeting_id = meeting_id;
  d.meeting_version = j.meeting_version();
  d.heading = j.heading();
  d.issue_number = j.issue_number();
  d.issuer = j.issuer();
  d.date = j.date();
  d.opening = j.opening();
  for (const auto& s : j.sections()) {
    jiyao_section o;
    o.withheld = s.withheld();
    if (o.withheld) {
      d.sections.push_back(std::move(o));
      continue;
    }
    o.item_id = s.item_id();
    o.title = s.title();
    o.level = s.level();
    d.marking = std::max(d.marking, s.level());
    std::string_view text = s.text();
    while (!text.empty()) {
      const auto nl = text.find('\n');
      const auto line = trim_line(text.substr(0, nl));
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (line.empty()) continue;
      o.statements.push_back(
          {is_requirement(line) ? statement_kind::required : statement_kind::heard,
           std::string(line)});
    }
    for (const auto& x : s.decisions()) {
      jiyao_decision dec;
      dec.decision_id = x.decision_id();
      dec.text = x.text();
      dec.lead_unit = x.lead_unit();
      dec.co_units.assign(x.co_units().begin(), x.co_units().end());
      dec.deadline = x.deadline();
      dec.supervisor = x.supervisor_name();
      o.decisions.push_back(std::move(dec));
    }
    d.sections.push_back(std::move(o));
  }
  d.attended.assign(j.attended().begin(), j.attended().end());
  d.on_leave.assign(j.on_leave().begin(), j.on_leave().end());
  d.sat_in.assign(j.sat_in().begin(), j.sat_in().end());
  d.recorders.assign(j.recorders().begin(), j.recorders().end());
  d.distribution.assign(j.distribution().begin(), j.distribution().end());
  return d;
}

}  // namespace huiwu::exports
