// The clock side of decisions: zones, lights, the reminder schedule, and the board's
// records (decision_logic.hpp).
#include <algorithm>
#include <map>
#include <mutex>

#include "domain/decision_logic.hpp"
#include "domain/meeting_lookup.hpp"
#include "followup/tz_loader.hpp"

namespace huiwu::domain {

namespace fu = followup;

bool reminder_sent(const v1::Decision& d, std::string_view kind) {
  return std::any_of(d.reminders().begin(), d.reminders().end(),
                     [&](const v1::DecisionReminderSent& r) {
                       return r.kind() == kind && r.deadline() == d.deadline();
                     });
}

std::shared_ptr<const fu::time_zone> decision_zone(const std::string& name_in) {
  const std::string name = name_in.empty() ? std::string(default_decision_zone) : name_in;
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const fu::time_zone>> zones;
  std::lock_guard lock(mutex);
  if (auto it = zones.find(name); it != zones.end()) return it->second;
  if (zones.size() >= 64 || !fu::valid_zone_name(name)) return nullptr;
  auto z = fu::load_time_zone(name);
  std::shared_ptr<const fu::time_zone> p;
  if (z) p = std::make_shared<const fu::time_zone>(std::move(*z));
  zones.emplace(name, p);  // a miss is remembered too: no file read per request
  return p;
}

fu::decision_item to_item(const v1::Decision& d) {
  fu::decision_item item;
  item.id = d.id();
  item.state = fu::parse_item_state(d.state()).value_or(fu::item_state::opened);
  item.deadline = fu::parse_date(d.deadline()).value_or(fu::civil_date{});
  if (d.has_pending_extension()) {
    const auto& p = d.pending_extension();
    item.pending_extension =
        fu::extension_request{fu::parse_date(p.proposed()).value_or(fu::civil_date{}), p.reason(),
                              p.requested_by(), p.requested_at_ms()};
  }
  if (d.completion_reported_at_ms()) item.completion_reported_at_ms = d.completion_reported_at_ms();
  if (d.closed_at_ms()) item.closed_at_ms = d.closed_at_ms();
  for (const auto& w : d.history()) {
    fu::history_entry e;
    e.seq = w.seq();
    e.actor = w.actor();
    e.role = fu::parse_actor_role(w.role()).value_or(fu::actor_role::supervisor);
    e.at_ms = w.at_ms();
    e.action = fu::parse_action_kind(w.action()).value_or(fu::action_kind::open);
    e.text = w.text();
    e.from_state = fu::parse_item_state(w.from_state()).value_or(fu::item_state::opened);
    e.to_state = fu::parse_item_state(w.to_state()).value_or(fu::item_state::opened);
    e.deadline = fu::parse_date(w.deadline());
    e.previous_deadline = fu::parse_date(w.previous_deadline());
    item.history.push_back(std::move(e));
  }
  return item;
}

decision_clock assess_decision(const v1::Decision& d, std::int64_t now_ms) {
  decision_clock c;
  const auto zone = decision_zone(d.time_zone());
  if (!zone) return c;
  const auto item = to_item(d);
  const auto v = fu::assess(item, *zone, now_ms, {d.due_soon_days()});
  c.light = v.light;
  c.due_soon_at_ms = v.due_soon_at_ms;
  c.overdue_at_ms = v.overdue_at_ms;
  c.days_left = v.days_left;
  c.days_late = v.days_late;
  c.closed_on_time = fu::closed_on_time(item, *zone);
  return c;
}

std::optional<pending_reassign> reassign_pending(const v1::Decision& d) {
  const auto zone = decision_zone(d.time_zone());
  if (!zone) return std::nullopt;
  const auto item = to_item(d);
  const auto p = fu::returned_pending(item, *zone);
  if (!p) return std::nullopt;
  pending_reassign out;
  out.seq = p->entry->seq;
  out.by = fu::format_date(p->by);
  out.remind_at_ms = p->remind_at_ms;
  // Recorded for this return: a "reassign" reminder for its day, made after it.
  out.reminded = std::any_of(
      d.reminders().begin(), d.reminders().end(), [&](const v1::DecisionReminderSent& r) {
        return r.kind() == "reassign" && r.deadline() == out.by && r.at_ms() >= p->entry->at_ms;
      });
  return out;
}

std::int64_t next_reminder_at(const v1::Decision& d) {
  const auto state = fu::parse_item_state(d.state());
  if (!state || fu::is_final(*state)) return 0;
  std::int64_t reassign_at = 0;
  if (const auto r = reassign_pending(d); r && !r->reminded) reassign_at = r->remind_at_ms;
  auto first = [&](std::int64_t at) {
    return reassign_at && (!at || reassign_at < at) ? reassign_at : at;
  };
  if (reminder_sent(d, "overdue")) return first(0);
  const auto zone = decision_zone(d.time_zone());
  const auto deadline = fu::parse_date(d.deadline());
  if (!zone || !deadline) return first(0);
  if (!reminder_sent(d, "due_soon"))
    return first(fu::due_soon_at_ms(*deadline, *zone, {d.due_soon_days()}));
  return first(fu::overdue_at_ms(*deadline, *zone));
}

std::string reminder_kind_at(const v1::Decision& d, std::int64_t now_ms) {
  if (const auto r = reassign_pending(d); r && !r->reminded && now_ms >= r->remind_at_ms) {
    return "reassign";
  }
  const auto zone = decision_zone(d.time_zone());
  const auto deadline = fu::parse_date(d.deadline());
  if (zone && deadline && now_ms >= fu::overdue_at_ms(*deadline, *zone)) return "overdue";
  return "due_soon";
}

bool changes_decision_records(const v1::Meeting& before, const v1::Change& c) {
  if (is_decision_change(c)) return true;
  if (before.decisions_size() == 0) return false;
  return c.has_update_info() || c.has_edit_item() || c.has_remove_item() ||
         c.has_postpone_meeting();
}

std::vector<v1::DecisionRecord> decision_records(const v1::Meeting& m) {
  std::vector<v1::DecisionRecord> out;
  for (const auto& d : m.decisions()) {
    v1::DecisionRecord r;
    r.set_meeting_id(m.id());
    r.set_meeting_title(m.info().title());
    r.set_meeting_level(m.info().level());
    r.set_meeting_starts_at_ms(m.info().starts_at_ms());
    // A removed item's decisions stay; they are as secret as can be until someone decides.
    const auto* item = find_item(m, d.item_id());
    r.set_item_title(item ? item->title() : std::string());
    r.set_item_level(item ? item->level() : v1::LEVEL_SECRET);
    *r.mutable_decision() = d;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace huiwu::domain
