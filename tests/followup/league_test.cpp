// The league table's colour of a unit comes from its record (followup/league.hpp): a unit at
// 100 % on time with nothing overdue is in good standing, whatever its place in the table.
#include <gtest/gtest.h>

#include "followup/league.hpp"

namespace huiwu::followup {
namespace {

TEST(UnitStanding, AllOnTimeAndNothingOverdueIsGood) {
  EXPECT_EQ(standing_of({.closed = 3, .closed_on_time = 3, .overdue = 0, .late = 0}),
            unit_standing::good);
  EXPECT_EQ(to_string(standing_of({.closed = 1, .closed_on_time = 1})), "good");
}

TEST(UnitStanding, NothingKnownYetIsGood) {
  // Only open decisions, none overdue: nothing to hold against the unit.
  EXPECT_EQ(standing_of({}), unit_standing::good);
  EXPECT_DOUBLE_EQ(on_time_rate({}), 1.0);
}

TEST(UnitStanding, AnythingOverdueNeedsAttention) {
  EXPECT_EQ(standing_of({.closed = 9, .closed_on_time = 9, .overdue = 1, .late = 1}),
            unit_standing::attention);
}

TEST(UnitStanding, OneClosedLateAmongManyIsWatched) {
  // 9 of 10 on time (90 %), nothing overdue now.
  EXPECT_EQ(standing_of({.closed = 10, .closed_on_time = 9, .overdue = 0, .late = 1}),
            unit_standing::watch);
}

TEST(UnitStanding, BelowEightyPercentNeedsAttention) {
  // 3 of 4 on time = 75 %.
  EXPECT_EQ(standing_of({.closed = 4, .closed_on_time = 3, .overdue = 0, .late = 1}),
            unit_standing::attention);
  // Exactly 80 % is not below it.
  EXPECT_EQ(standing_of({.closed = 5, .closed_on_time = 4, .overdue = 0, .late = 1}),
            unit_standing::watch);
}

}  // namespace
}  // namespace huiwu::followup
