#include "domain/meeting_logic.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

#include <string>

namespace huiwu::domain {
namespace {

using test_support::t0;

class MeetingLogic : public ::testing::Test {
 protected:
  // In session: these tests are about running the agenda (lifecycle_logic_test.cpp covers
  // what each phase refuses).
  v1::Meeting m = in_session(new_meeting("m1", info("办公会"), t0));

  static v1::Meeting in_session(v1::Meeting x) {
    x.mutable_lifecycle()->set_phase(v1::PHASE_IN_SESSION);
    return x;
  }

  static v1::MeetingInfo info(const std::string& title) {
    v1::MeetingInfo i;
    i.set_title(title);
    return i;
  }

  // Decides and applies like the server does; returns the rejection if any.
  maybe_rejection run(const v1::Change& change, std::int64_t now = t0) {
    v1::Event e;
    if (auto r = decide(m, change, now, *e.mutable_change())) return r;
    e.set_version(m.version() + 1);
    apply(m, e);
    return std::nullopt;
  }

  std::string add_item(const std::string& title, int position = -1, int minutes = 10) {
    v1::Change c;
    auto* a = c.mutable_add_item();
    a->mutable_item()->set_title(title);
    a->mutable_item()->set_planned_minutes(minutes);
    a->set_position(position);
    v1::Event e;
    EXPECT_FALSE(decide(m, c, t0, *e.mutable_change()));
    e.set_version(m.version() + 1);
    apply(m, e);
    return e.change().add_item().item().id();
  }

  std::string add_person(const std::string& name) {
    v1::Change c;
    c.mutable_add_attendee()->mutable_attendee()->set_name(name);
    EXPECT_FALSE(run(c));
    return m.attendees(m.attendees_size() - 1).id();
  }

