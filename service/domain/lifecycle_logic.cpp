#include "domain/lifecycle_logic.hpp"

#include <algorithm>
#include <string>

#include "domain/meeting_logic.hpp"
#include "domain/meeting_lookup.hpp"
#include "domain/notice_logic.hpp"
#include "domain/text_rules.hpp"

namespace huiwu::domain {
namespace {

constexpr text_rule reason_rule{text_kind::single_line, 200, true};
constexpr int max_quorum_denominator = 100;

bool before_start(v1::MeetingPhase p) {
  return p == v1::PHASE_DRAFTING || p == v1::PHASE_NOTIFIED;
}

rejection wrong_phase(const v1::Meeting& m, const std::string& what) {
  return reject(v1::ERROR_CONFLICT,
                "the meeting is " + std::string(phase_label(m.lifecycle().phase())) + ": " + what,
                "phase");
}

v1::ItemClock clock_of(const v1::AgendaItem& it) {
  v1::ItemClock c;
  c.set_item_id(it.id());
  c.set_status(it.status());
  *c.mutable_timer() = it.timer();
  return c;
}

void pause(v1::Timer& t, std::int64_t now_ms) {
  if (t.running_since_ms() == 0) return;
  t.set_elapsed_ms(t.elapsed_ms() + std::max<std::int64_t>(0, now_ms - t.running_since_ms()));
  t.set_running_since_ms(0);
}

maybe_rejection decide_start(const v1::Meeting& m, const v1::StartMeeting& in, std::int64_t now_ms,
                             std::string_view actor, v1::StartMeeting& out) {
  if (!before_start(m.lifecycle().phase())) {
    return wrong_phase(m, "only a meeting that has not started can be started");
  }
  const v1::AgendaItem* next = nullptr;
  if (!in.current_item_id().empty()) {
    next = find_item(m, in.current_item_id());
    if (!next) {
      return reject(v1::ERROR_NOT_FOUND, "no agenda item with id '" + in.current_item_id() + "'",
                    "current_item_id");
    }
  } else if (in.start_timer()) {
    return reject(v1::ERROR_INVALID_FIELD, "start_timer needs a current_item_id", "start_timer");
  }
  out.set_current_item_id(in.current_item_id());
  out.set_start_timer(in.start_timer());
  auto& l = *out.mutable_lifecycle() = m.lifecycle();
  l.set_phase(v1::PHASE_IN_SESSION);
  l.set_started_at_ms(now_ms);
  l.set_started_by(std::string(actor));
  // A current item left from before (only in meetings stored before phases) steps aside.
  if (const auto* prev = find_item(m, m.current_item_id()); prev && prev != next) {
    auto c = clock_of(*prev);
    pause(*c.mutable_timer(), now_ms);
    c.set_status(v1::ITEM_PENDING);
    *out.add_items() = std::move(c);
  }
  if (next) {
    auto c = clock_of(*next);
    c.set_status(v1::ITEM_ACTIVE);
    // Starting the meeting does not start the item's clock unless asked.
    if (in.start_timer() && c.timer().running_since_ms() == 0) {
      c.mutable_timer()->set_running_since_ms(now_ms);
    }
    *out.add_items() = std::move(c);
  }
  return std::nullopt;
}

maybe_rejection decide_end(const v1::Meeting& m, const v1::EndMeeting& in, std::int64_t now_ms,
                           std::string_view actor, v1::EndMeeting& out) {
  if (m.lifecycle().phase() != v1::PHASE_IN_SESSION) {
    return wrong_phase(m, "only a meeting in session can be ended");
  }
  out.set_mark_current_done(in.mark_current_done());
  auto& l = *out.mutable_lifecycle() = m.lifecycle();
  l.set_phase(v1::PHASE_ENDED);
  l.set_ended_at_ms(now_ms);
  l.set_ended_by(std::string(actor));
  // No clock runs after the end: every running timer stops where it is.
  for (const auto& it : m.agenda()) {
    const bool current = it.id() == m.current_item_id();
    if (!current && it.timer().running_since_ms() == 0) continue;
    auto c = clock_of(it);
    pause(*c.mutable_timer(), now_ms);
    if (current) c.set_status(in.mark_current_done() ? v1::ITEM_DONE : v1::ITEM_PENDING);
    *out.add_items() = std::move(c);
  }
  return std::nullopt;
}

maybe_rejection decide_cancel(const v1::Meeting& m, const v1::CancelMeeting& in,
                              std::int64_t now_ms, std::string_view actor, v1::CancelMeeting& out) {
  if (!before_start(m.lifecycle().phase())) {
    return wrong_phase(m, "only a meeting that has not started can be cancelled");
  }
  if (auto r = check_text(in.reason(), reason_rule, "reason")) return r;
  out.set_reason(in.reason());
  auto& l = *out.mutable_lifecycle() = m.lifecycle();
  l.set_phase(v1::PHASE_CANCELLED);
  l.set_cancelled_at_ms(now_ms);
  l.set_cancelled_by(std::string(actor));
  l.set_cancel_reason(in.reason());
  return std::nullopt;
}

maybe_rejection decide_postpone(const v1::Meeting& m, const v1::PostponeMeeting& in,
                                std::int64_t now_ms, std::string_view actor,
                                v1::PostponeMeeting& out) {
  if (!before_start(m.lifecycle().phase())) {
    return wrong_phase(m, "only a meeting that has not started can be postponed");
  }
  if (in.starts_at_ms() == 0) {
    return reject(v1::ERROR_INVALID_FIELD, "starts_at_ms is required: the new start",
                  "starts_at_ms");
  }
  v1::MeetingInfo info = m.info();
  info.set_starts_at_ms(in.starts_at_ms());
  info.set_ends_at_ms(in.ends_at_ms());
  if (auto r = check_info(info)) {
    // check_info names the header's fields; the command's are top-level.
    if (r->field == "info.starts_at_ms" || r->field == "info.ends_at_ms") {
      r->field = r->field.substr(5);
    }
    return r;
  }
  if (auto r = check_text(in.reason(), reason_rule, "reason")) return r;
  out.set_starts_at_ms(in.starts_at_ms());
  out.set_ends_at_ms(in.ends_at_ms());
  out.set_reason(in.reason());
  auto& l = *out.mutable_lifecycle() = m.lifecycle();
  auto& p = *l.add_postponements();
  p.set_from_starts_at_ms(m.info().starts_at_ms());
  p.set_from_ends_at_ms(m.info().ends_at_ms());
  p.set_to_starts_at_ms(in.starts_at_ms());
  p.set_to_ends_at_ms(in.ends_at_ms());
  p.set_reason(in.reason());
  p.set_at_ms(now_ms);
  p.set_by(std::string(actor));
  // 改期 re-issues a notice that was out; a meeting still in drafting just moves.
  if (l.phase() == v1::PHASE_NOTIFIED) {
    l.set_notice_issued_at_ms(now_ms);
    l.set_notice_issued_by(std::string(actor));
    l.set_notice_issues(l.notice_issues() + 1);
  }
  *out.mutable_info() = std::move(info);
  return std::nullopt;
}

maybe_rejection decide_notice(const v1::Meeting& m, const v1::IssueNotice& in, std::int64_t now_ms,
                              std::string_view actor, v1::IssueNotice& out) {
  if (in.has_notice()) {
    if (auto r = check_notice(in.notice())) return r;
  }
  if (!before_start(m.lifecycle().phase())) {
    return wrong_phase(m, "a notice goes out only before the meeting starts");
  }
  *out.mutable_notice() = in.has_notice() ? in.notice() : m.notice();
  for (auto& a : invited_accounts(m)) out.add_invited(std::move(a));
  auto& l = *out.mutable_lifecycle() = m.lifecycle();
  l.set_phase(v1::PHASE_NOTIFIED);
  l.set_notice_issued_at_ms(now_ms);
  l.set_notice_issued_by(std::string(actor));
  l.set_notice_issues(l.notice_issues() + 1);
  return std::nullopt;
}

maybe_rejection decide_quorum(const v1::Meeting& m, const v1::SetQuorum& in, v1::SetQuorum& out) {
  if (m.lifecycle().phase() == v1::PHASE_CANCELLED) {
    return wrong_phase(m, "a cancelled meeting takes no more changes");
  }
  const auto& q = in.quorum();
  const bool fraction = q.numerator() != 0 || q.denominator() != 0;
  if (q.count() < 0 || q.count() > max_attendees) {
    return reject(v1::ERROR_INVALID_FIELD, "quorum.count must be between 0 and 2000",
                  "quorum.count");
  }
  if (q.count() > 0 && fraction) {
    return reject(v1::ERROR_INVALID_FIELD, "a quorum is a count or a fraction, not both",
                  "quorum.numerator");
  }
  if (fraction && (q.numerator() <= 0 || q.denominator() <= 0 || q.numerator() > q.denominator() ||
                   q.denominator() > max_quorum_denominator)) {
    return reject(v1::ERROR_INVALID_FIELD,
                  "a quorum fraction needs 0 < numerator <= denominator <= 100",
                  q.numerator() <= 0 ? "quorum.numerator" : "quorum.denominator");
  }
  if (q.more_than() && !fraction) {
    return reject(v1::ERROR_INVALID_FIELD, "more_than applies to a fraction only",
                  "quorum.more_than");
  }
  *out.mutable_quorum() = q;
  return std::nullopt;
}

void apply_clocks(v1::Meeting& m, const google::protobuf::RepeatedPtrField<v1::ItemClock>& items) {
  for (const auto& c : items) {
    for (auto& it : *m.mutable_agenda()) {
      if (it.id() != c.item_id()) continue;
      it.set_status(c.status());
      *it.mutable_timer() = c.timer();
    }
  }
}

}  // namespace

bool is_lifecycle_change(const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kIssueNotice:
    case v1::Change::kStartMeeting:
    case v1::Change::kEndMeeting:
    case v1::Change::kCancelMeeting:
    case v1::Change::kPostponeMeeting:
    case v1::Change::kSetQuorum:
      return true;
    default:
      return false;
  }
}

