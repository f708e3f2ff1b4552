#include "followup/state_machine.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "workflow_fixtures.hpp"

namespace huiwu::followup {
namespace {

using namespace testing;
using k = action_kind;
using r = actor_role;

TEST(Workflow, FromOpenedToClosedWithASendBackOnTheWay) {
  decision_item item = opened();
  std::int64_t now = t0;
  step(item, act(k::assign, "请市发改委牵头办理"), r::supervisor, now += minute);
  step(item, act(k::accept, ""), r::lead, now += minute);  // signing needs no text
  step(item, act(k::report_progress, "已召开协调会"), r::lead, now += minute);
  step(item, act(k::report_progress, "配合提供数据"), r::co_operator, now += minute);
  step(item, act(k::report_progress, "电话督促，对方称本周完成"), r::supervisor, now += minute);
  step(item, act(k::report_completion, "已完成，附验收报告"), r::lead, now += minute);
  EXPECT_EQ(item.completion_reported_at_ms, now);
  step(item, act(k::send_back, "缺少验收签字"), r::supervisor, now += minute);
  EXPECT_EQ(item.state, item_state::in_progress);
  step(item, act(k::report_completion, "补充签字后的验收报告"), r::lead, now += minute);
  const std::int64_t reported = now;
  step(item, act(k::close, "核实无误，予以销号"), r::supervisor, now += minute);
  EXPECT_EQ(item.state, item_state::closed);
  EXPECT_EQ(item.completion_reported_at_ms, reported);
  EXPECT_EQ(item.closed_at_ms, now);

  ASSERT_EQ(item.history.size(), 10u);
  for (std::size_t i = 0; i < item.history.size(); ++i) {
    const history_entry& e = item.history[i];
    EXPECT_EQ(e.seq, static_cast<std::int64_t>(i) + 1);
    if (i > 0) {
      EXPECT_EQ(e.from_state, item.history[i - 1].to_state);
      EXPECT_GE(e.at_ms, item.history[i - 1].at_ms);
    }
  }
  EXPECT_EQ(item.history[7].action, k::send_back);
  EXPECT_EQ(item.history[7].text, "缺少验收签字");
  EXPECT_EQ(item.history[7].from_state, item_state::completion_reported);
  EXPECT_EQ(item.history[7].role, r::supervisor);

  // Nothing more on a closed item: not a report, not a cancel, by nobody.
  for (int role = 0; role < actor_role_count; ++role) {
    auto t = decide(item, act(k::report_progress, "补充"), static_cast<r>(role), now, shanghai());
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, rejection_code::finished);
  }
}

// 退回交办: the lead returns an assignment that is not its remit, with a reason; the item is
// 立项 again and the supervisor hands it on. Refused without a reason, for anyone but the
// lead, and once work was reported; distinct from the supervisor's 退回重办 (send_back).
TEST(Workflow, TheLeadReturnsAnAssignmentAndTheSupervisorAssignsItAgain) {
  decision_item item = opened();
  std::int64_t now = t0;
  step(item, act(k::assign, "请住建局牵头"), r::supervisor, now += minute);
  // No reason: refused, nothing changes.
  const decision_item before = item;
  auto blank = decide(item, act(k::return_assignment, "  "), r::lead, now + minute, shanghai());
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().code, rejection_code::invalid_field);
  EXPECT_EQ(blank.error().field, "text");
  EXPECT_EQ(item, before);
  // Only the lead returns it.
  for (auto role : {r::supervisor, r::co_operator, r::chair}) {
    auto no =
        decide(item, act(k::return_assignment, "不属本单位职责"), role, now + minute, shanghai());
    ASSERT_FALSE(no);
    EXPECT_EQ(no.error().code, rejection_code::forbidden);
  }
  // A pending extension request is moot once returned.
  step(item, act(k::request_extension, "需协调", civil_date{2030, 9, 30}), r::lead, now += minute);
  ASSERT_TRUE(item.pending_extension);
  step(item, act(k::return_assignment, "河道清淤属水务局职责，非本单位职责"), r::lead,
       now += minute);
  EXPECT_EQ(item.state, item_state::opened);
  EXPECT_FALSE(item.pending_extension);
  EXPECT_EQ(item.history.back().action, k::return_assignment);
  EXPECT_EQ(item.history.back().from_state, item_state::assigned);
  EXPECT_EQ(item.history.back().to_state, item_state::opened);
  EXPECT_EQ(item.history.back().text, "河道清淤属水务局职责，非本单位职责");
  // The supervisor assigns it again; the new lead signs, then may also return it.
  step(item, act(k::assign, "改由水务局牵头"), r::supervisor, now += minute);
  step(item, act(k::accept, ""), r::lead, now += minute);
  EXPECT_EQ(allowed_actions(item.state, r::lead),
            (std::vector<k>{k::report_progress, k::report_completion, k::request_extension,
                            k::return_assignment}));
  // Once work is reported, it is the unit's: no return.
  step(item, act(k::report_progress, "已开始勘察"), r::lead, now += minute);
  auto late =
      decide(item, act(k::return_assignment, "不属本单位职责"), r::lead, now + minute, shanghai());
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, rejection_code::wrong_state);
  EXPECT_NE(label_zh(k::return_assignment), label_zh(k::send_back));
}

