#include "domain/minutes_logic.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

#include "domain/meeting_logic.hpp"
#include "ot/proto_codec.hpp"

namespace huiwu::domain {
namespace {

using test_support::t0;

v1::TextOperation op_of(std::initializer_list<std::variant<int, const char*>> parts) {
  ot::text_operation op;
  for (const auto& p : parts) {
    if (std::holds_alternative<const char*>(p)) {
      op.insert(std::get<const char*>(p));
    } else if (std::get<int>(p) >= 0) {
      op.retain(static_cast<std::size_t>(std::get<int>(p)));
    } else {
      op.erase(static_cast<std::size_t>(-std::get<int>(p)));
    }
  }
  return ot::to_proto(op);
}

class Minutes : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::MeetingInfo info;
    info.set_title("m");
    m = new_meeting("m1", info, t0);
    m.mutable_lifecycle()->set_phase(v1::PHASE_IN_SESSION);  // timers run only in session
    v1::Change c;
    c.mutable_add_item()->mutable_item()->set_title("议题");
    ASSERT_FALSE(run(c));
    item = m.agenda(0).id();
  }

  maybe_rejection run(const v1::Change& c) {
    v1::Event e;
    std::vector<v1::Event> since;
    if (c.has_edit_minutes()) {
      for (const auto& x : log) {
        if (x.version() > c.edit_minutes().base_version()) since.push_back(x);
      }
    }
    if (auto r = decide(m, c, t0, *e.mutable_change(), since)) return r;
    e.set_version(m.version() + 1);
    apply(m, e);
    log.push_back(e);
    return std::nullopt;
  }

  maybe_rejection edit(std::uint64_t base, v1::TextOperation op) {
    v1::Change c;
    c.mutable_edit_minutes()->set_item_id(item);
    c.mutable_edit_minutes()->set_base_version(base);
    *c.mutable_edit_minutes()->mutable_op() = std::move(op);
    return run(c);
  }

  const std::string& minutes() const { return m.agenda(0).minutes(); }

  v1::Meeting m;
  std::string item;
  std::vector<v1::Event> log;
};

TEST_F(Minutes, AppliesAnEditOnTheCurrentVersion) {
  ASSERT_FALSE(edit(1, op_of({"张三：同意。"})));
  EXPECT_EQ(minutes(), "张三：同意。");
  ASSERT_FALSE(edit(2, op_of({3, "原则", 3})));
  EXPECT_EQ(minutes(), "张三：原则同意。");
}

// Two secretaries type at the same place on the same version: both texts survive, the one
// the server sequenced first stands first.
//
//   base "AB"    first:  A[x]B      second: A[y]B
//   result       A x y B
TEST_F(Minutes, ConcurrentEditsAreTransformed) {
  ASSERT_FALSE(edit(1, op_of({"AB"})));
  ASSERT_FALSE(edit(2, op_of({1, "x", 1})));
  ASSERT_FALSE(edit(2, op_of({1, "y", 1})));  // made on version 2 too
  EXPECT_EQ(minutes(), "AxyB");
  ASSERT_FALSE(edit(2, op_of({-1, 1})));  // deletes "A", unaware of x and y
  EXPECT_EQ(minutes(), "xyB");
}

TEST_F(Minutes, EditsOfOtherItemsAndOtherChangesDoNotShiftPositions) {
  ASSERT_FALSE(edit(1, op_of({"甲乙"})));
  v1::Change other;
  other.mutable_add_item()->mutable_item()->set_title("另一项");
  other.mutable_add_item()->set_position(-1);
  ASSERT_FALSE(run(other));
  ASSERT_FALSE(edit(2, op_of({1, "丙", 1})));  // based before the add_item
  EXPECT_EQ(minutes(), "甲丙乙");
}

