// Resuming after a short absence (issue 10): a reader that re-joins with its last version is
// answered with the events it missed, cut for it as the live broadcast cuts them, unless
// something in the gap moved what THIS reader may see; then it gets a (redacted) snapshot.
// Against the real server and a real Redis; the reader's state after applying the events is
// compared with a fresh join's snapshot.
#include <google/protobuf/util/message_differencer.h>

#include "domain/meeting_logic.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

constexpr const char* resume_secret_text = "SENTINEL-RESUME-SECRET";

class ResumeTest : public ServerTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_account(redis_.port(), "reader", "password-reader", "internal"), 0);
    ASSERT_EQ(create_account(redis_.port(), "other", "password-other", "internal"), 0);
    reader_token_ = log_in(server_.port(), "reader", "password-reader");
    ASSERT_FALSE(reader_token_.empty());
    conv_ = client("c-conv");
    meeting_ = conv_->create_meeting("常务会议").id();
    conv_->join(meeting_);
    item_a_ = add_item("公开议题A", v1::LEVEL_PUBLIC);
    item_b_ = add_item("公开议题B", v1::LEVEL_PUBLIC);
    item_c_ = add_item("公开议题C", v1::LEVEL_PUBLIC);
    item_s_ = add_item("机密议题", v1::LEVEL_SECRET);
    minutes(item_s_, resume_secret_text);
    minutes(item_a_, "王建国：");
    reader_attendee_ = add_attendee("读者", "reader", v1::ROLE_PARTICIPANT);
    other_attendee_ = add_attendee("另一位", "other", v1::ROLE_PARTICIPANT);
    v1::Change start;  // in session: the agenda's clocks run (docs/protocol.md §6.4)
    start.mutable_start_meeting();
    change(start);
  }

  v1::Meeting state() { return conv_->join(meeting_).snapshot(); }

  std::string add_item(const std::string& title, v1::Level level) {
    auto c = add_item_change(title);
    c.mutable_add_item()->mutable_item()->set_level(level);
    auto r = conv_->command(meeting_, c);
    EXPECT_TRUE(r.has_ack()) << r.DebugString();
    const auto s = state();
    return s.agenda(s.agenda_size() - 1).id();
  }

  std::string add_attendee(const std::string& name, const std::string& account, v1::Role role) {
    v1::Change c;
    auto* a = c.mutable_add_attendee()->mutable_attendee();
    a->set_name(name);
    a->set_account_id(account);
    a->set_role(role);
    auto r = conv_->command(meeting_, c);
    EXPECT_TRUE(r.has_ack()) << r.DebugString();
    const auto s = state();
    return s.attendees(s.attendees_size() - 1).id();
  }

  // Appends `text` to an item's minutes.
  void minutes(const std::string& item, const std::string& text) {
    const auto s = state();
    std::uint32_t len = 0;
    for (const auto& it : s.agenda()) {
      if (it.id() != item) continue;
      for (unsigned char ch : it.minutes()) len += (ch & 0xC0) != 0x80;
    }
    v1::Change c;
    auto* e = c.mutable_edit_minutes();
    e->set_item_id(item);
    e->set_base_version(s.version());
    if (len) e->mutable_op()->add_ops()->set_retain(len);
    e->mutable_op()->add_ops()->set_insert(text);
    auto r = conv_->command(meeting_, c);
    ASSERT_TRUE(r.has_ack()) << r.DebugString();
  }

  void change(const v1::Change& c) {
    auto r = conv_->command(meeting_, c);
    ASSERT_TRUE(r.has_ack()) << r.DebugString();
  }

  v1::AgendaItem item(const std::string& id) {
    const auto s = state();
    for (const auto& it : s.agenda()) {
      if (it.id() == id) return it;
    }
    ADD_FAILURE() << "no item " << id;
    return {};
  }

  void set_item_level(const std::string& id, v1::Level level) {
    v1::Change c;
    *c.mutable_edit_item()->mutable_item() = item(id);
    c.mutable_edit_item()->mutable_item()->set_level(level);
    change(c);
  }

  std::unique_ptr<ws_client> reader() {
    return std::make_unique<ws_client>(server_.port(), "c-reader", reader_token_);
  }

  // The reader's copy of the meeting: a fresh join, then its connection goes away.
  struct copy {
    v1::Meeting state;
    std::string epoch;
  };
  copy reader_copy() {
    auto r = reader();
    const auto j = r->join(meeting_);
    EXPECT_TRUE(j.has_snapshot());
    return {j.snapshot(), j.epoch()};
  }

  // Re-joins with the copy's version on a new connection; checks that nothing in the answer
  // is about the secret item.
  v1::Joined rejoin(const copy& c) {
    auto r = reader();
    v1::Envelope e;
    e.mutable_join()->set_meeting_id(meeting_);
    e.mutable_join()->set_known_version(c.state.version());
    e.mutable_join()->set_known_epoch(c.epoch);
    const auto reply = r->call(e);
    EXPECT_TRUE(reply.has_joined()) << reply.DebugString();
    EXPECT_EQ(reply.DebugString().find(resume_secret_text), std::string::npos)
        << reply.DebugString();
    EXPECT_EQ(reply.DebugString().find(item_s_ + "\""), std::string::npos) << reply.DebugString();
    return reply.joined();
  }

  v1::Meeting fresh_for_reader() {
    auto r = reader();
    const auto j = r->join(meeting_);
    EXPECT_TRUE(j.has_snapshot());
    return j.snapshot();
  }

  static void expect_same(const v1::Meeting& a, const v1::Meeting& b) {
    std::string diff;
    google::protobuf::util::MessageDifferencer d;
    d.ReportDifferencesToString(&diff);
    EXPECT_TRUE(d.Compare(a, b)) << diff;
  }

  std::string reader_token_;
  std::unique_ptr<ws_client> conv_;
  std::string meeting_, item_a_, item_b_, item_c_, item_s_, reader_attendee_, other_attendee_;
};

