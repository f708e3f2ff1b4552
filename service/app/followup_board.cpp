#include "app/followup_board.hpp"

#include <algorithm>
#include <map>

#include "followup/league.hpp"
#include "followup/state_table.hpp"

namespace huiwu::app {
namespace json = boost::json;
namespace fu = followup;

namespace {

bool contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool is_final_state(const std::string& s) {
  return s == "closed" || s == "cancelled";
}

int urgency(const board_row& r) {
  switch (r.clock.light) {
    case fu::deadline_light::red:
      return 0;
    case fu::deadline_light::yellow:
      return 1;
    case fu::deadline_light::green:
      return 2;
    default:
      return 3;
  }
}

std::string zh(std::string_view state) {
  auto s = fu::parse_item_state(state);
  return s ? std::string(fu::label_zh(*s)) : std::string(state);
}

const v1::DecisionEntry* last_report(const v1::Decision& d) {
  for (int i = d.history_size() - 1; i >= 0; --i) {
    const auto& e = d.history(i);
    if (e.action() == "report_progress" || e.action() == "report_completion") return &e;
  }
  return nullptr;
}

// The last 退回交办 of the decision, or null.
const v1::DecisionEntry* last_return(const v1::Decision& d) {
  for (int i = d.history_size() - 1; i >= 0; --i) {
    if (d.history(i).action() == "return_assignment") return &d.history(i);
  }
  return nullptr;
}

// The 退回交办 cell of the exports: waiting for the supervisor (with the day to assign again
// by), or returned once and assigned again since; empty when never returned.
std::string return_words(const v1::Decision& d, const v1::DecisionEntry& e) {
  std::string day;
  if (auto zone = domain::decision_zone(d.time_zone())) {
    day = fu::format_date(zone->local_date(e.at_ms()));
  }
  if (d.state() == "opened") {
    return day + " 退回，待重新交办" + (e.deadline().empty() ? "" : "（" + e.deadline() + " 前）");
  }
  return day + " 退回，已重新交办";
}

json::array strings(const google::protobuf::RepeatedPtrField<std::string>& list) {
  json::array a;
  for (const auto& s : list) a.emplace_back(s);
  return a;
}

}  // namespace

board_filter parse_filter(const net::query_params& q) {
  return {q.value_or("state"), q.value_or("unit"), q.value_or("person"), q.value_or("meeting"),
          q.value_or("light"), q.value_or("from"), q.value_or("to")};
}

bool may_see_record(const v1::DecisionRecord& r, const v1::MeetingSummary* summary,
                    const domain::viewer& v) {
  return domain::may_read_decision(domain::audience_of(r, summary, v.account_id), v);
}

std::vector<std::string> record_roles(const v1::DecisionRecord& r,
                                      const v1::MeetingSummary* summary,
                                      const std::string& account_id) {
  std::vector<std::string> roles;
  const auto& d = r.decision();
  if (d.supervisor_account() == account_id) roles.emplace_back("supervisor");
  if (d.lead_account() == account_id) roles.emplace_back("lead");
  if (contains(d.co_accounts(), account_id)) roles.emplace_back("co_operator");
  if (summary && domain::wire_role(*summary, account_id) == v1::ROLE_CHAIR &&
      summary->created_by() != account_id) {
    roles.emplace_back("chair");
  }
  return roles;
}

bool matches(const board_row& row, const board_filter& f) {
  const auto& d = row.record.decision();
  if (f.state == "open") {
    if (is_final_state(d.state())) return false;
  } else if (!f.state.empty() && d.state() != f.state) {
    return false;
  }
  if (!f.unit.empty() && d.lead_unit() != f.unit && !contains(d.co_units(), f.unit)) return false;
  if (!f.person.empty() && d.lead_account() != f.person && d.supervisor_account() != f.person &&
      !contains(d.co_accounts(), f.person)) {
    return false;
  }
  if (!f.meeting.empty() && row.record.meeting_id() != f.meeting) return false;
  if (!f.light.empty() && f.light != fu::to_string(row.clock.light)) return false;
  if (!f.from.empty() && d.deadline() < f.from) return false;  // YYYY-MM-DD sorts as text
  if (!f.to.empty() && d.deadline() > f.to) return false;
  return true;
}

void sort_by_urgency(std::vector<board_row>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const board_row& a, const board_row& b) {
    const int ua = urgency(a), ub = urgency(b);
    if (ua != ub) return ua < ub;
    const auto &da = a.record.decision(), &db = b.record.decision();
    if (da.deadline() != db.deadline()) return da.deadline() < db.deadline();
    if (da.priority() != db.priority()) return da.priority() > db.priority();
    return a.record.meeting_id() + da.id() < b.record.meeting_id() + db.id();
  });
}

