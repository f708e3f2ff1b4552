// The meeting's lifecycle through the real server (docs/protocol.md §6.4): every transition
// by every role on fresh meetings, a meeting run from notice to end as two clients see it,
// refused transitions that change nothing, item clocks that run only in session on the
// server's (offset) clock, and meetings stored before phases existed.
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

constexpr std::int64_t day_ms = 24 * 3600 * 1000LL;

std::int64_t machine_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct member {
  v1::Role role;
  std::unique_ptr<ws_client> ws;
};

class LifecycleTest : public ServerTest {
 protected:
  void SetUp() override {
    for (auto [id, role] : {std::pair{"conv", v1::ROLE_CONVENER},
                            {"sec", v1::ROLE_SECRETARY},
                            {"chair", v1::ROLE_CHAIR},
                            {"part", v1::ROLE_PARTICIPANT},
                            {"obs", v1::ROLE_OBSERVER}}) {
      ASSERT_EQ(create_account(redis_.port(), id, std::string("password-") + id, "secret"), 0);
      const auto token = log_in(server_.port(), id, std::string("password-") + id);
      ASSERT_FALSE(token.empty()) << id;
      people_[id] = {role,
                     std::make_unique<ws_client>(server_.port(), std::string("c-") + id, token)};
    }
  }

  ws_client& as(const std::string& id) { return *people_.at(id).ws; }

  // A meeting created by conv, everyone linked in their role, two items (30 and 10 minutes),
  // brought to `phase`.
  std::string fresh_meeting(v1::MeetingPhase phase) {
    auto& conv = as("conv");
    const auto id = conv.create_meeting("局长办公会议").id();
    conv.join(id);
    for (const auto& [account, p] : people_) {
      if (account == "conv") continue;
      v1::Change c;
      auto* a = c.mutable_add_attendee()->mutable_attendee();
      a->set_name("人员" + account);
      a->set_account_id(account);
      a->set_role(p.role);
      EXPECT_TRUE(conv.command(id, c).has_ack());
    }
    EXPECT_TRUE(conv.command(id, add_item_change("审议预算调整方案", 30)).has_ack());
    EXPECT_TRUE(conv.command(id, add_item_change("听取安全生产汇报", 10)).has_ack());
    auto to = [&](v1::Change c) { EXPECT_TRUE(conv.command(id, c).has_ack()); };
    v1::Change c;
    switch (phase) {
      case v1::PHASE_NOTIFIED:
        c.mutable_issue_notice();
        to(c);
        break;
      case v1::PHASE_IN_SESSION:
        c.mutable_start_meeting();
        to(c);
        break;
      case v1::PHASE_ENDED:
        c.mutable_start_meeting();
        to(c);
        c.Clear();
        c.mutable_end_meeting();
        to(c);
        break;
      case v1::PHASE_CANCELLED:
        c.mutable_cancel_meeting()->set_reason("领导公出");
        to(c);
        break;
      default:
        break;
    }
    return id;
  }

  v1::Meeting state(const std::string& id) { return as("conv").join(id).snapshot(); }

  std::map<std::string, member> people_;
};

v1::Change transition(const std::string& kind) {
  v1::Change c;
  if (kind == "issue_notice") c.mutable_issue_notice();
  if (kind == "start_meeting") c.mutable_start_meeting();
  if (kind == "end_meeting") c.mutable_end_meeting();
  if (kind == "cancel_meeting") c.mutable_cancel_meeting()->set_reason("主要领导临时公出");
  if (kind == "postpone_meeting") {
    c.mutable_postpone_meeting()->set_starts_at_ms(1'790'000'000'000);
    c.mutable_postpone_meeting()->set_reason("与全市大会冲突");
  }
  if (kind == "set_quorum") c.mutable_set_quorum()->mutable_quorum()->set_count(3);
  return c;
}

