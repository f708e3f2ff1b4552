#include "app/reminder_planner.hpp"

#include <charconv>

#include "domain/decision_logic.hpp"

namespace huiwu::app {

v1::Command remind_command(const v1::DecisionRecord& record, std::int64_t now_ms) {
  const auto& d = record.decision();
  const auto kind = domain::reminder_kind_at(d, now_ms);
  v1::Command cmd;
  cmd.set_meeting_id(record.meeting_id());
  // One reminder per (decision, kind, deadline); to assign again, one per return.
  std::string which = d.deadline();
  if (kind == "reassign") {
    if (const auto p = domain::reassign_pending(d)) which = "return-" + std::to_string(p->seq);
  }
  cmd.set_client_id("reminder:" + d.id() + ':' + kind + ':' + which);
  cmd.set_client_seq(1);
  auto* rd = cmd.mutable_change()->mutable_remind_decision();
  rd->set_decision_id(d.id());
  rd->set_kind(kind);
  rd->set_deadline(d.deadline());
  return cmd;
}

std::vector<reminder_planner::job> reminder_planner::plan(std::int64_t now_ms,
                                                          std::vector<due_entry> due) {
  std::vector<job> out;
  for (auto& e : due) {
    // The store reads by the same clock; an entry not yet due (a score ahead of `now_ms`)
    // waits all the same. A score that does not parse is left to the meeting to judge.
    std::int64_t at = 0;
    const auto* end = e.score.data() + e.score.size();
    if (const auto r = std::from_chars(e.score.data(), end, at);
        r.ec == std::errc{} && r.ptr == end && at > now_ms) {
      continue;
    }
    if (!in_flight_.insert(e.member).second) continue;
    out.push_back({std::move(e.member), std::move(e.score), e.record.meeting_id(),
                   remind_command(e.record, now_ms)});
  }
  return out;
}

reminder_planner::verdict reminder_planner::answered(const std::string& member,
                                                     const v1::Envelope& answer) {
  in_flight_.erase(member);
  if (!answer.has_error()) return verdict::recorded;
  const auto code = answer.error().code();
  // Refused as no longer due (a field named) or gone: moot. Anything else (storage, a busy
  // meeting) may pass: leave the entry for the next tick.
  const bool moot = code == v1::ERROR_NOT_FOUND ||
                    (code == v1::ERROR_CONFLICT && !answer.error().field().empty());
  return moot ? verdict::drop : verdict::retry;
}

}  // namespace huiwu::app