TEST(Workflow, ReasonsAndReportsAreRequiredWhereTheTableSaysSo) {
  const decision_item in_progress = in_state(item_state::in_progress);
  const decision_item reported = in_state(item_state::completion_reported);
  struct c {
    const decision_item& item;
    k action;
    r role;
  };
  for (const c& x : {c{reported, k::send_back, r::supervisor}, c{in_progress, k::cancel, r::chair},
                     c{in_progress, k::report_progress, r::co_operator},
                     c{in_progress, k::report_completion, r::lead}}) {
    for (const char* blank : {"", "   ", "\t\n", "\xE3\x80\x80 "}) {  // U+3000 counts as blank
      auto t = decide(x.item, act(x.action, blank), x.role, t0 + 99 * minute, shanghai());
      ASSERT_FALSE(t) << to_string(x.action);
      EXPECT_EQ(t.error().code, rejection_code::invalid_field);
      EXPECT_EQ(t.error().field, "text");
    }
  }
  // A short first report is enough, and is stored trimmed.
  auto t = decide(in_progress, act(k::report_progress, "  已启动 "), r::lead, t0 + 99 * minute,
                  shanghai());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->entry.text, "已启动");
}

TEST(Workflow, BadInputIsRefusedAndChangesNothing) {
  const decision_item item = in_state(item_state::in_progress);
  const std::int64_t now = t0 + 99 * minute;
  auto refused = [&](const action& a, r role, std::int64_t at = t0 + 99 * minute) {
    auto t = decide(item, a, role, at, shanghai());
    EXPECT_FALSE(t);
    return t ? rejection{} : t.error();
  };
  EXPECT_EQ(refused(act(k::report_progress, std::string(max_text_bytes + 1, 'x')), r::lead).code,
            rejection_code::too_large);
  EXPECT_EQ(refused(act(k::report_progress, "\xC3\x28"), r::lead).field, "text");  // not UTF-8
  EXPECT_EQ(refused(act(k::report_progress, "ok", std::nullopt, ""), r::lead).field, "actor");
  EXPECT_EQ(refused(act(k::report_progress, "ok", civil_date{2030, 1, 1}), r::lead).field, "date");
  EXPECT_EQ(refused(act(k::report_progress, "ok"), r::lead, 0).field, "now_ms");
  EXPECT_EQ(
      refused(act(k::request_extension, "需要更多时间", civil_date{2030, 2, 30}), r::lead).field,
      "date");
  (void)now;
}

TEST(Workflow, HistoryStaysOrderedWhenClocksDisagree) {
  decision_item item = in_state(item_state::in_progress);
  const std::int64_t last = item.history.back().at_ms;
  step(item, act(k::report_progress, "从另一台实例"), r::lead, last - 5000);
  EXPECT_EQ(item.history.back().at_ms, last);
}

TEST(Workflow, ApplyRefusesATransitionDecidedOnAnOlderItem) {
  decision_item item = in_state(item_state::in_progress);
  auto first = decide(item, act(k::report_progress, "A"), r::lead, t0 + 99 * minute, shanghai());
  auto second =
      decide(item, act(k::report_progress, "B"), r::co_operator, t0 + 99 * minute, shanghai());
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(apply(item, *first));
  const decision_item after_first = item;
  EXPECT_FALSE(apply(item, *second));  // decided without A: decide again
  EXPECT_EQ(item, after_first);
  EXPECT_FALSE(apply(item, *first));  // and never twice
}