TEST_F(Minutes, RefusesWhatDoesNotFitAndChangesNothing) {
  ASSERT_FALSE(edit(1, op_of({"abc"})));
  const auto before = m.SerializeAsString();
  EXPECT_EQ(edit(2, op_of({5, "x"}))->field, "op");            // longer than the text
  EXPECT_EQ(edit(2, op_of({1, "x"}))->field, "op");            // shorter than the text
  EXPECT_EQ(edit(9, op_of({3, "x"}))->field, "base_version");  // from the future
  v1::TextOperation empty_component;
  empty_component.add_ops();  // no retain, insert or delete set
  EXPECT_EQ(edit(2, empty_component)->code, v1::ERROR_INVALID_FIELD);
  v1::TextOperation zero;
  zero.add_ops()->set_retain(0);
  EXPECT_EQ(edit(2, zero)->code, v1::ERROR_INVALID_FIELD);
  v1::TextOperation bad_utf8;
  bad_utf8.add_ops()->set_retain(3);
  bad_utf8.add_ops()->set_insert("\xff");
  EXPECT_EQ(edit(2, bad_utf8)->code, v1::ERROR_INVALID_FIELD);
  std::string big(max_minutes_insert + 1, 'x');
  EXPECT_EQ(edit(2, op_of({3, big.c_str()}))->code, v1::ERROR_TOO_LARGE);
  v1::Change c;
  c.mutable_edit_minutes()->set_item_id("nope");
  EXPECT_EQ(run(c)->code, v1::ERROR_NOT_FOUND);
  EXPECT_EQ(m.SerializeAsString(), before);
}

TEST_F(Minutes, CodePointsNotBytesNorUtf16Units) {
  ASSERT_FALSE(edit(1, op_of({"😀𠀀e\xCC\x81"})));  // emoji, CJK Ext B, e + combining acute
  ASSERT_FALSE(edit(2, op_of({2, "中", 2})));      // 4 code points
  EXPECT_EQ(minutes(), "😀𠀀中e\xCC\x81");
}

TEST_F(Minutes, AddAndEditItemNeverTouchTheMinutes) {
  ASSERT_FALSE(edit(1, op_of({"记录"})));
  v1::Change e;
  auto* i = e.mutable_edit_item()->mutable_item();
  i->set_id(item);
  i->set_title("改名");
  i->set_minutes("overwritten?");
  ASSERT_FALSE(run(e));
  EXPECT_EQ(minutes(), "记录");
  v1::Change a;
  a.mutable_add_item()->mutable_item()->set_title("新");
  a.mutable_add_item()->mutable_item()->set_minutes("smuggled");
  a.mutable_add_item()->set_position(-1);
  ASSERT_FALSE(run(a));
  EXPECT_EQ(m.agenda(1).minutes(), "");
}

// A timer click, a status change or advancing the agenda must not resend (or lose) a long
// record: those events carry the item without its minutes, and applying them keeps them.
TEST_F(Minutes, WholeItemEventsLeaveTheMinutesOutAndKeepThem) {
  ASSERT_FALSE(edit(1, op_of({"很长的记录"})));
  v1::Change timer;
  timer.mutable_control_timer()->set_item_id(item);
  timer.mutable_control_timer()->set_action(v1::TIMER_START);
  v1::Change cur;
  cur.mutable_set_current()->set_item_id(item);
  v1::Change rename;
  rename.mutable_edit_item()->mutable_item()->set_id(item);
  rename.mutable_edit_item()->mutable_item()->set_title("新标题");
  for (const auto* c : {&timer, &cur, &rename}) {
    ASSERT_FALSE(run(*c));
    const auto& ch = log.back().change();
    EXPECT_EQ(ch.control_timer().item().minutes(), "");
    EXPECT_EQ(ch.edit_item().item().minutes(), "");
    for (const auto& t : ch.set_current().touched()) EXPECT_EQ(t.minutes(), "");
    EXPECT_EQ(minutes(), "很长的记录");
  }
  EXPECT_EQ(m.agenda(0).title(), "新标题");
}

TEST_F(Minutes, AnIncompleteHistoryIsAnInternalErrorNotAWrongText) {
  ASSERT_FALSE(edit(1, op_of({"ab"})));
  ASSERT_FALSE(edit(2, op_of({2, "c"})));
  v1::Change c;
  c.mutable_edit_minutes()->set_item_id(item);
  c.mutable_edit_minutes()->set_base_version(1);
  *c.mutable_edit_minutes()->mutable_op() = op_of({1, "x", 1});
  v1::Event e;
  EXPECT_EQ(decide(m, c, t0, *e.mutable_change(), {})->code, v1::ERROR_INTERNAL);
}

}  // namespace
}  // namespace huiwu::domain
