#pragma once

#include <cstdint>
#include <string_view>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

// The meeting's lifecycle (docs/protocol.md §6.4, docs/decisions/0022):
//
//   筹备 DRAFTING ─issue_notice─▶ 已通知 NOTIFIED ─start─▶ 进行中 IN_SESSION ─end─▶ 已结束 ENDED
//      │   └────────────────start─────────────────────▲
//      └─ cancel (also from NOTIFIED) ─▶ 已取消 CANCELLED, final
//   postpone keeps DRAFTING or NOTIFIED (from NOTIFIED it re-issues the notice); issue_notice
//   in NOTIFIED is a re-issue.
//
// Pure, like meeting_logic: the phase is a value in the meeting, every transition is an
// event carrying the whole Lifecycle after it, and a transition that does not fit the
// phase is ERROR_CONFLICT with field "phase" and changes nothing. Who may ask for which
// transition is access_rules' business (secretaries all; the chair start and end).

bool is_lifecycle_change(const v1::Change& c);

// Decides a lifecycle change (issue_notice, start/end/cancel/postpone_meeting, set_quorum).
// `actor` is the account asking; it is recorded in the Lifecycle (started_by, ...).
maybe_rejection decide_lifecycle(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                                 std::string_view actor, v1::Change& out);
void apply_lifecycle(v1::Meeting& m, const v1::Change& c);

// What each phase allows of the other changes: before the start no item's clock runs (no
// current item, no TIMER_START); after the end the agenda is frozen (no items added,
// removed or moved, no current item, no timers) while the record stays correctable
// (minutes, item texts and statuses, attendance, the header); a cancelled meeting takes
// nothing but archiving (and follow-up). ERROR_CONFLICT, field "phase".
maybe_rejection check_phase(const v1::Meeting& m, const v1::Change& c);

// A meeting stored before phases existed has no lifecycle. It is read as in session when it
// evidently ran (a current item, or an item's clock that ever ran), else as drafting; its
// start time stays unknown (0). Returns whether it changed anything. Deterministic in the
// stored state, so every instance that loads the meeting settles it the same way.
bool settle_legacy_phase(v1::Meeting& m);

// Quorum (法定人数): expected (应到) counts the attendees who are not observers, present
// (出席) those of them present or late; required is 0 when no quorum is set.
struct quorum_status {
  int expected = 0;
  int present = 0;
  int required = 0;
  bool below() const { return required > 0 && present < required; }
};
quorum_status quorum_of(const v1::Meeting& m);

// The Chinese name of a phase as the pages show it ("进行中"), for messages.
std::string_view phase_label(v1::MeetingPhase p);

}  // namespace huiwu::domain