TEST(Extension, RequestedBeforeTheDeadlineThenApproved) {
  decision_item item = in_state(item_state::in_progress, {2024, 5, 20});
  const std::int64_t now = t0 + 99 * minute;
  step(item, act(k::request_extension, "需等待上级批复", civil_date{2024, 6, 10}, "lead-1"),
       r::lead, now);
  ASSERT_TRUE(item.pending_extension);
  EXPECT_EQ(item.pending_extension->proposed, (civil_date{2024, 6, 10}));
  EXPECT_EQ(item.deadline, (civil_date{2024, 5, 20}));  // unchanged until approved

  auto again = decide(item, act(k::request_extension, "再延", civil_date{2024, 7, 1}), r::lead, now,
                      shanghai());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, rejection_code::extension_pending);

  step(item, act(k::approve_extension, ""), r::supervisor, now + minute);
  EXPECT_EQ(item.deadline, (civil_date{2024, 6, 10}));
  EXPECT_FALSE(item.pending_extension);
  const history_entry& e = item.history.back();
  EXPECT_EQ(e.action, k::approve_extension);
  EXPECT_EQ(e.deadline, (civil_date{2024, 6, 10}));
  EXPECT_EQ(e.previous_deadline, (civil_date{2024, 5, 20}));
  EXPECT_EQ(item.history[item.history.size() - 2].text, "需等待上级批复");  // the request stays
}

TEST(Extension, SupervisorMayGrantADifferentDateOrRefuseWithAReason) {
  decision_item item = in_state(item_state::accepted, {2024, 5, 20});
  const std::int64_t now = t0 + 99 * minute;
  step(item, act(k::request_extension, "原因", civil_date{2024, 6, 30}), r::lead, now);
  step(item, act(k::approve_extension, "只给十天", civil_date{2024, 5, 30}), r::supervisor, now);
  EXPECT_EQ(item.deadline, (civil_date{2024, 5, 30}));

  step(item, act(k::request_extension, "仍不够", civil_date{2024, 6, 30}), r::lead, now);
  auto no_reason = decide(item, act(k::refuse_extension, ""), r::supervisor, now, shanghai());
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "text");
  step(item, act(k::refuse_extension, "不符合延期条件"), r::supervisor, now);
  EXPECT_EQ(item.deadline, (civil_date{2024, 5, 30}));
  EXPECT_FALSE(item.pending_extension);

  auto nothing = decide(item, act(k::approve_extension, ""), r::supervisor, now, shanghai());
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, rejection_code::no_extension_pending);
}

TEST(Extension, NewDateMustBeLaterAndPresent) {
  const decision_item item = in_state(item_state::in_progress, {2024, 5, 20});
  const std::int64_t now = t0 + 99 * minute;
  for (std::optional<civil_date> d :
       {std::optional<civil_date>{}, std::optional(civil_date{2024, 5, 20}),
        std::optional(civil_date{2024, 5, 1})}) {
    auto t = decide(item, act(k::request_extension, "原因", d), r::lead, now, shanghai());
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().field, "date");
  }
}

// "Before the deadline" is the end of the deadline day in the meeting's zone: one instant
// is too late in Shanghai and still in time in New York.
TEST(Extension, OnlyBeforeTheEndOfTheDeadlineDayInTheMeetingsZone) {
  const time_zone& ny = zone("America/New_York");
  const civil_date deadline{2024, 5, 20};
  decision_item item = in_state(item_state::in_progress, deadline);
  const action a = act(k::request_extension, "原因", civil_date{2024, 6, 1});
  const std::int64_t last_ms_shanghai = utc_ms(2024, 5, 20, 15, 59, 59) + 999;
  EXPECT_TRUE(decide(item, a, r::lead, last_ms_shanghai, shanghai()));
  auto late = decide(item, a, r::lead, last_ms_shanghai + 1, shanghai());
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, rejection_code::deadline_passed);
  EXPECT_TRUE(decide(item, a, r::lead, last_ms_shanghai + 1, ny));  // 12:00 in New York
  EXPECT_TRUE(decide(item, a, r::lead, utc_ms(2024, 5, 21, 3, 59, 59), ny));
  EXPECT_FALSE(decide(item, a, r::lead, utc_ms(2024, 5, 21, 4), ny));  // EDT midnight

  // Approving a request made in time is still possible after the deadline.
  step(item, a, r::lead, last_ms_shanghai);
  step(item, act(k::approve_extension, ""), r::supervisor, utc_ms(2024, 5, 25));
  EXPECT_EQ(item.deadline, (civil_date{2024, 6, 1}));
}