// The rows the access table (access_test.cpp) leaves to this file: for each transition, the
// roles that may ask for it get it, from a phase where it applies, and everyone else gets
// ERROR_FORBIDDEN and changes nothing.
TEST_F(LifecycleTest, EveryTransitionByEveryRole) {
  struct row {
    v1::MeetingPhase from, to;
    std::set<std::string> allowed;
  };
  const std::map<std::string, row> rows = {
      {"issue_notice", {v1::PHASE_DRAFTING, v1::PHASE_NOTIFIED, {"conv", "sec"}}},
      {"start_meeting", {v1::PHASE_NOTIFIED, v1::PHASE_IN_SESSION, {"conv", "sec", "chair"}}},
      {"end_meeting", {v1::PHASE_IN_SESSION, v1::PHASE_ENDED, {"conv", "sec", "chair"}}},
      {"cancel_meeting", {v1::PHASE_NOTIFIED, v1::PHASE_CANCELLED, {"conv", "sec"}}},
      {"postpone_meeting", {v1::PHASE_NOTIFIED, v1::PHASE_NOTIFIED, {"conv", "sec"}}},
      {"set_quorum", {v1::PHASE_IN_SESSION, v1::PHASE_IN_SESSION, {"conv", "sec"}}},
  };
  const auto* oneof = v1::Change::descriptor()->FindOneofByName("kind");
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto kind = oneof->field(i)->name();
    // The lifecycle's kinds are 60..69; the notice's replies (80, 81) are no transitions:
    // their roles and phases are in notice_test.cpp and access_test.cpp; 90 on: materials
    // (material_test.cpp); 70–79 are the 纪要's (jiyao_workflow_test.cpp).
    if (oneof->field(i)->number() >= 60 && oneof->field(i)->number() < 70) {
      EXPECT_TRUE(rows.count(kind)) << "no row for " << kind;
    }
  }
  for (const auto& [kind, r] : rows) {
    const auto shared = fresh_meeting(r.from);
    for (const auto& [who, p] : people_) {
      SCOPED_TRACE(kind + " by " + who);
      if (!r.allowed.count(who)) {
        const auto before = state(shared).version();
        p.ws->join(shared);
        auto reply = p.ws->command(shared, transition(kind));
        ASSERT_TRUE(reply.has_error()) << reply.DebugString();
        EXPECT_EQ(reply.error().code(), v1::ERROR_FORBIDDEN);
        EXPECT_EQ(state(shared).version(), before);
        continue;
      }
      const auto id = fresh_meeting(r.from);
      p.ws->join(id);
      as("obs").join(id);
      auto reply = p.ws->command(id, transition(kind));
      ASSERT_TRUE(reply.has_ack()) << reply.DebugString();
      // Everyone in the meeting hears it: the observer's event carries the phase after it.
      auto e = as("obs").event(id, reply.ack().version());
      ASSERT_TRUE(e);
      EXPECT_EQ(e->account_id(), who);
      EXPECT_EQ(state(id).lifecycle().phase(), r.to);
    }
  }
}