maybe_rejection decide_lifecycle(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                                 std::string_view actor, v1::Change& out) {
  switch (in.kind_case()) {
    case v1::Change::kIssueNotice:
      return decide_notice(m, in.issue_notice(), now_ms, actor, *out.mutable_issue_notice());
    case v1::Change::kStartMeeting:
      return decide_start(m, in.start_meeting(), now_ms, actor, *out.mutable_start_meeting());
    case v1::Change::kEndMeeting:
      return decide_end(m, in.end_meeting(), now_ms, actor, *out.mutable_end_meeting());
    case v1::Change::kCancelMeeting:
      return decide_cancel(m, in.cancel_meeting(), now_ms, actor, *out.mutable_cancel_meeting());
    case v1::Change::kPostponeMeeting:
      return decide_postpone(m, in.postpone_meeting(), now_ms, actor,
                             *out.mutable_postpone_meeting());
    case v1::Change::kSetQuorum:
      return decide_quorum(m, in.set_quorum(), *out.mutable_set_quorum());
    default:
      return reject(v1::ERROR_BAD_REQUEST, "not a lifecycle change", "change");
  }
}

void apply_lifecycle(v1::Meeting& m, const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kIssueNotice:
      *m.mutable_lifecycle() = c.issue_notice().lifecycle();
      *m.mutable_notice() = c.issue_notice().notice();
      break;
    case v1::Change::kStartMeeting:
      *m.mutable_lifecycle() = c.start_meeting().lifecycle();
      apply_clocks(m, c.start_meeting().items());
      if (!c.start_meeting().current_item_id().empty()) {
        m.set_current_item_id(c.start_meeting().current_item_id());
      }
      break;
    case v1::Change::kEndMeeting:
      *m.mutable_lifecycle() = c.end_meeting().lifecycle();
      apply_clocks(m, c.end_meeting().items());
      m.clear_current_item_id();
      break;
    case v1::Change::kCancelMeeting:
      *m.mutable_lifecycle() = c.cancel_meeting().lifecycle();
      break;
    case v1::Change::kPostponeMeeting:
      *m.mutable_lifecycle() = c.postpone_meeting().lifecycle();
      *m.mutable_info() = c.postpone_meeting().info();
      break;
    case v1::Change::kSetQuorum:
      *m.mutable_quorum() = c.set_quorum().quorum();
      break;
    default:
      break;
  }
}