TEST(Extension, CompletionReportOrCancelDropsThePendingRequest) {
  decision_item item = in_state(item_state::in_progress);
  step(item, act(k::request_extension, "原因", civil_date{2031, 1, 1}), r::lead, t0 + 99 * minute);
  decision_item cancelled = item;
  step(item, act(k::report_completion, "提前完成"), r::lead, t0 + 100 * minute);
  EXPECT_FALSE(item.pending_extension);
  step(cancelled, act(k::cancel, "会议决定撤销"), r::chair, t0 + 100 * minute);
  EXPECT_FALSE(cancelled.pending_extension);
  EXPECT_EQ(cancelled.closed_at_ms, t0 + 100 * minute);
}

TEST(OpenItem, ChecksTheDeadlineInTheZoneAndWhoOpens) {
  // 2024-05-20 17:00 UTC is already the 21st in Shanghai, still the 20th in New York.
  const std::int64_t now = utc_ms(2024, 5, 20, 17);
  const action today = act(k::open, "", civil_date{2024, 5, 20});
  auto sh = open_item("a", today, r::supervisor, now, shanghai());
  ASSERT_FALSE(sh);
  EXPECT_EQ(sh.error().field, "date");
  EXPECT_NE(sh.error().message.find("already past"), std::string::npos);
  auto ny = open_item("a", today, r::supervisor, now, zone("America/New_York"));
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->state, item_state::opened);
  ASSERT_EQ(ny->history.size(), 1u);
  EXPECT_EQ(ny->history[0].action, k::open);
  EXPECT_EQ(ny->history[0].deadline, (civil_date{2024, 5, 20}));

  EXPECT_TRUE(open_item("a", today, r::chair, now, zone("America/New_York")));
  EXPECT_EQ(open_item("a", today, r::lead, now, shanghai()).error().code,
            rejection_code::forbidden);
  EXPECT_EQ(open_item("", act(k::open, "", civil_date{2030, 1, 1}), r::supervisor, now, shanghai())
                .error()
                .field,
            "id");
  EXPECT_EQ(open_item("a", act(k::open, ""), r::supervisor, now, shanghai()).error().field, "date");
  EXPECT_EQ(
      open_item("a", act(k::assign, "", civil_date{2030, 1, 1}), r::supervisor, now, shanghai())
          .error()
          .field,
      "action");
}

// The refusal is Boost.System's result over a rejection whose code is a std::error_code of
// the follow-up category: it logs and compares like any other error code, and reading the
// value of a refusal is a programming error that throws instead of reading garbage.
TEST(FollowupResult, ARefusalCarriesAnErrorCodeOfItsOwnCategory) {
  const auto t = open_item("a", act(k::open, "", civil_date{2030, 1, 1}), r::lead, t0, shanghai());
  ASSERT_FALSE(t);
  const std::error_code ec = t.error().error_code();
  EXPECT_EQ(ec, rejection_code::forbidden);
  EXPECT_EQ(std::string(ec.category().name()), "huiwu.followup");
  EXPECT_EQ(ec.message(), "forbidden");
  EXPECT_NE(ec, make_error_code(rejection_code::wrong_state));
  EXPECT_THROW((void)t.value(), std::logic_error);
  // Every code has a name of its own.
  std::set<std::string> names;
  for (int c = static_cast<int>(rejection_code::invalid_field);
       c <= static_cast<int>(rejection_code::failed); ++c) {
    names.insert(make_error_code(static_cast<rejection_code>(c)).message());
  }
  EXPECT_EQ(names.size(), 11u);
  EXPECT_EQ(names.count("unknown follow-up error"), 0u);
}

}  // namespace
}  // namespace huiwu::followup
