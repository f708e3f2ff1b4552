#include "followup/working_calendar.hpp"

#include <gtest/gtest.h>

namespace huiwu::followup {
namespace {

civil_date d(int y, int m, int day) {
  return civil_date{y, m, day};
}

// The State Council's 2024 calendar around National Day: 10-01..10-07 off, Sunday 09-29
// and Saturday 10-12 worked (调休).
working_calendar national_day_2024() {
  working_calendar cal;
  for (int day = 1; day <= 7; ++day) cal.holidays.insert(d(2024, 10, day));
  cal.adjusted_workdays = {d(2024, 9, 29), d(2024, 10, 12)};
  return cal;
}

TEST(WorkingCalendar, WeekendsHolidaysAndAdjustedWorkdays) {
  const working_calendar cal = national_day_2024();
  EXPECT_TRUE(cal.is_working_day(d(2024, 9, 27)));   // Friday
  EXPECT_FALSE(cal.is_working_day(d(2024, 9, 28)));  // Saturday
  EXPECT_TRUE(cal.is_working_day(d(2024, 9, 29)));   // Sunday, worked
  EXPECT_FALSE(cal.is_working_day(d(2024, 10, 1)));  // Tuesday, holiday
  EXPECT_TRUE(cal.is_working_day(d(2024, 10, 12)));  // Saturday, worked
  EXPECT_FALSE(cal.is_working_day(d(2024, 10, 13)));
  working_calendar both = cal;
  both.adjusted_workdays.insert(d(2024, 10, 2));
  EXPECT_FALSE(both.is_working_day(d(2024, 10, 2)));  // a holiday wins
}

TEST(WorkingCalendar, AddingWorkingDaysOverNationalDay) {
  const working_calendar cal = national_day_2024();
  // From Friday 09-27: Sun 09-29 (1), Mon 09-30 (2), then 10-08 (3) … 10-11 (6), Sat 10-12 (7).
  EXPECT_EQ(add_working_days(cal, d(2024, 9, 27), 1), d(2024, 9, 29));
  EXPECT_EQ(add_working_days(cal, d(2024, 9, 27), 2), d(2024, 9, 30));
  EXPECT_EQ(add_working_days(cal, d(2024, 9, 27), 3), d(2024, 10, 8));
  EXPECT_EQ(add_working_days(cal, d(2024, 9, 27), 7), d(2024, 10, 12));
  EXPECT_EQ(add_working_days(cal, d(2024, 9, 27), 8), d(2024, 10, 14));
  EXPECT_EQ(add_working_days(cal, d(2024, 10, 3), 1), d(2024, 10, 8));
  EXPECT_EQ(add_working_days(cal, d(2024, 9, 27), 0), d(2024, 9, 27));
  EXPECT_EQ(add_working_days(cal, d(2024, 10, 8), -1), d(2024, 9, 30));
  EXPECT_EQ(add_working_days(cal, d(2024, 10, 8), -3), d(2024, 9, 27));
  // Without the calendar the same count lands much earlier.
  EXPECT_EQ(add_working_days(working_calendar{}, d(2024, 9, 27), 3), d(2024, 10, 2));
}

TEST(WorkingCalendar, SpringFestivalAcrossAMonthEndInALeapYear) {
  // 2024: 02-10..02-17 off; Sunday 02-04 and Sunday 02-18 worked.
  working_calendar cal;
  for (int day = 10; day <= 17; ++day) cal.holidays.insert(d(2024, 2, day));
  cal.adjusted_workdays = {d(2024, 2, 4), d(2024, 2, 18)};
  // From Thursday 02-08: Fri 02-09 (1), Sun 02-18 (2), 02-19..02-23 (3..7),
  // 02-26..02-29 (8..11), Fri 03-01 (12).
  EXPECT_EQ(add_working_days(cal, d(2024, 2, 8), 2), d(2024, 2, 18));
  EXPECT_EQ(add_working_days(cal, d(2024, 2, 8), 11), d(2024, 2, 29));
  EXPECT_EQ(add_working_days(cal, d(2024, 2, 8), 12), d(2024, 3, 1));
}

TEST(WorkingCalendar, YearEndAndImpossibleCalendars) {
  working_calendar cal;
  cal.holidays = {d(2025, 1, 1)};
  EXPECT_EQ(add_working_days(cal, d(2024, 12, 30), 2), d(2025, 1, 2));
  working_calendar never;
  never.weekend.fill(true);
  EXPECT_EQ(add_working_days(never, d(2024, 1, 1), 1), std::nullopt);
  never.adjusted_workdays = {d(2024, 1, 6)};
  EXPECT_EQ(add_working_days(never, d(2024, 1, 1), 1), d(2024, 1, 6));
  EXPECT_EQ(add_working_days(never, d(2024, 1, 1), 2), std::nullopt);
  EXPECT_EQ(add_working_days(cal, d(9999, 12, 30), 5), std::nullopt);
}

TEST(DeadlinePolicy, DefaultsPerSource) {
  const deadline_policy p = deadline_policy::defaults();
  const working_calendar cal = national_day_2024();
  EXPECT_EQ(*default_deadline(p, "minutes", d(2024, 9, 20), cal), d(2024, 10, 10));
  EXPECT_EQ(*default_deadline(p, "urgent_instruction", d(2024, 12, 30), cal), d(2025, 1, 2));
  // 30 working days from Friday 2024-09-20, across National Day and its 调休.
  // Sep: 23-27 (5), 29 (6), 30 (7); Oct: 8-12 (12), 14-18 (17), 21-25 (22), 28-31 (26);
  // Nov: 1 (27), 4-6 (30).
  EXPECT_EQ(*default_deadline(p, "executive_meeting", d(2024, 9, 20), cal), d(2024, 11, 6));
  auto unknown = default_deadline(p, "rumour", d(2024, 9, 20), cal);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("rumour"), std::string::npos);

  deadline_policy rolling = p;
  rolling.by_source["minutes"].roll_forward = true;  // 遇节假日顺延
  EXPECT_EQ(*default_deadline(rolling, "minutes", d(2024, 9, 12), cal), d(2024, 10, 8));
  EXPECT_EQ(*default_deadline(p, "minutes", d(2024, 9, 12), cal), d(2024, 10, 2));
}

}  // namespace
}  // namespace huiwu::followup
