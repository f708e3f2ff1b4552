// Follow-up (督办) inside the meeting aggregate: decisions (决定事项) are part of the
// meeting, created and moved through their workflow by changes that are decided here and
// appended to the meeting's log like any other. The workflow itself (states, who may do
// what, the history) is service/followup's pure state machine; this file maps the wire's
// Decision onto it and back, and adds what belongs to the meeting: the agenda item and the
// passage of its minutes a decision came from, the next id, the reminders recorded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/rejection.hpp"
#include "followup/deadline_clock.hpp"
#include "followup/decision_item.hpp"
#include "followup/time_zone.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

inline constexpr int max_decisions = 500;       // per meeting
inline constexpr int max_decision_people = 20;  // co-operating units / accounts
inline constexpr std::string_view default_decision_zone = "Asia/Shanghai";

// create_decision, decision_action or remind_decision.
bool is_decision_change(const v1::Change& c);

// Decides one of the three; `out` gets the resolved change (the whole decision after it).
maybe_rejection decide_decision(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                                v1::Change& out);
// Applies a resolved decision change: the event's decision replaces the stored one (or is
// added, and the id counter moves, for create_decision).
void apply_decision(v1::Meeting& m, const v1::Change& c);

const v1::Decision* find_decision(const v1::Meeting& m, const std::string& id);

// The zone of a decision ("" = Asia/Shanghai), loaded from the system's tz database once
// per name and shared; nullptr when the name is not a zone.
std::shared_ptr<const followup::time_zone> decision_zone(const std::string& name);

// The follow-up core's view of a decision (state, deadline, extension, history).
followup::decision_item to_item(const v1::Decision& d);

struct decision_clock {
  followup::deadline_light light = followup::deadline_light::green;
  std::int64_t due_soon_at_ms = 0;
  std::int64_t overdue_at_ms = 0;
  std::int64_t days_left = 0;
  std::int64_t days_late = 0;
  bool closed_on_time = false;
};
// Lights and days, computed from the deadline, the zone and `now_ms` (never stored).
decision_clock assess_decision(const v1::Decision& d, std::int64_t now_ms);

// When the next reminder of the decision falls due (unix ms), 0 when none is left: closed
// or cancelled, or the overdue reminder for the current deadline recorded. After 退回交办
// the supervisor's reminder to assign again ("reassign") comes first when it is earlier.
// The score of the decision in the hw:due sorted set.
std::int64_t next_reminder_at(const v1::Decision& d);
// 退回交办 waiting for the supervisor: the return's history seq, the day to assign again
// by (YYYY-MM-DD), when that reminder falls due, and whether it was recorded already.
struct pending_reassign {
  std::int64_t seq = 0;
  std::string by;
  std::int64_t remind_at_ms = 0;
  bool reminded = false;
};
std::optional<pending_reassign> reassign_pending(const v1::Decision& d);
// Whether the reminder `kind` was recorded for the decision's current deadline.
bool reminder_sent(const v1::Decision& d, std::string_view kind);
// The reminder kind the scheduler records at `now_ms` ("reassign" when a return waits past
// its day and was not reminded of, else "overdue" once past the deadline, else "due_soon").
std::string reminder_kind_at(const v1::Decision& d, std::int64_t now_ms);

// The roles `account_id` holds on the decision: "supervisor", "lead", "co_operator" (named
// on it) and "chair" (the meeting's chair).
std::vector<std::string> decision_roles(const v1::Meeting& m, const v1::Decision& d,
                                        const std::string& account_id);

// Access (decision_access.cpp): the item a decision change is about, and whether the viewer
// may make the change (the people named act without an invitation). Who may read a decision
// is access_rules.hpp's may_read_decision.
struct viewer;
const std::string& decision_item_of(const v1::Change& c, const v1::Meeting& m);
maybe_rejection check_decision_change(const v1::Meeting& m, const viewer& v, const v1::Change& c);

// Whether the change may alter what the board shows of the meeting's decisions (the
// decisions themselves, the meeting's title or level, an item's title or level).
bool changes_decision_records(const v1::Meeting& before, const v1::Change& c);
// The board's record of every decision of the meeting, as of `m`.
std::vector<v1::DecisionRecord> decision_records(const v1::Meeting& m);

}  // namespace huiwu::domain
