// The follow-up workflow as a pure state machine (sans-I/O, like the meeting logic): the
// server reads the item, resolves the acting person's role on it, calls decide() with the
// time it owns, persists the transition, then apply()s it. decide() never changes
// anything; apply() never refuses a transition decide() made for the same item.
//
// The allowed (state, action, role) table is in state_table.hpp; docs/followup-core.md
// prints it with the reasons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "followup/decision_item.hpp"
#include "followup/rejection.hpp"
#include "followup/result.hpp"
#include "followup/time_zone.hpp"

namespace huiwu::followup {

// Limits on what people type; over them the action is refused as too_large.
inline constexpr std::size_t max_text_bytes = 20'000;  // a report or a reason
inline constexpr std::size_t max_actor_bytes = 200;
// now_ms must fall between 2000-01-01 and 2200-01-01, as in the meeting logic.
inline constexpr std::int64_t min_now_ms = 946'684'800'000;
inline constexpr std::int64_t max_now_ms = 7'258'118'400'000;

struct action {
  action_kind kind = action_kind::report_progress;
  std::string actor;  // the acting person's id
  // The report (report_progress, report_completion: required), the reason (send_back,
  // request_extension, refuse_extension, cancel, return_assignment: required) or a note.
  std::string text;
  // open: the deadline (required). request_extension: the date asked for (required).
  // approve_extension: a different date the supervisor grants instead (optional). Refused
  // on every other action.
  std::optional<civil_date> date;
};

// Everything apply() needs, decided once: the history line to append and the derived
// fields it changes.
struct transition {
  history_entry entry;
  std::optional<civil_date> new_deadline;  // approve_extension
  bool pending_changes = false;            // true: pending_after replaces it
  std::optional<extension_request> pending_after;

  friend bool operator==(const transition&, const transition&) = default;
};

// Decides whether `role` may take action `a` on `current` at `now_ms`. The zone is the
// meeting's: "before the deadline" means before the end of the deadline day there. The
// checks run in this order, so the reason given is the most basic one: final item, state,
// role, inputs, preconditions (pending extension, deadline).
result<transition> decide(const decision_item& current, const action& a, actor_role role,
                          std::int64_t now_ms, const time_zone& zone);

// Applies a transition decided for this item. Returns false and changes nothing when the
// transition was not decided for the item as it is now (its entry's seq is not the next
// one or its from_state is not the item's state): decide again on the fresh item.
bool apply(decision_item& item, const transition& t);

// A new item (立项) in state opened, with its first history entry; `by` is an open action
// whose date is the deadline. Refused when the deadline is missing or already past in the
// zone (today is allowed), when the role is neither supervisor nor chair, or when the id,
// actor or text are unacceptable.
result<decision_item> open_item(std::string id, const action& by, actor_role role,
                                std::int64_t now_ms, const time_zone& zone);

}  // namespace huiwu::followup