json::object row_json(const board_row& row, bool with_history) {
  const auto& r = row.record;
  const auto& d = r.decision();
  json::object o{{"meeting_id", r.meeting_id()},
                 {"meeting_title", r.meeting_title()},
                 {"item_id", d.item_id()},
                 {"item_title", r.item_title()},
                 {"id", d.id()},
                 {"text", d.text()},
                 {"lead_unit", d.lead_unit()},
                 {"lead_account", d.lead_account()},
                 {"lead_name", d.lead_name()},
                 {"co_units", strings(d.co_units())},
                 {"co_accounts", strings(d.co_accounts())},
                 {"co_names", strings(d.co_names())},
                 {"supervisor_account", d.supervisor_account()},
                 {"supervisor_name", d.supervisor_name()},
                 {"deadline", d.deadline()},
                 {"time_zone", d.time_zone()},
                 {"priority", d.priority()},
                 {"state", d.state()},
                 {"state_zh", zh(d.state())},
                 {"light", fu::to_string(row.clock.light)},
                 {"days_left", row.clock.days_left},
                 {"days_late", row.clock.days_late},
                 {"created_at_ms", d.created_at_ms()}};
  if (const auto* e = last_report(d)) {
    o["last_report"] = e->text();
    o["last_report_at_ms"] = e->at_ms();
  }
  if (const auto* e = last_return(d)) {
    // 退回交办: who returned it, when, why; pending until the supervisor assigns again.
    o["returned"] = json::object{{"at_ms", e->at_ms()},        {"by", e->actor()},
                                 {"by_name", e->actor_name()}, {"reason", e->text()},
                                 {"assign_by", e->deadline()}, {"pending", d.state() == "opened"}};
  }
  o["reminder_count"] = d.reminders_size();
  if (d.reminders_size() > 0) {
    const auto& last = d.reminders(d.reminders_size() - 1);
    o["last_reminder"] = json::object{{"kind", last.kind()}, {"at_ms", last.at_ms()}};
  }
  if (d.has_pending_extension()) {
    o["pending_extension"] = json::object{{"proposed", d.pending_extension().proposed()},
                                          {"reason", d.pending_extension().reason()},
                                          {"requested_by", d.pending_extension().requested_by()}};
  }
  json::array roles, actions;
  const auto state = fu::parse_item_state(d.state());
  for (const auto& role : row.my_roles) {
    roles.emplace_back(role);
    const auto ar = fu::parse_actor_role(role);
    if (!state || !ar) continue;
    for (auto a : fu::allowed_actions(*state, *ar)) {
      actions.emplace_back(json::object{{"action", fu::to_string(a)},
                                        {"label", fu::label_zh(a)},
                                        {"role", role},
                                        {"role_label", fu::label_zh(*ar)}});
    }
  }
  o["my_roles"] = std::move(roles);
  o["actions"] = std::move(actions);
  if (with_history) {
    json::array h;
    for (const auto& e : d.history()) {
      std::string action_label = e.action();
      if (auto a = fu::parse_action_kind(e.action())) action_label = fu::label_zh(*a);
      h.emplace_back(json::object{{"seq", e.seq()},
                                  {"actor", e.actor()},
                                  {"actor_name", e.actor_name()},
                                  {"role", e.role()},
                                  {"at_ms", e.at_ms()},
                                  {"action", e.action()},
                                  {"action_zh", action_label},
                                  {"text", e.text()},
                                  {"from_state", e.from_state()},
                                  {"to_state", e.to_state()},
                                  {"to_state_zh", zh(e.to_state())},
                                  {"deadline", e.deadline()},
                                  {"previous_deadline", e.previous_deadline()},
                                  // An assign to another lead (after 退回交办): who now.
                                  {"lead_account", e.lead_account()},
                                  {"lead_name", e.lead_name()},
                                  {"lead_unit", e.lead_unit()}});
    }
    o["history"] = std::move(h);
    json::array rem;
    for (const auto& x : d.reminders()) {
      rem.emplace_back(
          json::object{{"kind", x.kind()}, {"deadline", x.deadline()}, {"at_ms", x.at_ms()}});
    }
    o["reminders"] = std::move(rem);
    if (d.has_source()) {
      o["source"] = json::object{{"quote", d.source().quote()},
                                 {"start", d.source().start()},
                                 {"end", d.source().end()},
                                 {"version", d.source().version()}};
    }
  }
  return o;
}