  std::vector<std::string> titles() const {
    std::vector<std::string> out;
    for (const auto& i : m.agenda()) out.push_back(i.title());
    return out;
  }
};

TEST_F(MeetingLogic, AddItemsAssignsIdsAndPositions) {
  auto a = add_item("A");
  auto b = add_item("B");
  add_item("C", 0);
  add_item("D", 99);  // past the end: appended
  EXPECT_NE(a, b);
  EXPECT_EQ(titles(), (std::vector<std::string>{"C", "A", "B", "D"}));
  EXPECT_EQ(m.version(), 4u);
}

TEST_F(MeetingLogic, RejectsBadItemsAndChangesNothing) {
  add_item("A");
  const auto before = m.SerializeAsString();
  v1::Change c;
  c.mutable_add_item()->mutable_item()->set_title("");
  EXPECT_EQ(run(c)->field, "item.title");
  c.mutable_add_item()->mutable_item()->set_title(std::string(100 * 1024, 'x'));
  EXPECT_EQ(run(c)->code, v1::ERROR_TOO_LARGE);
  c.mutable_add_item()->mutable_item()->set_title("ok");
  c.mutable_add_item()->mutable_item()->set_planned_minutes(-5);
  EXPECT_EQ(run(c)->field, "item.planned_minutes");
  c.mutable_add_item()->mutable_item()->set_planned_minutes(5);
  c.mutable_add_item()->mutable_item()->set_level(static_cast<v1::Level>(42));
  EXPECT_EQ(run(c)->field, "item.level");
  EXPECT_EQ(m.SerializeAsString(), before);
}

TEST_F(MeetingLogic, AgendaIsCappedAt200Items) {
  for (int i = 0; i < max_agenda_items; ++i) add_item("x" + std::to_string(i));
  v1::Change c;
  c.mutable_add_item()->mutable_item()->set_title("one too many");
  EXPECT_EQ(run(c)->code, v1::ERROR_TOO_LARGE);
}

TEST_F(MeetingLogic, EditKeepsStatusAndTimer) {
  auto a = add_item("A");
  v1::Change cur;
  cur.mutable_set_current()->set_item_id(a);
  ASSERT_FALSE(run(cur));
  v1::Change e;
  auto* item = e.mutable_edit_item()->mutable_item();
  item->set_id(a);
  item->set_title("A2");
  item->set_planned_minutes(30);
  item->set_status(v1::ITEM_DONE);  // ignored
  ASSERT_FALSE(run(e));
  EXPECT_EQ(m.agenda(0).title(), "A2");
  EXPECT_EQ(m.agenda(0).status(), v1::ITEM_ACTIVE);
  EXPECT_EQ(m.agenda(0).timer().running_since_ms(), t0);
  item->set_id("nope");
  EXPECT_EQ(run(e)->code, v1::ERROR_NOT_FOUND);
}

TEST_F(MeetingLogic, MoveReordersEverywhere) {
  auto a = add_item("A");
  add_item("B");
  add_item("C");
  v1::Change c;
  c.mutable_move_item()->set_item_id(a);
  c.mutable_move_item()->set_position(2);
  ASSERT_FALSE(run(c));
  EXPECT_EQ(titles(), (std::vector<std::string>{"B", "C", "A"}));
  c.mutable_move_item()->set_position(3);
  EXPECT_EQ(run(c)->field, "position");
  c.mutable_move_item()->set_position(-1);
  EXPECT_EQ(run(c)->field, "position");
}

TEST_F(MeetingLogic, MoveEventAppliesTheResolvedOrder) {
  add_item("A");
  add_item("B");
  auto c_id = add_item("C");
  v1::Event e;
  ASSERT_FALSE(decide(
      m,
      [&] {
        v1::Change c;
        c.mutable_move_item()->set_item_id(c_id);
        c.mutable_move_item()->set_position(0);
        return c;
      }(),
      t0, *e.mutable_change()));
  EXPECT_EQ(e.change().move_item().resulting_order_size(), 3);
  EXPECT_EQ(e.change().move_item().resulting_order(0), c_id);
  e.set_version(4);
  apply(m, e);
  EXPECT_EQ(titles(), (std::vector<std::string>{"C", "A", "B"}));
}

TEST_F(MeetingLogic, AdvancingTheCurrentItemRunsTheClocks) {
  auto a = add_item("A");
  auto b = add_item("B");
  v1::Change c;
  c.mutable_set_current()->set_item_id(a);
  ASSERT_FALSE(run(c, t0));
  EXPECT_EQ(m.current_item_id(), a);
  EXPECT_EQ(m.agenda(0).status(), v1::ITEM_ACTIVE);
  c.mutable_set_current()->set_item_id(b);
  c.mutable_set_current()->set_mark_previous_done(true);
  ASSERT_FALSE(run(c, t0 + 60'000));
  EXPECT_EQ(m.current_item_id(), b);
  EXPECT_EQ(m.agenda(0).status(), v1::ITEM_DONE);
  EXPECT_EQ(m.agenda(0).timer().elapsed_ms(), 60'000);
  EXPECT_EQ(m.agenda(0).timer().running_since_ms(), 0);
  EXPECT_EQ(m.agenda(1).timer().running_since_ms(), t0 + 60'000);
  c.mutable_set_current()->set_item_id("");
  c.mutable_set_current()->set_mark_previous_done(false);
  ASSERT_FALSE(run(c, t0 + 90'000));
  EXPECT_EQ(m.current_item_id(), "");
  EXPECT_EQ(m.agenda(1).status(), v1::ITEM_PENDING);
  EXPECT_EQ(m.agenda(1).timer().elapsed_ms(), 30'000);
}

TEST_F(MeetingLogic, TimerStartPauseReset) {
  auto a = add_item("A");
  v1::Change c;
  c.mutable_control_timer()->set_item_id(a);
  c.mutable_control_timer()->set_action(v1::TIMER_START);
  ASSERT_FALSE(run(c, t0));
  ASSERT_FALSE(run(c, t0 + 5'000));  // starting a running clock changes nothing
  EXPECT_EQ(m.agenda(0).timer().running_since_ms(), t0);
  c.mutable_control_timer()->set_action(v1::TIMER_PAUSE);
  ASSERT_FALSE(run(c, t0 + 10'000));
  EXPECT_EQ(m.agenda(0).timer().elapsed_ms(), 10'000);
  c.mutable_control_timer()->set_action(v1::TIMER_RESET);
  ASSERT_FALSE(run(c, t0 + 20'000));
  EXPECT_EQ(m.agenda(0).timer().elapsed_ms(), 0);
  EXPECT_EQ(m.agenda(0).timer().running_since_ms(), 0);
  c.mutable_control_timer()->set_action(static_cast<v1::TimerAction>(9));
  EXPECT_EQ(run(c)->field, "action");
}

TEST_F(MeetingLogic, CurrentItemStatusOnlyThroughSetCurrent) {
  auto a = add_item("A");
  auto b = add_item("B");
  v1::Change cur;
  cur.mutable_set_current()->set_item_id(a);
  ASSERT_FALSE(run(cur));
  v1::Change s;
  s.mutable_set_item_status()->set_item_id(a);
  s.mutable_set_item_status()->set_status(v1::ITEM_DONE);
  EXPECT_EQ(run(s)->code, v1::ERROR_CONFLICT);
  s.mutable_set_item_status()->set_item_id(b);
  s.mutable_set_item_status()->set_status(v1::ITEM_ACTIVE);
  EXPECT_EQ(run(s)->code, v1::ERROR_CONFLICT);
  s.mutable_set_item_status()->set_status(v1::ITEM_DEFERRED);
  ASSERT_FALSE(run(s));
  EXPECT_EQ(m.agenda(1).status(), v1::ITEM_DEFERRED);
}

TEST_F(MeetingLogic, RemovingTheCurrentItemClearsIt) {
  auto a = add_item("A");
  v1::Change cur;
  cur.mutable_set_current()->set_item_id(a);
  ASSERT_FALSE(run(cur));
  v1::Change r;
  r.mutable_remove_item()->set_item_id(a);
  ASSERT_FALSE(run(r));
  EXPECT_EQ(m.agenda_size(), 0);
  EXPECT_EQ(m.current_item_id(), "");
  EXPECT_EQ(run(r)->code, v1::ERROR_NOT_FOUND);
}

TEST_F(MeetingLogic, CheckInStates) {
  auto p = add_person("张三");
  v1::Change c;
  auto* ci = c.mutable_check_in();
  ci->set_attendee_id(p);
  ci->set_attendance(v1::ATTENDANCE_LATE);
  ASSERT_FALSE(run(c, t0 + 1000));
  EXPECT_EQ(m.attendees(0).checked_in_at_ms(), t0 + 1000);
  ci->set_attendance(v1::ATTENDANCE_PRESENT);
  ASSERT_FALSE(run(c, t0 + 9000));
  EXPECT_EQ(m.attendees(0).checked_in_at_ms(), t0 + 1000);  // first arrival kept
  ci->set_attendance(v1::ATTENDANCE_LEAVE);
  EXPECT_EQ(run(c)->field, "leave_reason");  // a leave needs its reason
  ci->set_leave_reason("出差");
  ASSERT_FALSE(run(c));
  EXPECT_EQ(m.attendees(0).attendance(), v1::ATTENDANCE_LEAVE);
  EXPECT_EQ(m.attendees(0).leave_reason(), "出差");
  EXPECT_EQ(m.attendees(0).checked_in_at_ms(), 0);
  ci->set_attendance(v1::ATTENDANCE_PRESENT);
  EXPECT_EQ(run(c)->field, "leave_reason");  // a reason without a leave is a mistake
  ci->set_attendee_id("p999");
  EXPECT_EQ(run(c)->code, v1::ERROR_NOT_FOUND);
}

TEST_F(MeetingLogic, AttendeeValidation) {
  v1::Change c;
  auto* a = c.mutable_add_attendee()->mutable_attendee();
  a->set_name("");
  EXPECT_EQ(run(c)->field, "attendee.name");
  a->set_name("李四");
  a->set_rank(-1);
  EXPECT_EQ(run(c)->field, "attendee.rank");
  a->set_rank(3);
  a->set_role(static_cast<v1::Role>(17));
  EXPECT_EQ(run(c)->field, "attendee.role");
  a->set_role(v1::ROLE_CHAIR);
  a->set_attendance(v1::ATTENDANCE_PRESENT);  // ignored: attendance starts as expected
  ASSERT_FALSE(run(c));
  EXPECT_EQ(m.attendees(0).attendance(), v1::ATTENDANCE_EXPECTED);
  EXPECT_EQ(m.attendees(0).role(), v1::ROLE_CHAIR);
}

// The same person twice is refused at the name (spaces do not count), unless the secretary
// confirmed it is another person; a namesake in another unit is another person.
TEST_F(MeetingLogic, TheSamePersonTwiceIsRefusedUnlessConfirmed) {
  auto add = [&](const std::string& name, const std::string& unit, bool allow = false) {
    v1::Change c;
    auto* a = c.mutable_add_attendee()->mutable_attendee();
    a->set_name(name);
    a->set_unit(unit);
    c.mutable_add_attendee()->set_allow_same_name(allow);
    return run(c);
  };
  ASSERT_FALSE(add("王伟", "办公厅"));
  const auto before = m.SerializeAsString();
  auto r = add("王 伟", "办公厅");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
  EXPECT_EQ(r->field, "attendee.name");
  r = add("王\u3000伟", "办公厅");  // a full-width space
  ASSERT_TRUE(r);
  EXPECT_EQ(m.SerializeAsString(), before) << "a refused add changes nothing";
  EXPECT_FALSE(add("王伟", "财政局"));        // a namesake elsewhere
  EXPECT_FALSE(add("王伟", "办公厅", true));  // confirmed: another 王伟 of the same unit
  EXPECT_EQ(m.attendees_size(), 3);

  // Renaming someone into an existing person is the same slip.
  v1::Change e;
  auto* a = e.mutable_edit_attendee()->mutable_attendee();
  *a = m.attendees(1);
  a->set_unit("办公厅");
  r = run(e);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "attendee.name");
  e.mutable_edit_attendee()->set_allow_same_name(true);
  EXPECT_FALSE(run(e));
  // Editing a person's own title keeps their own name: not a duplicate of themselves.
  v1::Change own;
  *own.mutable_edit_attendee()->mutable_attendee() = m.attendees(0);
  own.mutable_edit_attendee()->mutable_attendee()->set_title("处长");
  EXPECT_FALSE(run(own));
}

TEST_F(MeetingLogic, InfoValidation) {
  v1::Change c;
  auto* i = c.mutable_update_info()->mutable_info();
  i->set_title("专题会");
  i->set_starts_at_ms(t0);
  i->set_ends_at_ms(t0 - 1);
  EXPECT_EQ(run(c)->field, "info.ends_at_ms");
  i->set_ends_at_ms(t0 + 3'600'000);
  i->set_place("第一会议室");
  i->set_description("议题：\n一、预算\n二、人事");
  ASSERT_FALSE(run(c));
  EXPECT_EQ(m.info().place(), "第一会议室");
  EXPECT_TRUE(changes_summary(c));
  i->set_starts_at_ms(-5);
  EXPECT_EQ(run(c)->field, "info.starts_at_ms");
}

TEST_F(MeetingLogic, ArchivedMeetingsRefuseChangesUntilUnarchived) {
  v1::Change a;
  a.mutable_archive()->set_archived(true);
  ASSERT_FALSE(run(a));
  v1::Change c;
  c.mutable_add_item()->mutable_item()->set_title("x");
  EXPECT_EQ(run(c)->code, v1::ERROR_ARCHIVED);
  a.mutable_archive()->set_archived(false);
  ASSERT_FALSE(run(a));
  EXPECT_FALSE(run(c));
}

TEST_F(MeetingLogic, EmptyChangeIsABadRequest) {
  v1::Change c;
  EXPECT_EQ(run(c)->code, v1::ERROR_BAD_REQUEST);
}

// Replaying the events that decide() produced on a fresh copy gives the same state: what
// every other instance and every browser does.
TEST_F(MeetingLogic, ReplayReachesTheSameState) {
  std::vector<v1::Event> log;
  auto record = [&](const v1::Change& c, std::int64_t now) {
    v1::Event e;
    ASSERT_FALSE(decide(m, c, now, *e.mutable_change()));
    e.set_version(m.version() + 1);
    apply(m, e);
    log.push_back(e);
  };
  const auto start = m;
  for (int i = 0; i < 20; ++i) {
    v1::Change c;
    c.mutable_add_item()->mutable_item()->set_title("item " + std::to_string(i));
    c.mutable_add_item()->set_position(i % 3);
    record(c, t0 + i);
  }
  for (int i = 0; i < 20; ++i) {
    v1::Change c;
    c.mutable_move_item()->set_item_id(m.agenda(i).id());
    c.mutable_move_item()->set_position((i * 7) % 20);
    record(c, t0 + 100 + i);
    v1::Change s;
    s.mutable_set_current()->set_item_id(m.agenda((i * 3) % 20).id());
    s.mutable_set_current()->set_mark_previous_done(i % 2 == 0);
    record(s, t0 + 200 + i * 1000);
  }
  v1::Meeting replica = start;
  for (const auto& e : log) apply(replica, e);
  EXPECT_EQ(replica.SerializeAsString(), m.SerializeAsString());
}

}  // namespace
}  // namespace huiwu::domain
