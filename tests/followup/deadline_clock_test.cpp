#include "followup/deadline_clock.hpp"

#include <gtest/gtest.h>

#include "workflow_fixtures.hpp"

namespace huiwu::followup {
namespace {

using namespace testing;

decision_item due(civil_date deadline, item_state state = item_state::in_progress) {
  decision_item item;
  item.id = "d-1";
  item.deadline = deadline;
  item.state = state;
  return item;
}

TEST(DeadlineClock, LightsInShanghai) {
  const time_zone& sh = shanghai();
  const decision_item item = due({2024, 5, 20});
  const deadline_view v = assess(item, sh, utc_ms(2024, 5, 10));
  EXPECT_EQ(v.light, deadline_light::green);
  EXPECT_EQ(v.due_soon_at_ms, utc_ms(2024, 5, 16, 16));  // 05-17 00:00 +08
  EXPECT_EQ(v.overdue_at_ms, utc_ms(2024, 5, 20, 16));   // 05-21 00:00 +08
  EXPECT_EQ(v.next_change_at_ms, v.due_soon_at_ms);
  EXPECT_EQ(v.days_left, 10);
  EXPECT_EQ(v.days_late, 0);

  EXPECT_EQ(assess(item, sh, v.due_soon_at_ms - 1).light, deadline_light::green);
  const deadline_view yellow = assess(item, sh, v.due_soon_at_ms);
  EXPECT_EQ(yellow.light, deadline_light::yellow);
  EXPECT_EQ(yellow.next_change_at_ms, v.overdue_at_ms);
  EXPECT_EQ(yellow.days_left, 3);
  EXPECT_EQ(assess(item, sh, v.overdue_at_ms - 1).light, deadline_light::yellow);
  const deadline_view red = assess(item, sh, v.overdue_at_ms);
  EXPECT_EQ(red.light, deadline_light::red);
  EXPECT_EQ(red.next_change_at_ms, std::nullopt);
  EXPECT_EQ(red.days_late, 1);
  EXPECT_EQ(red.days_left, -1);
  EXPECT_EQ(assess(item, sh, utc_ms(2024, 6, 1)).days_late, 12);
}

TEST(DeadlineClock, DueSoonDaysIsConfigurable) {
  const time_zone& sh = shanghai();
  const decision_item item = due({2024, 5, 20});
  const std::int64_t may_15_noon = utc_ms(2024, 5, 15, 4);
  EXPECT_EQ(assess(item, sh, may_15_noon).light, deadline_light::green);
  EXPECT_EQ(assess(item, sh, may_15_noon, clock_config{5}).light, deadline_light::yellow);
  EXPECT_EQ(assess(item, sh, utc_ms(2024, 5, 19, 4), clock_config{0}).light, deadline_light::green);
  EXPECT_EQ(assess(item, sh, utc_ms(2024, 5, 20, 4), clock_config{0}).light,
            deadline_light::yellow);
  EXPECT_EQ(due_soon_at_ms({2024, 5, 20}, sh, clock_config{-4}),
            due_soon_at_ms({2024, 5, 20}, sh, clock_config{0}));  // clamped
  EXPECT_TRUE(due_soon(item, sh, may_15_noon, clock_config{5}));
}

// Overdue whatever the state says; only closing or cancelling turns the light off.
TEST(DeadlineClock, OverdueInEveryOpenStateIncludingReportedDone) {
  const time_zone& sh = shanghai();
  const std::int64_t late = utc_ms(2024, 6, 1);
  for (item_state s : {item_state::opened, item_state::assigned, item_state::accepted,
                       item_state::in_progress, item_state::completion_reported}) {
    EXPECT_TRUE(overdue(due({2024, 5, 20}, s), sh, late)) << to_string(s);
    EXPECT_EQ(assess(due({2024, 5, 20}, s), sh, late).light, deadline_light::red);
  }
  for (item_state s : {item_state::closed, item_state::cancelled}) {
    EXPECT_FALSE(overdue(due({2024, 5, 20}, s), sh, late));
    const deadline_view v = assess(due({2024, 5, 20}, s), sh, late);
    EXPECT_EQ(v.light, deadline_light::none);
    EXPECT_EQ(v.next_change_at_ms, std::nullopt);
  }
}

TEST(DeadlineClock, SameDeadlineDifferentZones) {
  const decision_item item = due({2024, 3, 10});
  const time_zone& ny = zone("America/New_York");
  // New York's deadline day is 23 hours long: it ends at 2024-03-11 04:00 UTC (EDT).
  EXPECT_EQ(overdue_at_ms(item.deadline, ny), utc_ms(2024, 3, 11, 4));
  EXPECT_EQ(overdue_at_ms(item.deadline, shanghai()), utc_ms(2024, 3, 10, 16));
  // Due soon from 03-07 00:00 EST.
  EXPECT_EQ(due_soon_at_ms(item.deadline, ny, {}), utc_ms(2024, 3, 7, 5));
  const std::int64_t t = utc_ms(2024, 3, 10, 20);
  EXPECT_EQ(assess(item, shanghai(), t).light, deadline_light::red);
  EXPECT_EQ(assess(item, ny, t).light, deadline_light::yellow);
  EXPECT_EQ(days_late(item.deadline, ny, utc_ms(2024, 3, 12, 3, 59)), 1);
  EXPECT_EQ(days_late(item.deadline, ny, utc_ms(2024, 3, 12, 4)), 2);

  // Berlin falls back on 2024-10-27: that day is 25 hours long.
  const time_zone& berlin = zone("Europe/Berlin");
  EXPECT_EQ(overdue_at_ms({2024, 10, 27}, berlin) - overdue_at_ms({2024, 10, 26}, berlin),
            25LL * 3600 * 1000);
  EXPECT_EQ(overdue_at_ms({2024, 3, 31}, berlin) - overdue_at_ms({2024, 3, 30}, berlin),
            23LL * 3600 * 1000);
}

TEST(DeadlineClock, MonthEndsLeapYearsAndYearEnd) {
  const time_zone& sh = shanghai();
  // Due soon crosses back into February of a leap year.
  EXPECT_EQ(sh.local_date(due_soon_at_ms({2024, 3, 2}, sh, {})), (civil_date{2024, 2, 28}));
  EXPECT_EQ(sh.local_date(due_soon_at_ms({2023, 3, 2}, sh, {})), (civil_date{2023, 2, 27}));
  EXPECT_EQ(sh.local_date(overdue_at_ms({2024, 2, 29}, sh)), (civil_date{2024, 3, 1}));
  EXPECT_EQ(sh.local_date(overdue_at_ms({2024, 4, 30}, sh)), (civil_date{2024, 5, 1}));
  EXPECT_EQ(overdue_at_ms({2024, 12, 31}, sh), utc_ms(2024, 12, 31, 16));  // 2025-01-01 +08
  EXPECT_EQ(sh.local_date(due_soon_at_ms({2025, 1, 2}, sh, {})), (civil_date{2024, 12, 30}));
  const decision_item new_year = due({2024, 12, 31});
  EXPECT_EQ(assess(new_year, sh, utc_ms(2025, 3, 1)).days_late, 60);  // Jan 31 + Feb 28 + 1
  EXPECT_EQ(assess(due({2023, 12, 31}), sh, utc_ms(2024, 3, 1)).days_late, 61);  // leap Feb
}

TEST(DeadlineClock, DaysLateOfClosedItemsCountToTheAcceptedCompletionReport) {
  const time_zone& sh = shanghai();
  decision_item item = due({2024, 5, 20}, item_state::closed);
  item.completion_reported_at_ms = utc_ms(2024, 5, 20, 15);  // 23:00 on the day: on time
  item.closed_at_ms = utc_ms(2024, 5, 28);
  EXPECT_EQ(assess(item, sh, utc_ms(2024, 7, 1)).days_late, 0);
  EXPECT_TRUE(closed_on_time(item, sh));
  item.completion_reported_at_ms = utc_ms(2024, 5, 22, 2);
  EXPECT_EQ(assess(item, sh, utc_ms(2024, 7, 1)).days_late, 2);
  EXPECT_FALSE(closed_on_time(item, sh));
  EXPECT_FALSE(closed_on_time(due({2024, 5, 20}), sh));
}

TEST(Reminders, OnePerTransitionAndDeadline) {
  const time_zone& sh = shanghai();
  decision_item item = due({2024, 5, 20});
  EXPECT_TRUE(due_reminders(item, sh, utc_ms(2024, 5, 10)).empty());
  auto yellow = due_reminders(item, sh, utc_ms(2024, 5, 18));
  ASSERT_EQ(yellow.size(), 1u);
  EXPECT_EQ(yellow[0].kind, reminder_kind::due_soon);
  EXPECT_EQ(yellow[0].key, "d-1|due_soon|2024-05-20");
  EXPECT_EQ(yellow[0].at_ms, due_soon_at_ms(item.deadline, sh, {}));
  // After an outage that spans both instants only the red one is due.
  auto red = due_reminders(item, sh, utc_ms(2024, 5, 25));
  ASSERT_EQ(red.size(), 1u);
  EXPECT_EQ(red[0].kind, reminder_kind::overdue);
  EXPECT_EQ(red[0].key, "d-1|overdue|2024-05-20");
  // An approved extension starts a fresh pair of keys.
  item.deadline = {2024, 6, 10};
  auto after = due_reminders(item, sh, utc_ms(2024, 6, 8));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].key, "d-1|due_soon|2024-06-10");
  item.state = item_state::closed;
  EXPECT_TRUE(due_reminders(item, sh, utc_ms(2024, 7, 1)).empty());
}

}  // namespace
}  // namespace huiwu::followup
