// The clock rules of follow-up: lights (green / yellow "due soon" / red "overdue"), the
// instants at which they change (for a Redis sorted set of reminders), days left and days
// late. A deadline is a calendar date in the meeting's time zone and means "by the end of
// that day there". Everything is computed from the deadline and the clock, never typed
// (不能报喜不报忧): an item past its deadline and not closed or cancelled is overdue
// whatever state it is in, including completion_reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "followup/civil_date.hpp"
#include "followup/decision_item.hpp"
#include "followup/time_zone.hpp"

namespace huiwu::followup {

inline constexpr int max_due_soon_days = 366;
// 退回交办: the supervisor is reminded to assign again this many days after the return,
// unless the return names another day (at most max_reassign_days ahead).
inline constexpr int default_reassign_days = 2;
inline constexpr int max_reassign_days = 366;

struct clock_config {
  // Yellow from the start of day (deadline - due_soon_days): with 3 and a deadline on the
  // 20th, the light turns yellow on the 17th at 00:00 local time; 0 = only on the day.
  // Clamped to [0, max_due_soon_days].
  int due_soon_days = 3;
};

enum class deadline_light {
  none,    // closed or cancelled: no light
  green,   // on track
  yellow,  // due soon
  red,     // overdue
};
std::string_view to_string(deadline_light l);

struct deadline_view {
  deadline_light light = deadline_light::green;
  std::int64_t due_soon_at_ms = 0;  // start of day (deadline - due_soon_days), local
  std::int64_t overdue_at_ms = 0;   // start of the day after the deadline, local
  // When the light changes next (due_soon_at_ms or overdue_at_ms); nullopt once red, or
  // for closed and cancelled items.
  std::optional<std::int64_t> next_change_at_ms;
  std::int64_t days_left = 0;  // deadline - today's local date; negative when late
  // Calendar days past the deadline: today's for open items; for closed items as of the
  // accepted completion report (else the closing); 0 for cancelled ones.
  std::int64_t days_late = 0;
};

std::int64_t due_soon_at_ms(const civil_date& deadline, const time_zone& zone,
                            const clock_config& cfg);
std::int64_t overdue_at_ms(const civil_date& deadline, const time_zone& zone);
// Calendar days after the deadline on the local date of `at_ms` (0 when not after it).
std::int64_t days_late(const civil_date& deadline, const time_zone& zone, std::int64_t at_ms);

deadline_view assess(const decision_item& item, const time_zone& zone, std::int64_t now_ms,
                     const clock_config& cfg = {});

bool overdue(const decision_item& item, const time_zone& zone, std::int64_t now_ms);
bool due_soon(const decision_item& item, const time_zone& zone, std::int64_t now_ms,
              const clock_config& cfg = {});
// Closed with its accepted completion report on or before the deadline day.
bool closed_on_time(const decision_item& item, const time_zone& zone);

// Reminders (催办): one per (item, kind, deadline). A changed deadline (an approved
// extension) starts a fresh pair; claiming the key in Redis makes each fire once.
enum class reminder_kind { due_soon, overdue };
std::string_view to_string(reminder_kind k);

struct reminder {
  reminder_kind kind = reminder_kind::due_soon;
  std::int64_t at_ms = 0;  // the instant it became due
  std::string key;         // "<item id>|<kind>|<deadline>", the exactly-once claim
};

// The reminders whose instant has come at `now_ms` for the item's current deadline. When
// the item is already overdue only the overdue one is returned (a stale yellow after an
// outage is noise). Empty for closed and cancelled items.
std::vector<reminder> due_reminders(const decision_item& item, const time_zone& zone,
                                    std::int64_t now_ms, const clock_config& cfg = {});

// An assignment returned (退回交办) and not assigned again yet: the item is back in
// `opened` with a return in its history. `by` is the day the supervisor is to assign it
// again by (the return's `deadline`; a return recorded without one: its day plus
// default_reassign_days); the reminder falls due at the start of that day.
struct pending_return {
  const history_entry* entry = nullptr;  // the last return_assignment
  civil_date by;
  std::int64_t remind_at_ms = 0;
};
std::optional<pending_return> returned_pending(const decision_item& item, const time_zone& zone);

}  // namespace huiwu::followup