maybe_rejection check_phase(const v1::Meeting& m, const v1::Change& c) {
  const auto phase = m.lifecycle().phase();
  if (phase == v1::PHASE_CANCELLED) {
    if (c.has_archive()) return std::nullopt;
    return wrong_phase(m, "a cancelled meeting takes no more changes");
  }
  switch (c.kind_case()) {
    case v1::Change::kSetCurrent:
      if (phase == v1::PHASE_ENDED) return wrong_phase(m, "the agenda no longer runs");
      if (before_start(phase) && !c.set_current().item_id().empty()) {
        return wrong_phase(m, "start the meeting first (start_meeting can make the item current)");
      }
      return std::nullopt;
    case v1::Change::kControlTimer:
      if (phase == v1::PHASE_ENDED) return wrong_phase(m, "item timers no longer run");
      if (before_start(phase) && c.control_timer().action() == v1::TIMER_START) {
        return wrong_phase(m, "item timers run only in session; start the meeting first");
      }
      return std::nullopt;
    case v1::Change::kAddItem:
    case v1::Change::kRemoveItem:
    case v1::Change::kMoveItem:
      if (phase == v1::PHASE_ENDED) {
        return wrong_phase(m, "the agenda is frozen; the record can still be corrected");
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool settle_legacy_phase(v1::Meeting& m) {
  if (m.has_lifecycle()) return false;
  const bool ran = !m.current_item_id().empty() ||
                   std::any_of(m.agenda().begin(), m.agenda().end(), [](const v1::AgendaItem& it) {
                     return it.timer().elapsed_ms() != 0 || it.timer().running_since_ms() != 0;
                   });
  m.mutable_lifecycle()->set_phase(ran ? v1::PHASE_IN_SESSION : v1::PHASE_DRAFTING);
  return true;
}

quorum_status quorum_of(const v1::Meeting& m) {
  quorum_status s;
  for (const auto& a : m.attendees()) {
    if (a.role() == v1::ROLE_OBSERVER) continue;
    ++s.expected;
    if (a.attendance() == v1::ATTENDANCE_PRESENT || a.attendance() == v1::ATTENDANCE_LATE) {
      ++s.present;
    }
  }
  const auto& q = m.quorum();
  if (q.count() > 0) {
    s.required = q.count();
  } else if (q.denominator() > 0) {
    const long long scaled = static_cast<long long>(s.expected) * q.numerator();
    s.required = static_cast<int>(q.more_than() ? scaled / q.denominator() + 1
                                                : (scaled + q.denominator() - 1) / q.denominator());
  }
  return s;
}

std::string_view phase_label(v1::MeetingPhase p) {
  switch (p) {
    case v1::PHASE_DRAFTING:
      return "in preparation (筹备)";
    case v1::PHASE_NOTIFIED:
      return "notified (已通知)";
    case v1::PHASE_IN_SESSION:
      return "in session (进行中)";
    case v1::PHASE_ENDED:
      return "ended (已结束)";
    case v1::PHASE_CANCELLED:
      return "cancelled (已取消)";
    default:
      return "in an unknown phase";
  }
}

}  // namespace huiwu::domain