TEST_F(LifecycleTest, AMeetingFromNoticeToEndAsTheSecretaryAndTheLeaderSeeIt) {
  const auto id = fresh_meeting(v1::PHASE_DRAFTING);
  auto& sec = as("sec");
  auto& chair = as("chair");
  sec.join(id);
  auto joined = chair.join(id);
  EXPECT_EQ(joined.snapshot().lifecycle().phase(), v1::PHASE_DRAFTING);
  EXPECT_TRUE(joined.snapshot().has_lifecycle());
  const auto item = joined.snapshot().agenda(0).id();

  v1::Change c;
  c.mutable_issue_notice();
  auto r = sec.command(id, c);
  ASSERT_TRUE(r.has_ack());
  auto e = chair.event(id, r.ack().version());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->change().issue_notice().lifecycle().phase(), v1::PHASE_NOTIFIED);
  EXPECT_EQ(e->change().issue_notice().lifecycle().notice_issued_by(), "sec");
  EXPECT_EQ(e->change().issue_notice().lifecycle().notice_issued_at_ms(), e->at_ms());

  // 改期: new times and a reason; the notice goes out again.
  c.Clear();
  c.mutable_postpone_meeting()->set_starts_at_ms(1'790'000'000'000);
  c.mutable_postpone_meeting()->set_ends_at_ms(1'790'000'000'000 + 2 * 3600 * 1000);
  c.mutable_postpone_meeting()->set_reason("与全市安全生产大会冲突");
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  e = chair.event(id, r.ack().version());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->change().postpone_meeting().info().starts_at_ms(), 1'790'000'000'000);
  EXPECT_EQ(e->change().postpone_meeting().info().title(), "局长办公会议");
  EXPECT_EQ(e->change().postpone_meeting().lifecycle().notice_issues(), 2);

  // Refused transitions answer ERROR_CONFLICT at "phase", and nothing moves.
  const auto before = state(id);
  c.Clear();
  c.mutable_end_meeting();
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(r.error().field(), "phase");
  c.Clear();
  c.mutable_set_current()->set_item_id(item);  // the old "N": no item runs before the start
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(r.error().field(), "phase");
  EXPECT_EQ(state(id).SerializeAsString(), before.SerializeAsString());

  // The chair opens the meeting at the first item, its clock not yet running; over JSON, as
  // docs/protocol.md shows it.
  ws_client json(server_.port(), "c-json", log_in(server_.port(), "chair", "password-chair"));
  json.join(id);
  json.send_raw(R"({"id": 77, "command": {"meeting_id": ")" + id +
                R"(", "client_id": "c-json", "client_seq": 1, "change": {"start_meeting":
                {"current_item_id": ")" +
                item + R"(", "start_timer": false}}}})");
  auto ack = json.reply_to(77);
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "no reply");
  e = sec.event(id, ack->ack().version());
  ASSERT_TRUE(e);
  const auto& started = e->change().start_meeting();
  EXPECT_EQ(started.lifecycle().phase(), v1::PHASE_IN_SESSION);
  EXPECT_EQ(started.lifecycle().started_at_ms(), e->at_ms());
  EXPECT_EQ(started.lifecycle().started_by(), "chair");
  ASSERT_EQ(started.items_size(), 1);
  EXPECT_EQ(started.items(0).status(), v1::ITEM_ACTIVE);
  EXPECT_EQ(started.items(0).timer().running_since_ms(), 0);
  auto now = state(id);
  EXPECT_EQ(now.current_item_id(), item);
  EXPECT_EQ(now.lifecycle().phase(), v1::PHASE_IN_SESSION);

  c.Clear();
  c.mutable_cancel_meeting()->set_reason("太晚了");
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(state(id).version(), now.version());

  c.Clear();
  c.mutable_end_meeting()->set_mark_current_done(true);
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_ack());
  e = chair.event(id, r.ack().version());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->change().end_meeting().lifecycle().phase(), v1::PHASE_ENDED);
  EXPECT_EQ(e->change().end_meeting().lifecycle().ended_at_ms(), e->at_ms());
  now = state(id);
  EXPECT_EQ(now.current_item_id(), "");
  EXPECT_EQ(now.agenda(0).status(), v1::ITEM_DONE);

  // The agenda is frozen, the record still correctable.
  r = sec.command(id, add_item_change("会后补充"));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  c.Clear();
  c.mutable_check_in()->set_attendee_id(now.attendees(0).id());
  c.mutable_check_in()->set_attendance(v1::ATTENDANCE_LEAVE);
  c.mutable_check_in()->set_leave_reason("会后补记：出差");
  EXPECT_TRUE(sec.command(id, c).has_ack());

  // The meeting list says where each meeting is.
  v1::Envelope list;
  list.mutable_list_meetings();
  auto listed = chair.call(list);
  ASSERT_TRUE(listed.has_meeting_list());
  bool found = false;
  for (const auto& s : listed.meeting_list().meetings()) {
    if (s.id() != id) continue;
    found = true;
    EXPECT_EQ(s.phase(), v1::PHASE_ENDED);
    EXPECT_EQ(s.started_at_ms(), now.lifecycle().started_at_ms());
  }
  EXPECT_TRUE(found);
}

TEST_F(LifecycleTest, ACancelledMeetingKeepsItsReasonAndRefusesTheRest) {
  const auto id = fresh_meeting(v1::PHASE_NOTIFIED);
  auto& sec = as("sec");
  sec.join(id);
  v1::Change c;
  c.mutable_cancel_meeting()->set_reason(" ");
  const auto before = state(id);
  auto r = sec.command(id, c);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r.error().field(), "reason");
  EXPECT_EQ(state(id).SerializeAsString(), before.SerializeAsString());

  c.mutable_cancel_meeting()->set_reason("主要领导临时赴省里开会");
  ASSERT_TRUE(sec.command(id, c).has_ack());
  const auto now = state(id);
  EXPECT_EQ(now.lifecycle().phase(), v1::PHASE_CANCELLED);
  EXPECT_EQ(now.lifecycle().cancel_reason(), "主要领导临时赴省里开会");
  EXPECT_EQ(now.lifecycle().cancelled_by(), "sec");
  for (const auto& kind : {"start_meeting", "postpone_meeting", "issue_notice", "set_quorum"}) {
    r = sec.command(id, transition(kind));
    ASSERT_TRUE(r.has_error()) << kind;
    EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT) << kind;
  }
  EXPECT_EQ(state(id).version(), now.version());
}