json::object league_json(const std::vector<board_row>& rows) {
  struct tally {
    int total = 0, closed = 0, on_time = 0, overdue = 0, late_count = 0;
    std::int64_t late_days = 0;
  };
  std::map<std::string, tally> units;
  for (const auto& row : rows) {
    const auto& d = row.record.decision();
    if (d.state() == "cancelled") continue;
    auto& t = units[d.lead_unit()];
    ++t.total;
    const bool closed = d.state() == "closed";
    const bool overdue = row.clock.light == fu::deadline_light::red;
    if (closed) ++t.closed;
    if (closed && row.clock.closed_on_time) ++t.on_time;
    if (overdue) ++t.overdue;
    if (row.clock.days_late > 0) {
      ++t.late_count;
      t.late_days += row.clock.days_late;
    }
  }
  struct line {
    std::string unit;
    tally t;
    double rate;  // on time among the decisions whose outcome is known (closed or overdue)
  };
  const auto record = [](const tally& t) {
    return fu::unit_record{.closed = t.closed,
                           .closed_on_time = t.on_time,
                           .overdue = t.overdue,
                           .late = t.late_count};
  };
  std::vector<line> lines;
  for (const auto& [unit, t] : units) lines.push_back({unit, t, fu::on_time_rate(record(t))});
  std::stable_sort(lines.begin(), lines.end(), [](const line& a, const line& b) {
    if (a.rate != b.rate) return a.rate > b.rate;
    if (a.t.overdue != b.t.overdue) return a.t.overdue < b.t.overdue;
    return a.t.late_days < b.t.late_days;
  });
  json::array out;
  for (const auto& l : lines) {
    out.emplace_back(
        json::object{{"unit", l.unit},
                     {"total", l.t.total},
                     {"closed", l.t.closed},
                     {"closed_on_time", l.t.on_time},
                     {"overdue", l.t.overdue},
                     {"on_time_rate", l.rate},
                     // The colour from the unit's own record, not its rank (followup/league.hpp).
                     {"standing", std::string(fu::to_string(fu::standing_of(record(l.t))))},
                     {"average_days_late",
                      l.t.late_count ? static_cast<double>(l.t.late_days) / l.t.late_count : 0.0}});
  }
  return {{"units", std::move(out)}};
}

json::object digest_json(const std::vector<board_row>& rows, std::int64_t now_ms) {
  json::array overdue, this_week, awaiting;
  for (const auto& row : rows) {
    const auto& d = row.record.decision();
    if (is_final_state(d.state())) continue;
    if (d.state() == "completion_reported") awaiting.push_back(row_json(row, false));
    if (row.clock.light == fu::deadline_light::red) {
      overdue.push_back(row_json(row, false));
    } else if (row.clock.days_left <= 7) {
      this_week.push_back(row_json(row, false));
    }
  }
  return {{"now_ms", now_ms},
          {"overdue", std::move(overdue)},
          {"due_this_week", std::move(this_week)},
          {"awaiting_verification", std::move(awaiting)}};
}

fu::export_table export_rows(const std::vector<board_row>& rows) {
  fu::export_table t;
  t.header = {"序号",     "决定事项", "来源会议", "议题",     "牵头单位", "牵头责任人",
              "协办单位", "督办人",   "截止日期", "状态",     "灯",       "剩余天数",
              "逾期天数", "最近进展", "进展时间", "退回交办", "退回理由"};
  static const std::map<std::string, std::string> lights{
      {"green", "绿灯"}, {"yellow", "黄灯"}, {"red", "红灯"}, {"none", ""}};
  int n = 0;
  for (const auto& row : rows) {
    const auto& d = row.record.decision();
    std::string co;
    for (const auto& u : d.co_units()) co += (co.empty() ? "" : "、") + u;
    std::vector<fu::cell> cells{
        static_cast<double>(++n),
        d.text(),
        row.record.meeting_title(),
        row.record.item_title(),
        d.lead_unit(),
        d.lead_name().empty() ? d.lead_account() : d.lead_name(),
        co,
        d.supervisor_name().empty() ? d.supervisor_account() : d.supervisor_name()};
    if (auto date = fu::parse_date(d.deadline())) {
      cells.emplace_back(*date);
    } else {
      cells.emplace_back(fu::empty_cell{});
    }
    cells.emplace_back(zh(d.state()));
    cells.emplace_back(lights.at(std::string(fu::to_string(row.clock.light))));
    cells.emplace_back(static_cast<double>(row.clock.days_left));
    cells.emplace_back(static_cast<double>(row.clock.days_late));
    const auto zone = domain::decision_zone(d.time_zone());
    if (const auto* e = last_report(d)) {
      cells.emplace_back(e->text());
      if (zone) {
        cells.emplace_back(zone->local_date(e->at_ms()));
      } else {
        cells.emplace_back(fu::empty_cell{});
      }
    } else {
      cells.insert(cells.end(), 2, fu::empty_cell{});
    }
    if (const auto* e = last_return(d)) {
      cells.emplace_back(return_words(d, *e));
      cells.emplace_back(e->text());
    } else {
      cells.insert(cells.end(), 2, fu::empty_cell{});
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

}  // namespace huiwu::app