TEST_F(ResumeTest, ContentEditsWhileAwayAreAnsweredWithEventsThatRebuildTheFreshState) {
  auto mine = reader_copy();
  const auto from = mine.state.version();

  // While the reader is away: every kind of agenda and minutes edit that moves nothing about
  // access, on visible and on hidden items, and an attendee without an account.
  auto a = item(item_a_);
  a.set_title("公开议题A（修改）");
  a.set_planned_minutes(45);
  v1::Change c;
  *c.mutable_edit_item()->mutable_item() = a;
  change(c);
  c.Clear();
  c.mutable_set_item_status()->set_item_id(item_b_);
  c.mutable_set_item_status()->set_status(v1::ITEM_DEFERRED);
  change(c);
  c.Clear();
  c.mutable_control_timer()->set_item_id(item_c_);
  c.mutable_control_timer()->set_action(v1::TIMER_START);
  change(c);
  c.Clear();
  c.mutable_set_current()->set_item_id(item_a_);
  change(c);
  minutes(item_a_, "同意。");
  c.Clear();
  c.mutable_set_current()->set_item_id(item_c_);
  c.mutable_set_current()->set_mark_previous_done(true);
  change(c);
  minutes(item_s_, "（续）");  // hidden from the reader: a version-only event
  auto s = item(item_s_);
  s.set_title("机密议题（改）");  // hidden, same level
  c.Clear();
  *c.mutable_edit_item()->mutable_item() = s;
  change(c);
  c.Clear();
  c.mutable_move_item()->set_item_id(item_c_);
  c.mutable_move_item()->set_position(0);
  change(c);
  c.Clear();
  auto* guest = c.mutable_add_attendee()->mutable_attendee();
  guest->set_name("来宾");
  guest->set_unit("外单位");
  change(c);
  c.Clear();
  c.mutable_remove_item()->set_item_id(item_b_);  // a visible item goes
  change(c);
  // Another account's link and role change: nothing about what THIS reader sees.
  c.Clear();
  auto* other = c.mutable_edit_attendee()->mutable_attendee();
  other->set_id(other_attendee_);
  other->set_name("另一位");
  other->set_account_id("other");
  other->set_role(v1::ROLE_CHAIR);
  change(c);
  const auto now = state().version();
  ASSERT_EQ(now, from + 12);

  const auto j = rejoin(mine);
  EXPECT_FALSE(j.has_snapshot()) << j.DebugString();
  ASSERT_EQ(j.events_size(), static_cast<int>(now - from)) << j.DebugString();
  EXPECT_EQ(j.version(), now);
  EXPECT_EQ(j.my_role(), v1::ROLE_PARTICIPANT);
  int version_only = 0;
  for (const auto& e : j.events()) {
    ASSERT_EQ(e.version(), mine.state.version() + 1);
    if (e.change().kind_case() == v1::Change::KIND_NOT_SET) ++version_only;
    domain::apply(mine.state, e);
  }
  EXPECT_EQ(version_only, 2);  // the secret item's minutes and title
  expect_same(mine.state, fresh_for_reader());
}