// The server's clock is three days ahead of the machine's (HUIWU_CLOCK_OFFSET_MS): every
// time recorded is the server's, and the used time of an item is exactly the server time
// between the events that started and stopped its clock.
class LifecycleClockTest : public LifecycleTest {
 protected:
  static constexpr std::int64_t offset_ms = 3 * day_ms;
  static void SetUpTestSuite() {
    ::setenv("HUIWU_CLOCK_OFFSET_MS", std::to_string(offset_ms).c_str(), 1);
  }
  static void TearDownTestSuite() { ::unsetenv("HUIWU_CLOCK_OFFSET_MS"); }
};

TEST_F(LifecycleClockTest, ItemClocksRunOnlyInSessionAndTheUsedTimeIsWhatRan) {
  const auto id = fresh_meeting(v1::PHASE_NOTIFIED);
  auto& sec = as("sec");
  sec.join(id);
  const auto item = state(id).agenda(0).id();
  v1::Change c;
  c.mutable_control_timer()->set_item_id(item);
  c.mutable_control_timer()->set_action(v1::TIMER_START);
  auto r = sec.command(id, c);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CONFLICT);
  EXPECT_EQ(state(id).agenda(0).timer().running_since_ms(), 0);
  EXPECT_EQ(state(id).agenda(0).timer().elapsed_ms(), 0);

  const auto machine_before = machine_now_ms();
  c.Clear();
  c.mutable_start_meeting()->set_current_item_id(item);
  c.mutable_start_meeting()->set_start_timer(true);
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  auto start = sec.event(id, r.ack().version());
  ASSERT_TRUE(start);
  const auto s = state(id);
  EXPECT_EQ(s.lifecycle().started_at_ms(), start->at_ms());
  EXPECT_EQ(s.agenda(0).timer().running_since_ms(), start->at_ms());
  EXPECT_GE(s.lifecycle().started_at_ms(), machine_before + offset_ms) << "the server's clock";

  c.Clear();
  c.mutable_end_meeting();
  r = sec.command(id, c);
  ASSERT_TRUE(r.has_ack());
  auto end = sec.event(id, r.ack().version());
  ASSERT_TRUE(end);
  const auto e = state(id);
  EXPECT_EQ(e.agenda(0).timer().running_since_ms(), 0);
  EXPECT_EQ(e.agenda(0).timer().elapsed_ms(), end->at_ms() - start->at_ms());
  EXPECT_EQ(e.lifecycle().ended_at_ms(), end->at_ms());
  EXPECT_EQ(e.agenda(0).status(), v1::ITEM_PENDING) << "not marked done unless asked";
}

// Meetings written before phases existed (no lifecycle in the stored snapshot) load as in
// session when they evidently ran, else as in preparation; nothing else of them changes.
TEST_F(LifecycleTest, MeetingsStoredBeforePhasesLoadWithASensiblePhase) {
  auto make_legacy = [&](bool ran) {
    const auto id = fresh_meeting(v1::PHASE_DRAFTING);
    auto m = state(id);
    m.clear_lifecycle();
    if (ran) {
      m.set_current_item_id(m.agenda(0).id());
      m.mutable_agenda(0)->set_status(v1::ITEM_ACTIVE);
      m.mutable_agenda(0)->mutable_timer()->set_elapsed_ms(90'000);
    }
    const std::string prefix = "hw:{m:" + id + "}:";
    redis_.command({"SET", prefix + "snap", m.SerializeAsString()});
    redis_.command({"HSET", prefix + "meta", "snap_version", std::to_string(m.version())});
    return std::pair{id, m};
  };
  const auto [quiet, quiet_before] = make_legacy(false);
  const auto [ran, ran_before] = make_legacy(true);
  // A restart: nothing of the meetings is in memory any more.
  server_.stop();
  server_.start();
  for (auto& [name, p] : people_) {
    p.ws = std::make_unique<ws_client>(server_.port(), "c2-" + name,
                                       log_in(server_.port(), name, "password-" + name));
  }
  const auto q = state(quiet);
  EXPECT_EQ(q.lifecycle().phase(), v1::PHASE_DRAFTING);
  const auto r = state(ran);
  EXPECT_EQ(r.lifecycle().phase(), v1::PHASE_IN_SESSION);
  EXPECT_EQ(r.lifecycle().started_at_ms(), 0);
  EXPECT_EQ(r.agenda(0).timer().elapsed_ms(), 90'000);
  EXPECT_EQ(r.version(), ran_before.version());
  EXPECT_EQ(r.attendees_size(), ran_before.attendees_size());
  // And the secretary can end it like any meeting in session.
  auto& sec = as("sec");
  sec.join(ran);
  v1::Change c;
  c.mutable_end_meeting();
  EXPECT_TRUE(sec.command(ran, c).has_ack());
}

}  // namespace
}  // namespace huiwu::test
