#include "followup/civil_date.hpp"

#include <gtest/gtest.h>

namespace huiwu::followup {
namespace {

TEST(CivilDate, KnownSerials) {
  EXPECT_EQ(to_days({1970, 1, 1}), 0);
  EXPECT_EQ(to_days({2000, 3, 1}), 11017);
  EXPECT_EQ(to_days({1969, 12, 31}), -1);
  EXPECT_EQ(from_days(19782), (civil_date{2024, 2, 29}));
}

TEST(CivilDate, RoundTripsEveryDayFrom1900To2400) {
  civil_date expected{1900, 1, 1};
  for (std::int64_t d = to_days({1900, 1, 1}); d <= to_days({2400, 12, 31}); ++d) {
    const civil_date got = from_days(d);
    ASSERT_EQ(got, expected) << d;
    ASSERT_EQ(to_days(got), d);
    // The next expected date, counted the slow way.
    if (++expected.day > days_in_month(expected.year, expected.month)) {
      expected.day = 1;
      if (++expected.month > 12) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
}

TEST(CivilDate, LeapYears) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
  EXPECT_EQ(add_days({2024, 2, 28}, 1), (civil_date{2024, 2, 29}));
  EXPECT_EQ(add_days({2023, 2, 28}, 1), (civil_date{2023, 3, 1}));
  EXPECT_EQ(add_days({2024, 12, 31}, 1), (civil_date{2025, 1, 1}));
  EXPECT_EQ(add_days({2025, 1, 1}, -1), (civil_date{2024, 12, 31}));
  EXPECT_EQ(days_between({2024, 1, 1}, {2025, 1, 1}), 366);
  EXPECT_EQ(days_between({2023, 1, 1}, {2024, 1, 1}), 365);
}

TEST(CivilDate, Weekdays) {
  EXPECT_EQ(weekday({1970, 1, 1}), 4);    // Thursday
  EXPECT_EQ(weekday({1969, 12, 28}), 0);  // Sunday, before the epoch
  EXPECT_EQ(weekday({2024, 10, 1}), 2);   // Tuesday
  EXPECT_EQ(weekday({2024, 9, 29}), 0);   // Sunday
  EXPECT_EQ(weekday({1900, 1, 1}), 1);    // Monday
}

TEST(CivilDate, ParseIsStrict) {
  EXPECT_EQ(parse_date("2024-02-29"), (civil_date{2024, 2, 29}));
  EXPECT_EQ(parse_date("2023-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("2024-2-29"), std::nullopt);
  EXPECT_EQ(parse_date("2024/02/29"), std::nullopt);
  EXPECT_EQ(parse_date("2024-13-01"), std::nullopt);
  EXPECT_EQ(parse_date("2024-00-10"), std::nullopt);
  EXPECT_EQ(parse_date("1899-12-31"), std::nullopt);
  EXPECT_EQ(parse_date("２０２４-01-01"), std::nullopt);
  EXPECT_EQ(parse_date(" 2024-01-01"), std::nullopt);
  EXPECT_EQ(format_date({2024, 2, 9}), "2024-02-09");
  EXPECT_EQ(format_date(*parse_date("9999-12-31")), "9999-12-31");
}

}  // namespace
}  // namespace huiwu::followup
