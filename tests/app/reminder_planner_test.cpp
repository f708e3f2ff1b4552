// The reminder scheduler's decisions, driven by a manual clock: what is due at T, what is
// sent, and that however often the clock is advanced and however many instances look, a
// reminder is recorded once. The meeting and its schedule are modelled as the room and the
// store keep them: the log de-duplicates on (client_id, seq), every change goes through the
// real domain rules (domain::decide / apply), and after each append the decision's place in
// the schedule is domain::next_reminder_at (0: it leaves the schedule).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/reminder_planner.hpp"
#include "base/clock.hpp"
#include "domain/decision_logic.hpp"
#include "domain/meeting_logic.hpp"

namespace huiwu::app {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using verdict = reminder_planner::verdict;

// 2026-03-10 12:00 in Asia/Shanghai (04:00 UTC).
constexpr std::int64_t t0 = 1'773'115'200'000;

class meeting_world {
 public:
  meeting_world() {
    m_.set_id("m1");
    m_.set_created_by("sec");
    auto* item = m_.add_agenda();
    item->set_id("i1");
    item->set_title("防汛");
    auto* chair = m_.add_attendees();
    chair->set_id("p2");
    chair->set_account_id("boss");
    chair->set_role(v1::ROLE_CHAIR);
    m_.set_next_id(3);
    v1::Change c;
    auto* cd = c.mutable_create_decision();
    cd->set_actor("sec");
    cd->set_role("supervisor");
    auto* d = cd->mutable_decision();
    d->set_text("完成排水管网改造方案");
    d->set_item_id("i1");
    d->set_lead_unit("住建局");
    d->set_lead_account("lead");
    d->set_supervisor_account("sup");
    d->set_deadline("2026-03-31");
    d->set_due_soon_days(3);
    EXPECT_EQ(append({}, c, t0).error().message(), "");
  }

  const v1::Decision& decision() const { return m_.decisions(0); }
  std::string member() const { return m_.id() + "/" + decision().id(); }
  v1::DecisionRecord record() const {
    v1::DecisionRecord r;
    r.set_meeting_id(m_.id());
    *r.mutable_decision() = decision();
    return r;
  }

  // store::followup_store::due: the entries whose score is at or before `now`.
  std::vector<reminder_planner::due_entry> due(std::int64_t now) const {
    std::vector<reminder_planner::due_entry> out;
    for (const auto& [member, score] : schedule_) {
      if (score <= now) out.push_back({member, std::to_string(score), record()});
    }
    return out;
  }

  // room::submit: a command already in the log is answered as before and appended again
  // never; a refused one leaves no trace.
  v1::Envelope append(const std::string& client_id, const v1::Change& in, std::int64_t now) {
    v1::Envelope e;
    if (!client_id.empty() && seen_.count(client_id)) {
      e.mutable_ack();
      return e;
    }
    v1::Change out;
    if (auto r = domain::decide(m_, in, now, out)) {
      e.mutable_error()->set_code(r->code);
      e.mutable_error()->set_field(r->field);
      e.mutable_error()->set_message(r->message);
      return e;
    }
    if (!client_id.empty()) seen_.insert(client_id);
    v1::Event ev;
    ev.set_version(m_.version() + 1);
    *ev.mutable_change() = out;
    domain::apply(m_, ev);
    if (out.has_remind_decision()) kinds_.push_back(out.remind_decision().kind());
    // The same append moves the decision's place in the schedule.
    if (const auto at = domain::next_reminder_at(decision()); at != 0) {
      schedule_[member()] = at;
    } else {
      schedule_.erase(member());
    }
    e.mutable_ack();
    return e;
  }

  // store::followup_store::drop_due: only if the score has not moved since it was read.
  void drop_due(const std::string& member, const std::string& score) {
    if (auto it = schedule_.find(member);
        it != schedule_.end() && std::to_string(it->second) == score)
      schedule_.erase(it);
  }

  const std::vector<std::string>& reminders() const { return kinds_; }
  bool scheduled() const { return schedule_.count(member()) != 0; }
  std::int64_t score() const { return schedule_.at(member()); }

