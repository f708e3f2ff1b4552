// The meeting's lifecycle (docs/protocol.md §6.4, decision 0022): which transition each role
// may ask for in each phase, what a refused one answers (and that it changes nothing), what
// each phase allows of the agenda's clocks, quorum, and meetings stored before phases.
#include "domain/lifecycle_logic.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "domain/access_rules.hpp"
#include "domain/meeting_logic.hpp"
#include "test_time.hpp"

namespace huiwu::domain {
namespace {

using test_support::t0;  // 2026-09
constexpr std::int64_t minute = 60'000;

v1::Meeting sample(v1::MeetingPhase phase) {
  v1::MeetingInfo info;
  info.set_title("局长办公会议");
  info.set_starts_at_ms(t0 + 60 * minute);
  info.set_ends_at_ms(t0 + 120 * minute);
  auto m = new_meeting("m1", info, t0);
  m.set_created_by("boss");
  m.mutable_lifecycle()->set_phase(phase);
  for (auto [id, level, planned] : {std::tuple{"i1", v1::LEVEL_PUBLIC, 30},
                                    {"i2", v1::LEVEL_SECRET, 20},
                                    {"i3", v1::LEVEL_PUBLIC, 10}}) {
    auto* it = m.add_agenda();
    it->set_id(id);
    it->set_title(std::string("议题") + id);
    it->set_level(level);
    it->set_planned_minutes(planned);
  }
  for (auto [id, account, role] : {std::tuple{"p1", "sec", v1::ROLE_SECRETARY},
                                   {"p2", "chair", v1::ROLE_CHAIR},
                                   {"p3", "part", v1::ROLE_PARTICIPANT},
                                   {"p4", "obs", v1::ROLE_OBSERVER}}) {
    auto* a = m.add_attendees();
    a->set_id(id);
    a->set_name(id);
    a->set_account_id(account);
    a->set_role(role);
  }
  m.set_next_id(10);
  return m;
}

// As the room does it: the access check, then decide, then apply.
maybe_rejection run(v1::Meeting& m, const v1::Change& c, const std::string& account,
                    std::int64_t now = t0) {
  if (auto r = check_change(m, viewer{account, v1::LEVEL_SECRET}, c)) return r;
  v1::Event e;
  if (auto r = decide(m, c, now, *e.mutable_change(), {}, account)) return r;
  e.set_version(m.version() + 1);
  e.set_account_id(account);
  apply(m, e);
  return std::nullopt;
}

v1::Change lifecycle(const std::string& kind) {
  v1::Change c;
  if (kind == "issue_notice") c.mutable_issue_notice();
  if (kind == "start_meeting") c.mutable_start_meeting();
  if (kind == "end_meeting") c.mutable_end_meeting();
  if (kind == "cancel_meeting") c.mutable_cancel_meeting()->set_reason("主要领导临时公出");
  if (kind == "postpone_meeting") {
    c.mutable_postpone_meeting()->set_starts_at_ms(t0 + 24 * 60 * minute);
    c.mutable_postpone_meeting()->set_reason("与全市大会冲突");
  }
  if (kind == "set_quorum") c.mutable_set_quorum()->mutable_quorum()->set_count(3);
  return c;
}

const char* name(v1::MeetingPhase p) {
  return "DNIEC" + static_cast<int>(p);
}

TEST(Lifecycle, TransitionsPerPhaseAndRole) {
  // Phases: D 筹备, N 已通知, I 进行中, E 已结束, C 已取消. Who: boss (the creator,
  // convener), sec, chair, part, obs. The spec, written out: from which phases each
  // transition is allowed, where it leads ('=' stays), and which roles may ask.
  struct spec {
    const char* from;
    char to;
    const char* roles;
  };
  const std::map<std::string, spec> table = {
      {"issue_notice", {"DN", 'N', "boss sec"}},
      {"start_meeting", {"DN", 'I', "boss sec chair"}},
      {"end_meeting", {"I", 'E', "boss sec chair"}},
      {"cancel_meeting", {"DN", 'C', "boss sec"}},
      {"postpone_meeting", {"DN", '=', "boss sec"}},
      {"set_quorum", {"DNIE", '=', "boss sec"}},
  };
  int allowed = 0, conflicts = 0, forbidden = 0;
  for (const auto& [kind, s] : table) {
    for (auto phase : {v1::PHASE_DRAFTING, v1::PHASE_NOTIFIED, v1::PHASE_IN_SESSION,
                       v1::PHASE_ENDED, v1::PHASE_CANCELLED}) {
      for (std::string who : {"boss", "sec", "chair", "part", "obs"}) {
        SCOPED_TRACE(kind + " in " + name(phase) + " by " + who);
        auto m = sample(phase);
        const auto before = m.SerializeAsString();
        const auto r = run(m, lifecycle(kind), who);
        const bool role_ok = std::string(s.roles).find(who) != std::string::npos;
        const bool phase_ok = std::string(s.from).find(*name(phase)) != std::string::npos;
        if (!role_ok) {
          ASSERT_TRUE(r);
          EXPECT_EQ(r->code, v1::ERROR_FORBIDDEN);
          ++forbidden;
        } else if (!phase_ok) {
          ASSERT_TRUE(r);
          EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
          EXPECT_EQ(r->field, "phase");
          ++conflicts;
        } else {
          ASSERT_FALSE(r) << r->message;
          const char to = s.to == '=' ? *name(phase) : s.to;
          EXPECT_EQ(*name(m.lifecycle().phase()), to);
          ++allowed;
          continue;
        }
        EXPECT_EQ(m.SerializeAsString(), before) << "a refused transition changed the meeting";
      }
    }
  }
  EXPECT_EQ(allowed + conflicts + forbidden, 6 * 5 * 5);
  EXPECT_GT(conflicts, 0);
}

TEST(Lifecycle, StartingRecordsWhenAndWhoAndStartsNoClockUnlessAsked) {
  auto m = sample(v1::PHASE_NOTIFIED);
  v1::Change c;
  c.mutable_start_meeting()->set_current_item_id("i1");
  ASSERT_FALSE(run(m, c, "sec", t0 + 5 * minute));
  EXPECT_EQ(m.lifecycle().phase(), v1::PHASE_IN_SESSION);
  EXPECT_EQ(m.lifecycle().started_at_ms(), t0 + 5 * minute);
  EXPECT_EQ(m.lifecycle().started_by(), "sec");
  EXPECT_EQ(m.current_item_id(), "i1");
  EXPECT_EQ(m.agenda(0).status(), v1::ITEM_ACTIVE);
  EXPECT_EQ(m.agenda(0).timer().running_since_ms(), 0) << "the item's clock waits until asked";

  auto n = sample(v1::PHASE_DRAFTING);
  c.mutable_start_meeting()->set_start_timer(true);
  ASSERT_FALSE(run(n, c, "chair", t0 + 7 * minute));
  EXPECT_EQ(n.agenda(0).timer().running_since_ms(), t0 + 7 * minute);

  // Bad input: an unknown item, or a timer without an item; nothing changes.
  for (auto [item, timer, code] :
       {std::tuple{"i99", false, v1::ERROR_NOT_FOUND}, {"", true, v1::ERROR_INVALID_FIELD}}) {
    auto x = sample(v1::PHASE_NOTIFIED);
    const auto before = x.SerializeAsString();
    v1::Change bad;
    bad.mutable_start_meeting()->set_current_item_id(item);
    bad.mutable_start_meeting()->set_start_timer(timer);
    auto r = run(x, bad, "sec");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, code);
    EXPECT_EQ(x.SerializeAsString(), before);
  }
}

TEST(Lifecycle, ItemClocksRunOnlyInSession) {
  v1::Change current, timer_start, timer_pause, clear;
  current.mutable_set_current()->set_item_id("i1");
  timer_start.mutable_control_timer()->set_item_id("i1");
  timer_start.mutable_control_timer()->set_action(v1::TIMER_START);
  timer_pause.mutable_control_timer()->set_item_id("i1");
  timer_pause.mutable_control_timer()->set_action(v1::TIMER_PAUSE);
  clear.mutable_set_current()->set_item_id("");
  for (auto phase : {v1::PHASE_DRAFTING, v1::PHASE_NOTIFIED, v1::PHASE_ENDED}) {
    SCOPED_TRACE(name(phase));
    for (const auto* c : {&current, &timer_start}) {
      auto m = sample(phase);
      const auto before = m.SerializeAsString();
      auto r = run(m, *c, "sec");
      ASSERT_TRUE(r);
      EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
      EXPECT_EQ(r->field, "phase");
      EXPECT_EQ(m.SerializeAsString(), before);
    }
  }
  // Pausing a stopped clock, or having no current item, is harmless before the start.
  auto m = sample(v1::PHASE_DRAFTING);
  EXPECT_FALSE(run(m, timer_pause, "sec"));
  EXPECT_FALSE(run(m, clear, "sec"));
  auto s = sample(v1::PHASE_IN_SESSION);
  EXPECT_FALSE(run(s, current, "chair"));
  EXPECT_FALSE(run(s, timer_start, "chair"));
}

TEST(Lifecycle, EndingStopsEveryClockAndTheUsedTimeIsWhatRan) {
  auto m = sample(v1::PHASE_NOTIFIED);
  v1::Change start;
  start.mutable_start_meeting()->set_current_item_id("i1");
  start.mutable_start_meeting()->set_start_timer(true);
  ASSERT_FALSE(run(m, start, "sec", t0));
  v1::Change other;  // another item's clock left running
  other.mutable_control_timer()->set_item_id("i3");
  other.mutable_control_timer()->set_action(v1::TIMER_START);
  ASSERT_FALSE(run(m, other, "sec", t0 + 10 * minute));
  v1::Change end;
  end.mutable_end_meeting()->set_mark_current_done(true);
  ASSERT_FALSE(run(m, end, "chair", t0 + 25 * minute + 400));
  EXPECT_EQ(m.lifecycle().phase(), v1::PHASE_ENDED);
  EXPECT_EQ(m.lifecycle().ended_at_ms(), t0 + 25 * minute + 400);
  EXPECT_EQ(m.lifecycle().ended_by(), "chair");
  EXPECT_EQ(m.current_item_id(), "");
  EXPECT_EQ(m.agenda(0).status(), v1::ITEM_DONE);
  for (const auto& it : m.agenda()) EXPECT_EQ(it.timer().running_since_ms(), 0) << it.id();
  EXPECT_EQ(m.agenda(0).timer().elapsed_ms(), 25 * minute + 400);
  EXPECT_EQ(m.agenda(2).timer().elapsed_ms(), 15 * minute + 400);
  EXPECT_EQ(m.agenda(2).status(), v1::ITEM_PENDING);  // not current: its status stays
}

TEST(Lifecycle, AfterTheEndTheAgendaIsFrozenAndTheRecordCorrectable) {
  auto m = sample(v1::PHASE_ENDED);
  v1::Change add, remove, move;
  add.mutable_add_item()->mutable_item()->set_title("补充议题");
  remove.mutable_remove_item()->set_item_id("i3");
  move.mutable_move_item()->set_item_id("i3");
  for (const auto* c : {&add, &remove, &move}) {
    const auto before = m.SerializeAsString();
    auto r = run(m, *c, "sec");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
    EXPECT_EQ(r->field, "phase");
    EXPECT_EQ(m.SerializeAsString(), before);
  }
  v1::Change edit, status, check_in, info;
  *edit.mutable_edit_item()->mutable_item() = m.agenda(0);
  edit.mutable_edit_item()->mutable_item()->set_title("审议预算调整方案（更正）");
  status.mutable_set_item_status()->set_item_id("i3");
  status.mutable_set_item_status()->set_status(v1::ITEM_DEFERRED);
  check_in.mutable_check_in()->set_attendee_id("p3");
  check_in.mutable_check_in()->set_attendance(v1::ATTENDANCE_LEAVE);
  check_in.mutable_check_in()->set_leave_reason("会后补记：病假");
  *info.mutable_update_info()->mutable_info() = m.info();
  info.mutable_update_info()->mutable_info()->set_place("第二会议室");
  for (const auto* c : {&edit, &status, &check_in, &info}) EXPECT_FALSE(run(m, *c, "sec"));
  EXPECT_EQ(m.agenda(2).status(), v1::ITEM_DEFERRED);
}

TEST(Lifecycle, ACancelledMeetingKeepsItsReasonAndTakesNothingButArchiving) {
  auto m = sample(v1::PHASE_NOTIFIED);
  v1::Change blank;
  blank.mutable_cancel_meeting()->set_reason("   ");
  const auto before = m.SerializeAsString();
  auto r = run(m, blank, "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r->field, "reason");
  EXPECT_EQ(m.SerializeAsString(), before);

  ASSERT_FALSE(run(m, lifecycle("cancel_meeting"), "boss", t0 + minute));
  EXPECT_EQ(m.lifecycle().phase(), v1::PHASE_CANCELLED);
  EXPECT_EQ(m.lifecycle().cancel_reason(), "主要领导临时公出");
  EXPECT_EQ(m.lifecycle().cancelled_by(), "boss");
  EXPECT_EQ(m.lifecycle().cancelled_at_ms(), t0 + minute);
  v1::Change add;
  add.mutable_add_item()->mutable_item()->set_title("x");
  r = run(m, add, "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
  v1::Change archive;
  archive.mutable_archive()->set_archived(true);
  EXPECT_FALSE(run(m, archive, "sec"));
}

TEST(Lifecycle, PostponingMovesTheTimesAndReissuesANoticeThatWasOut) {
  auto m = sample(v1::PHASE_NOTIFIED);
  m.mutable_lifecycle()->set_notice_issues(1);
  v1::Change c;
  c.mutable_postpone_meeting()->set_starts_at_ms(t0 + 48 * 60 * minute);
  c.mutable_postpone_meeting()->set_ends_at_ms(t0 + 49 * 60 * minute);
  c.mutable_postpone_meeting()->set_reason("与全市大会冲突");
  ASSERT_FALSE(run(m, c, "sec", t0 + 3 * minute));
  EXPECT_EQ(m.info().starts_at_ms(), t0 + 48 * 60 * minute);
  EXPECT_EQ(m.info().ends_at_ms(), t0 + 49 * 60 * minute);
  EXPECT_EQ(m.info().title(), "局长办公会议");
  ASSERT_EQ(m.lifecycle().postponements_size(), 1);
  const auto& p = m.lifecycle().postponements(0);
  EXPECT_EQ(p.from_starts_at_ms(), t0 + 60 * minute);
  EXPECT_EQ(p.to_starts_at_ms(), t0 + 48 * 60 * minute);
  EXPECT_EQ(p.reason(), "与全市大会冲突");
  EXPECT_EQ(p.by(), "sec");
  EXPECT_EQ(m.lifecycle().phase(), v1::PHASE_NOTIFIED);
  EXPECT_EQ(m.lifecycle().notice_issues(), 2);
  EXPECT_EQ(m.lifecycle().notice_issued_at_ms(), t0 + 3 * minute);

  auto d = sample(v1::PHASE_DRAFTING);
  ASSERT_FALSE(run(d, c, "sec"));
  EXPECT_EQ(d.lifecycle().phase(), v1::PHASE_DRAFTING);
  EXPECT_EQ(d.lifecycle().notice_issues(), 0);

  // Bad input names its field and changes nothing.
  for (auto [starts, ends, reason, field] :
       {std::tuple{std::int64_t{0}, std::int64_t{0}, "改期", "starts_at_ms"},
        {t0 + 10 * minute, t0 + 5 * minute, "改期", "ends_at_ms"},
        {std::int64_t{5}, std::int64_t{0}, "改期", "starts_at_ms"},
        {t0 + 10 * minute, std::int64_t{0}, "", "reason"}}) {
    auto x = sample(v1::PHASE_NOTIFIED);
    const auto before = x.SerializeAsString();
    v1::Change bad;
    bad.mutable_postpone_meeting()->set_starts_at_ms(starts);
    bad.mutable_postpone_meeting()->set_ends_at_ms(ends);
    bad.mutable_postpone_meeting()->set_reason(reason);
    auto r = run(x, bad, "sec");
    ASSERT_TRUE(r) << field;
    EXPECT_EQ(r->code, v1::ERROR_INVALID_FIELD);
    EXPECT_EQ(r->field, field);
    EXPECT_EQ(x.SerializeAsString(), before);
  }
}

TEST(Lifecycle, NoticeIssueRecordsWhoAndWhen) {
  auto m = sample(v1::PHASE_DRAFTING);
  ASSERT_FALSE(run(m, lifecycle("issue_notice"), "sec", t0 + 9));
  EXPECT_EQ(m.lifecycle().phase(), v1::PHASE_NOTIFIED);
  EXPECT_EQ(m.lifecycle().notice_issued_at_ms(), t0 + 9);
  EXPECT_EQ(m.lifecycle().notice_issued_by(), "sec");
  EXPECT_EQ(m.lifecycle().notice_issues(), 1);
  EXPECT_EQ(summarize(m).phase(), v1::PHASE_NOTIFIED);
}

TEST(Lifecycle, QuorumIsACountOrAFractionOfThoseExpected) {
  auto m = sample(v1::PHASE_IN_SESSION);
  // Expected: p1..p3 (p4 observes); present: those present or late.
  m.mutable_attendees(0)->set_attendance(v1::ATTENDANCE_PRESENT);
  m.mutable_attendees(1)->set_attendance(v1::ATTENDANCE_LATE);
  m.mutable_attendees(3)->set_attendance(v1::ATTENDANCE_PRESENT);
  auto q = quorum_of(m);
  EXPECT_EQ(q.expected, 3);
  EXPECT_EQ(q.present, 2);
  EXPECT_EQ(q.required, 0);
  EXPECT_FALSE(q.below());

  auto set = [&](int count, int num, int den, bool more) {
    v1::Change c;
    auto* x = c.mutable_set_quorum()->mutable_quorum();
    x->set_count(count);
    x->set_numerator(num);
    x->set_denominator(den);
    x->set_more_than(more);
    return run(m, c, "sec");
  };
  ASSERT_FALSE(set(3, 0, 0, false));
  EXPECT_EQ(quorum_of(m).required, 3);
  EXPECT_TRUE(quorum_of(m).below());
  ASSERT_FALSE(set(0, 2, 3, false));  // 三分之二以上: at least 2 of 3
  EXPECT_EQ(quorum_of(m).required, 2);
  EXPECT_FALSE(quorum_of(m).below());
  ASSERT_FALSE(set(0, 1, 2, true));  // 过半数: more than 1.5
  EXPECT_EQ(quorum_of(m).required, 2);
  ASSERT_FALSE(set(0, 1, 2, false));  // 半数以上: at least 1.5
  EXPECT_EQ(quorum_of(m).required, 2);
  ASSERT_FALSE(set(0, 1, 1, false));
  EXPECT_EQ(quorum_of(m).required, 3);

  for (auto [count, num, den, more, field] : {std::tuple{-1, 0, 0, false, "quorum.count"},
                                              {2001, 0, 0, false, "quorum.count"},
                                              {3, 1, 2, false, "quorum.numerator"},
                                              {0, 3, 2, false, "quorum.denominator"},
                                              {0, 0, 2, false, "quorum.numerator"},
                                              {0, 1, 101, false, "quorum.denominator"},
                                              {3, 0, 0, true, "quorum.more_than"}}) {
    const auto before = m.SerializeAsString();
    auto r = set(count, num, den, more);
    ASSERT_TRUE(r) << field;
    EXPECT_EQ(r->code, v1::ERROR_INVALID_FIELD);
    EXPECT_EQ(r->field, field);
    EXPECT_EQ(m.SerializeAsString(), before);
  }
}

TEST(Lifecycle, MeetingsStoredBeforePhasesAreSettledByWhatTheyShow) {
  v1::Meeting untouched;
  untouched.add_agenda()->set_id("i1");
  EXPECT_TRUE(settle_legacy_phase(untouched));
  EXPECT_EQ(untouched.lifecycle().phase(), v1::PHASE_DRAFTING);
  EXPECT_FALSE(settle_legacy_phase(untouched)) << "settled once";

  v1::Meeting ran;
  ran.add_agenda()->mutable_timer()->set_elapsed_ms(1000);
  settle_legacy_phase(ran);
  EXPECT_EQ(ran.lifecycle().phase(), v1::PHASE_IN_SESSION);
  EXPECT_EQ(ran.lifecycle().started_at_ms(), 0) << "the start was never recorded";

  v1::Meeting current;
  current.set_current_item_id("i1");
  settle_legacy_phase(current);
  EXPECT_EQ(current.lifecycle().phase(), v1::PHASE_IN_SESSION);

  auto fresh = sample(v1::PHASE_DRAFTING);  // an explicit drafting phase stays
  fresh.mutable_agenda(0)->mutable_timer()->set_elapsed_ms(5);
  EXPECT_FALSE(settle_legacy_phase(fresh));
  EXPECT_EQ(fresh.lifecycle().phase(), v1::PHASE_DRAFTING);
}

TEST(Lifecycle, ClocksOfItemsAboveTheClearanceAreCutFromTheEvent) {
  auto m = sample(v1::PHASE_NOTIFIED);
  v1::Change c;
  c.mutable_start_meeting()->set_current_item_id("i2");  // 机密
  c.mutable_start_meeting()->set_start_timer(true);
  v1::Event e;
  ASSERT_FALSE(decide(m, c, t0, *e.mutable_change(), {}, "sec"));
  e.set_version(m.version() + 1);
  const auto before = access_of(m);
  apply(m, e);
  auto low = redact_event(e, before, m, viewer{"part", v1::LEVEL_INTERNAL});
  ASSERT_EQ(low.how, delivery::replaced);
  EXPECT_EQ(low.event.change().start_meeting().current_item_id(), "");
  EXPECT_EQ(low.event.change().start_meeting().items_size(), 0);
  EXPECT_EQ(low.event.change().start_meeting().lifecycle().phase(), v1::PHASE_IN_SESSION);
  auto high = redact_event(e, before, m, viewer{"sec", v1::LEVEL_SECRET});
  EXPECT_EQ(high.how, delivery::as_is);
  EXPECT_FALSE(history_visible(e, m, viewer{"part", v1::LEVEL_INTERNAL}));
}

}  // namespace
}  // namespace huiwu::domain
