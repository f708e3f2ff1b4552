// 台下 blocks: units filled by rows (横排), by columns (竖排) and alternating from the
// centre aisle (左右排列).
#include "seating/audience_planner.hpp"

#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace huiwu::seating {
namespace {

using testing::identity_order;

std::vector<person> unit_people(const std::vector<std::pair<std::string, int>>& units) {
  std::vector<person> people;
  for (const auto& [unit, count] : units) {
    for (int i = 1; i <= count; ++i) {
      person p;
      p.id = unit + std::to_string(i);
      p.name = p.id;
      p.unit = unit;
      people.push_back(p);
    }
  }
  return people;
}

// Ids per seat as the podium sees the row (left to right facing the audience).
std::string podium_view(const chart_row& row, const std::vector<person>& people) {
  std::string out;
  for (auto it = row.from_seat.rbegin(); it != row.from_seat.rend(); ++it) {
    out += (out.empty() ? "" : " ") + (*it ? people[**it].id : std::string("_"));
  }
  return out;
}

audience_layout block(int rows, int seats, audience_fill fill) {
  audience_layout l;
  l.rows = rows;
  l.seats = seats;
  l.fill = fill;
  return l;
}

const std::vector<std::string> abc{"a", "b", "c"};

TEST(AudiencePlanner, ByRowsFromTheSuperiorEnd) {
  const auto people = unit_people({{"a", 3}, {"b", 2}, {"c", 4}});
  auto plan =
      audience_planner(convention::left)
          .plan(block(2, 6, audience_fill::rows), abc, people, identity_order(people.size()));
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(podium_view(plan->rows[0], people), "a1 a2 a3 b1 b2 c1");
  EXPECT_EQ(podium_view(plan->rows[1], people), "c2 c3 c4 _ _ _");
  // The audience's own numbering is the mirror of the podium's.
  for (const auto& s : plan->seats) {
    EXPECT_EQ(s.seat_from_seat, s.seat_from_audience);
    EXPECT_EQ(s.seat_from_podium, 7 - s.seat_from_seat);
  }
  auto right =
      audience_planner(convention::right)
          .plan(block(2, 6, audience_fill::rows), abc, people, identity_order(people.size()));
  ASSERT_TRUE(right);
  EXPECT_EQ(podium_view(right->rows[0], people), "c1 b2 b1 a3 a2 a1");
}

TEST(AudiencePlanner, ByColumnsFrontToBack) {
  const auto people = unit_people({{"a", 3}, {"b", 2}, {"c", 4}});
  auto plan =
      audience_planner(convention::left)
          .plan(block(2, 6, audience_fill::columns), abc, people, identity_order(people.size()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(podium_view(plan->rows[0], people), "a1 a3 b2 c2 c4 _");
  EXPECT_EQ(podium_view(plan->rows[1], people), "a2 b1 c1 c3 _ _");
}

TEST(AudiencePlanner, AlternatingFromTheCentreAisle) {
  const auto people = unit_people({{"a", 2}, {"b", 2}, {"c", 2}, {"d", 2}});
  const std::vector<std::string> units{"a", "b", "c", "d"};
  auto plan =
      audience_planner(convention::left)
          .plan(block(2, 6, audience_fill::centre), units, people, identity_order(people.size()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(podium_view(plan->rows[0], people), "c1 a2 a1 b1 b2 d1");
  EXPECT_EQ(podium_view(plan->rows[1], people), "_ _ c2 d2 _ _");
  EXPECT_TRUE(plan->warnings.empty());
}

TEST(AudiencePlanner, UnitThatNoLongerFitsMovesAcrossTheAisleWhole) {
  const auto people = unit_people({{"a", 3}, {"b", 2}, {"c", 4}});
  auto plan =
      audience_planner(convention::left)
          .plan(block(2, 6, audience_fill::centre), abc, people, identity_order(people.size()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(podium_view(plan->rows[0], people), "a3 a2 a1 b1 b2 c1");
  EXPECT_EQ(podium_view(plan->rows[1], people), "_ _ _ c2 c3 c4");
  ASSERT_EQ(plan->warnings.size(), 1u);
}

TEST(AudiencePlanner, PinsBlockedSeatsAndCapacity) {
  auto people = unit_people({{"a", 2}, {"b", 2}});
  people[3].pin = seat_ref{1, 6};  // b2 in the audience's rightmost seat = podium's first
  audience_layout l = block(1, 6, audience_fill::rows);
  l.blocked.push_back({1, 5});  // podium view seat 2
  const std::vector<std::string> units{"a", "b"};
  auto plan = audience_planner(convention::left).plan(l, units, people, identity_order(4));
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(podium_view(plan->rows[0], people), "b2 _ a1 a2 b1 _");
  EXPECT_EQ(plan->rows[0].blocked, std::vector<int>{5});

  auto crowd = unit_people({{"a", 7}});
  auto over = audience_planner(convention::left)
                  .plan(block(1, 6, audience_fill::rows), {"a"}, crowd, identity_order(7));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "too_many_people");
}

}  // namespace
}  // namespace huiwu::seating