 private:
  v1::Meeting m_;
  std::map<std::string, std::int64_t> schedule_;
  std::set<std::string> seen_;
  std::vector<std::string> kinds_;
};

// One tick of one instance: read, plan, submit, answer. Returns the jobs submitted.
std::size_t tick(reminder_planner& p, meeting_world& w, const base::clock& c) {
  const auto now = c.now_ms();
  auto jobs = p.plan(now, w.due(now));
  for (const auto& j : jobs) {
    const auto answer = w.append(j.command.client_id(), j.command.change(), now);
    if (p.answered(j.member, answer) == verdict::drop) w.drop_due(j.member, j.score);
  }
  return jobs.size();
}

TEST(ReminderPlanner, NothingBeforeDueThenExactlyOneAtDueHoweverOftenTheClockMoves) {
  meeting_world w;
  base::manual_clock clock(t0);
  reminder_planner p;
  const auto clocks = domain::assess_decision(w.decision(), t0);
  ASSERT_EQ(w.score(), clocks.due_soon_at_ms);  // 2026-03-28 00:00 in Shanghai
  EXPECT_EQ(clocks.due_soon_at_ms, 1'774'627'200'000);

  // Every hour for 18 days, up to the last millisecond before the yellow light.
  while (clock.now_ms() + 3'600'000 < clocks.due_soon_at_ms) {
    clock.advance(hours(1));
    ASSERT_EQ(tick(p, w, clock), 0U) << clock.now_ms();
  }
  clock.set(clocks.due_soon_at_ms - 1);
  EXPECT_EQ(tick(p, w, clock), 0U);
  EXPECT_TRUE(w.reminders().empty());

  clock.advance(milliseconds(1));
  EXPECT_EQ(tick(p, w, clock), 1U);
  EXPECT_EQ(w.reminders(), std::vector<std::string>{"due_soon"});
  EXPECT_EQ(w.score(), clocks.overdue_at_ms);  // next: the day after the deadline

  // A tick a minute until the deadline has passed: nothing more until it is overdue.
  while (clock.now_ms() + 60'000 < clocks.overdue_at_ms) {
    clock.advance(minutes(1));
    ASSERT_EQ(tick(p, w, clock), 0U) << clock.now_ms();
  }
  EXPECT_EQ(w.reminders(), std::vector<std::string>{"due_soon"});
  clock.set(clocks.overdue_at_ms);
  EXPECT_EQ(tick(p, w, clock), 1U);
  EXPECT_EQ(w.reminders(), (std::vector<std::string>{"due_soon", "overdue"}));
  EXPECT_FALSE(w.scheduled());  // the last reminder leaves the schedule

  for (int i = 0; i < 1000; ++i) {
    clock.advance(hours(1));
    ASSERT_EQ(tick(p, w, clock), 0U);
  }
  EXPECT_EQ(w.reminders().size(), 2U);
  EXPECT_EQ(p.in_flight(), 0U);
}

TEST(ReminderPlanner, ClockJumpingPastTheDeadlineSendsOnlyTheOverdueOne) {
  meeting_world w;
  base::manual_clock clock(t0);
  reminder_planner p;
  clock.advance(hours(24 * 30));  // 2026-04-09: past the deadline; due_soon was never sent
  auto jobs = p.plan(clock.now_ms(), w.due(clock.now_ms()));
  ASSERT_EQ(jobs.size(), 1U);
  EXPECT_EQ(jobs[0].command.client_id(), "reminder:" + w.decision().id() + ":overdue:2026-03-31");
  EXPECT_EQ(jobs[0].command.client_seq(), 1U);
  EXPECT_EQ(jobs[0].meeting_id, "m1");
  EXPECT_EQ(jobs[0].command.change().remind_decision().kind(), "overdue");
  EXPECT_EQ(p.answered(jobs[0].member, w.append(jobs[0].command.client_id(),
                                                jobs[0].command.change(), clock.now_ms())),
            verdict::recorded);
  EXPECT_EQ(w.reminders(), std::vector<std::string>{"overdue"});
  EXPECT_FALSE(w.scheduled());
}

TEST(ReminderPlanner, TwoInstancesRacingOnOneScheduleRecordItOnce) {
  meeting_world w;
  base::manual_clock clock(t0);
  reminder_planner a, b;
  clock.set(domain::assess_decision(w.decision(), t0).due_soon_at_ms + 5);
  const auto now = clock.now_ms();
  // Both read the schedule before either submits: both send the same command.
  auto ja = a.plan(now, w.due(now));
  auto jb = b.plan(now, w.due(now));
  ASSERT_EQ(ja.size(), 1U);
  ASSERT_EQ(jb.size(), 1U);
  EXPECT_EQ(ja[0].command.SerializeAsString(), jb[0].command.SerializeAsString());
  EXPECT_EQ(
      a.answered(ja[0].member, w.append(ja[0].command.client_id(), ja[0].command.change(), now)),
      verdict::recorded);
  EXPECT_EQ(
      b.answered(jb[0].member, w.append(jb[0].command.client_id(), jb[0].command.change(), now)),
      verdict::recorded);
  EXPECT_EQ(w.reminders(), std::vector<std::string>{"due_soon"});
  // And from then on, neither finds anything until overdue.
  for (int i = 0; i < 200; ++i) {
    clock.advance(minutes(7));
    EXPECT_EQ(tick(a, w, clock) + tick(b, w, clock), 0U);
  }
  EXPECT_EQ(w.reminders().size(), 1U);
}

TEST(ReminderPlanner, AnUnansweredReminderIsNotSubmittedTwiceByOneInstance) {
  meeting_world w;
  reminder_planner p;
  const auto now = domain::assess_decision(w.decision(), t0).due_soon_at_ms;
  ASSERT_EQ(p.plan(now, w.due(now)).size(), 1U);
  EXPECT_EQ(p.in_flight(), 1U);
  EXPECT_TRUE(p.plan(now + 50, w.due(now + 50)).empty());  // next tick, still unanswered
  v1::Envelope busy;
  busy.mutable_error()->set_code(v1::ERROR_STORAGE_UNAVAILABLE);
  EXPECT_EQ(p.answered(w.member(), busy), verdict::retry);
  EXPECT_EQ(p.in_flight(), 0U);
  EXPECT_EQ(p.plan(now + 100, w.due(now + 100)).size(), 1U);  // read again, sent again
}

TEST(ReminderPlanner, AnEntryNotDueYetIsNotSent) {
  meeting_world w;
  reminder_planner p;
  const auto due_at = domain::assess_decision(w.decision(), t0).due_soon_at_ms;
  // A schedule read by another reader (or a clock) ahead of ours.
  std::vector<reminder_planner::due_entry> early{{w.member(), std::to_string(due_at), w.record()}};
  EXPECT_TRUE(p.plan(due_at - 1, early).empty());
  EXPECT_EQ(p.in_flight(), 0U);
  EXPECT_EQ(p.plan(due_at, early).size(), 1U);
}

TEST(ReminderPlanner, RefusedAsMootIsDroppedStorageTroubleIsRetried) {
  meeting_world w;
  reminder_planner p;
  const auto now = domain::assess_decision(w.decision(), t0).due_soon_at_ms;
  // A stale entry: the record read names a deadline the decision no longer has.
  auto stale = w.due(now);
  ASSERT_EQ(stale.size(), 1U);
  stale[0].record.mutable_decision()->set_deadline("2026-03-20");
  auto jobs = p.plan(now, stale);
  ASSERT_EQ(jobs.size(), 1U);
  const auto answer = w.append(jobs[0].command.client_id(), jobs[0].command.change(), now);
  ASSERT_TRUE(answer.has_error());
  EXPECT_EQ(answer.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(p.answered(jobs[0].member, answer), verdict::drop);
  EXPECT_TRUE(w.reminders().empty());

  v1::Envelope gone;
  gone.mutable_error()->set_code(v1::ERROR_NOT_FOUND);
  EXPECT_EQ(p.answered("m1/d9", gone), verdict::drop);
  v1::Envelope conflict_without_field;  // e.g. a busy meeting: not a verdict on the reminder
  conflict_without_field.mutable_error()->set_code(v1::ERROR_CONFLICT);
  EXPECT_EQ(p.answered("m1/d9", conflict_without_field), verdict::retry);
  v1::Envelope ok;
  ok.mutable_ack();
  EXPECT_EQ(p.answered("m1/d9", ok), verdict::recorded);
}

}  // namespace
}  // namespace huiwu::app