TEST_F(ResumeTest, AccessRelevantChangesWhileAwayAreAnsweredWithARedactedSnapshot) {
  struct step {
    const char* what;
    std::function<void()> act;
    std::function<void(const v1::Meeting&)> check;
  };
  auto has_item = [](const v1::Meeting& m, const std::string& id) {
    for (const auto& it : m.agenda()) {
      if (it.id() == id) return true;
    }
    return false;
  };
  const std::vector<step> steps = {
      {"an item raised above the reader's clearance",
       [&] { set_item_level(item_a_, v1::LEVEL_SECRET); },
       [&](const v1::Meeting& m) { EXPECT_FALSE(has_item(m, item_a_)); }},
      {"an item lowered into the reader's clearance",
       [&] { set_item_level(item_a_, v1::LEVEL_INTERNAL); },
       [&](const v1::Meeting& m) { EXPECT_TRUE(has_item(m, item_a_)); }},
      {"the reader's role changed",
       [&] {
         v1::Change c;
         auto* a = c.mutable_edit_attendee()->mutable_attendee();
         a->set_id(reader_attendee_);
         a->set_name("读者");
         a->set_account_id("reader");
         a->set_role(v1::ROLE_CHAIR);
         change(c);
       },
       nullptr},
      {"an item added above the reader's clearance",
       [&] {
         auto c = add_item_change("又一个机密议题");
         c.mutable_add_item()->mutable_item()->set_level(v1::LEVEL_SECRET);
         change(c);
       },
       nullptr},
      {"the meeting's level changed within the reader's clearance, then an item crossed it",
       [&] {
         auto info = state().info();
         info.set_level(v1::LEVEL_INTERNAL);
         v1::Change c;
         *c.mutable_update_info()->mutable_info() = info;
         change(c);
         set_item_level(item_c_, v1::LEVEL_CONFIDENTIAL);
       },
       [&](const v1::Meeting& m) {
         EXPECT_EQ(m.info().level(), v1::LEVEL_INTERNAL);
         EXPECT_FALSE(has_item(m, item_c_));
       }},
  };
  for (const auto& s : steps) {
    SCOPED_TRACE(s.what);
    auto mine = reader_copy();
    minutes(item_a_, "一句。");  // content edits around the access change do not matter
    s.act();
    const auto j = rejoin(mine);
    ASSERT_TRUE(j.has_snapshot()) << j.DebugString();
    EXPECT_EQ(j.events_size(), 0);
    expect_same(j.snapshot(), fresh_for_reader());
    if (s.check) s.check(j.snapshot());
  }
  // The role change above reached the reader's joined reply.
  auto r = reader();
  EXPECT_EQ(r->join(meeting_).my_role(), v1::ROLE_CHAIR);
}

// After a crash the room is loaded from storage (snapshot plus the log after it). The store
// takes what each loaded event replaced as it applies the tail, so a reader away across the
// restart is resumed as exactly as without one: events for content, a snapshot for access.
TEST_F(ResumeTest, AResumeAcrossAServerRestartIsAsExactAsWithoutOne) {
  auto mine = reader_copy();
  const auto from = mine.state.version();
  auto a = item(item_a_);
  a.set_title("重启前修改");
  v1::Change c;
  *c.mutable_edit_item()->mutable_item() = a;
  change(c);
  c.Clear();
  c.mutable_add_attendee()->mutable_attendee()->set_name("来宾");
  change(c);
  minutes(item_s_, "（重启前）");
  server_.kill();
  server_.start();
  conv_ = client("c-conv-after-restart");  // a new client id: its sequence starts again
  conv_->join(meeting_);
  c.Clear();
  c.mutable_set_item_status()->set_item_id(item_b_);
  c.mutable_set_item_status()->set_status(v1::ITEM_DEFERRED);
  change(c);
  const auto now = state().version();
  ASSERT_EQ(now, from + 4);

  const auto j = rejoin(mine);
  EXPECT_FALSE(j.has_snapshot()) << j.DebugString();
  ASSERT_EQ(j.events_size(), 4) << j.DebugString();
  for (const auto& e : j.events()) domain::apply(mine.state, e);
  expect_same(mine.state, fresh_for_reader());

  // An access change before the next crash: the loaded event still says what it replaced.
  auto again = reader_copy();
  set_item_level(item_c_, v1::LEVEL_SECRET);
  server_.kill();
  server_.start();
  conv_ = client("c-conv-after-second-restart");
  conv_->join(meeting_);
  const auto k = rejoin(again);
  ASSERT_TRUE(k.has_snapshot()) << k.DebugString();
  expect_same(k.snapshot(), fresh_for_reader());
  for (const auto& it : k.snapshot().agenda()) EXPECT_NE(it.id(), item_c_);
}

// A reader that lost the meeting (its link removed) is refused, not resumed.
TEST_F(ResumeTest, AReaderWhoseLinkWasRemovedIsRefusedOnRejoin) {
  auto mine = reader_copy();
  v1::Change c;
  c.mutable_remove_attendee()->set_attendee_id(reader_attendee_);
  change(c);
  auto r = reader();
  v1::Envelope e;
  e.mutable_join()->set_meeting_id(meeting_);
  e.mutable_join()->set_known_version(mine.state.version());
  e.mutable_join()->set_known_epoch(mine.epoch);
  const auto reply = r->call(e);
  ASSERT_TRUE(reply.has_error()) << reply.DebugString();
  EXPECT_EQ(reply.error().code(), v1::ERROR_FORBIDDEN);
}

}  // namespace
}  // namespace huiwu::test
