#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "huiwu.pb.h"

namespace huiwu::app {

// The reminder scheduler's decisions, with no I/O, no clock and no timer: which of the
// reminders read from the schedule to submit at `now_ms`, as what command, and what to do
// with the meeting's answer. reminder_scheduler (followup_scheduler.hpp) reads the schedule,
// asks the clock, arms the timer and submits; tests drive this directly with a manual clock.
//
// Exactly-once does not rest here but on the meeting log: every instance builds the same
// client id for the same reminder ("reminder:<decision>:<kind>:<deadline>", sequence 1), so
// the log records it once however many submit it; the append moves the decision's place in
// the schedule, so it is not read again. What the planner adds: one submission at a time
// per entry on this instance, and dropping an entry the meeting refuses as moot.
class reminder_planner {
 public:
  // One entry of the schedule (store::followup_store::due): member "<meeting>/<decision>",
  // the score as read (to drop it only if it has not moved since), the decision's record.
  struct due_entry {
    std::string member;
    std::string score;
    v1::DecisionRecord record;
  };
  struct job {
    std::string member;
    std::string score;
    std::string meeting_id;
    v1::Command command;
  };
  enum class verdict {
    recorded,  // the meeting took it (or had it already): it has left the schedule
    drop,      // refused as moot (no longer due, closed, gone): drop the schedule entry
    retry,     // storage trouble or a busy meeting: the next tick reads it again
  };

  // What to submit for the entries read at `now_ms`, in their order. Skipped: an entry not
  // due yet (score after `now_ms`), and one whose earlier submission is still unanswered
  // (it is read again until answered).
  std::vector<job> plan(std::int64_t now_ms, std::vector<due_entry> due);
  // The meeting's answer to the job for `member`.
  verdict answered(const std::string& member, const v1::Envelope& answer);
  std::size_t in_flight() const noexcept { return in_flight_.size(); }

 private:
  std::set<std::string> in_flight_;  // members submitted and not answered yet
};

// The remind_decision command for the decision at `now_ms`: kind "overdue" once past the
// deadline, "due_soon" before; the client id names the decision, the kind and the deadline.
v1::Command remind_command(const v1::DecisionRecord& record, std::int64_t now_ms);

}  // namespace huiwu::app
