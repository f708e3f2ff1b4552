#include "followup/deadline_clock.hpp"

#include <algorithm>

namespace huiwu::followup {
namespace {

int clamp_days(const clock_config& cfg) {
  return std::clamp(cfg.due_soon_days, 0, max_due_soon_days);
}

}  // namespace

std::string_view to_string(deadline_light l) {
  switch (l) {
    case deadline_light::none:
      return "none";
    case deadline_light::green:
      return "green";
    case deadline_light::yellow:
      return "yellow";
    case deadline_light::red:
      return "red";
  }
  return "none";
}

std::string_view to_string(reminder_kind k) {
  return k == reminder_kind::due_soon ? "due_soon" : "overdue";
}

std::int64_t due_soon_at_ms(const civil_date& deadline, const time_zone& zone,
                            const clock_config& cfg) {
  return zone.start_of_day_ms(add_days(deadline, -clamp_days(cfg)));
}

std::int64_t overdue_at_ms(const civil_date& deadline, const time_zone& zone) {
  return zone.start_of_day_ms(add_days(deadline, 1));
}

std::int64_t days_late(const civil_date& deadline, const time_zone& zone, std::int64_t at_ms) {
  return std::max<std::int64_t>(0, days_between(deadline, zone.local_date(at_ms)));
}

deadline_view assess(const decision_item& item, const time_zone& zone, std::int64_t now_ms,
                     const clock_config& cfg) {
  deadline_view v;
  v.due_soon_at_ms = due_soon_at_ms(item.deadline, zone, cfg);
  v.overdue_at_ms = overdue_at_ms(item.deadline, zone);
  v.days_left = days_between(zone.local_date(now_ms), item.deadline);
  if (item.state == item_state::cancelled) {
    v.light = deadline_light::none;
    return v;
  }
  if (item.state == item_state::closed) {
    v.light = deadline_light::none;
    const auto done_at =
        item.completion_reported_at_ms ? item.completion_reported_at_ms : item.closed_at_ms;
    v.days_late = done_at ? days_late(item.deadline, zone, *done_at) : 0;
    return v;
  }
  v.days_late = days_late(item.deadline, zone, now_ms);
  if (now_ms >= v.overdue_at_ms) {
    v.light = deadline_light::red;
  } else if (now_ms >= v.due_soon_at_ms) {
    v.light = deadline_light::yellow;
    v.next_change_at_ms = v.overdue_at_ms;
  } else {
    v.light = deadline_light::green;
    v.next_change_at_ms = v.due_soon_at_ms;
  }
  return v;
}

bool overdue(const decision_item& item, const time_zone& zone, std::int64_t now_ms) {
  return !is_final(item.state) && now_ms >= overdue_at_ms(item.deadline, zone);
}

bool due_soon(const decision_item& item, const time_zone& zone, std::int64_t now_ms,
              const clock_config& cfg) {
  return assess(item, zone, now_ms, cfg).light == deadline_light::yellow;
}

bool closed_on_time(const decision_item& item, const time_zone& zone) {
  if (item.state != item_state::closed) return false;
  const auto done_at =
      item.completion_reported_at_ms ? item.completion_reported_at_ms : item.closed_at_ms;
  return done_at && days_late(item.deadline, zone, *done_at) == 0;
}

std::vector<reminder> due_reminders(const decision_item& item, const time_zone& zone,
                                    std::int64_t now_ms, const clock_config& cfg) {
  std::vector<reminder> out;
  if (is_final(item.state)) return out;
  const std::string suffix = "|" + format_date(item.deadline);
  const std::int64_t red_at = overdue_at_ms(item.deadline, zone);
  const std::int64_t yellow_at = due_soon_at_ms(item.deadline, zone, cfg);
  if (now_ms >= red_at) {
    out.push_back({reminder_kind::overdue, red_at, item.id + "|overdue" + suffix});
  } else if (now_ms >= yellow_at) {
    out.push_back({reminder_kind::due_soon, yellow_at, item.id + "|due_soon" + suffix});
  }
  return out;
}

std::optional<pending_return> returned_pending(const decision_item& item, const time_zone& zone) {
  // Out of `opened` only by assign (or cancel, final): opened with a return behind it means
  // the last return still waits for the supervisor.
  if (item.state != item_state::opened) return std::nullopt;
  for (auto it = item.history.rbegin(); it != item.history.rend(); ++it) {
    if (it->action != action_kind::return_assignment) continue;
    pending_return p;
    p.entry = &*it;
    p.by =
        it->deadline ? *it->deadline : add_days(zone.local_date(it->at_ms), default_reassign_days);
    p.remind_at_ms = zone.start_of_day_ms(p.by);
    return p;
  }
  return std::nullopt;
}

}  // namespace huiwu::followup
