// Podium plans: rows, front-first filling, blocked seats, pins, errors, and the diff
// reported after a re-computation.
#include "seating/podium_planner.hpp"

#include <gtest/gtest.h>

#include "seating/seat_diff.hpp"
#include "test_helpers.hpp"

namespace huiwu::seating {
namespace {

using testing::identity_order;
using testing::ranked_people;
using testing::ranks_in;

seating_plan plan_ok(const podium_planner& planner, const std::vector<int>& rows,
                     const std::vector<person>& people, const std::vector<seat_ref>& blocked = {}) {
  auto r = planner.plan(rows, blocked, people, identity_order(people.size()));
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : seating_plan{};
}

const podium_planner podium_left_a(convention::left, even_rule::a);
const podium_planner podium_left_b(convention::left, even_rule::b);

TEST(PodiumPlanner, WorkedExamplesInBothViews) {
  const auto order5 = identity_order(5);
  auto p5 = plan_ok(podium_left_a, {5}, ranked_people(5));
  EXPECT_EQ(ranks_in(p5.rows[0], order5), "4 2 1 3 5");
  EXPECT_EQ(ranks_in(p5.rows[0], order5, true), "5 3 1 2 4");
  auto p7 = plan_ok(podium_left_a, {7}, ranked_people(7));
  EXPECT_EQ(ranks_in(p7.rows[0], identity_order(7)), "6 4 2 1 3 5 7");
  EXPECT_EQ(ranks_in(p7.rows[0], identity_order(7), true), "7 5 3 1 2 4 6");
  auto p6a = plan_ok(podium_left_a, {6}, ranked_people(6));
  EXPECT_EQ(ranks_in(p6a.rows[0], identity_order(6)), "5 3 1 2 4 6");
  EXPECT_EQ(ranks_in(p6a.rows[0], identity_order(6), true), "6 4 2 1 3 5");
  auto p6b = plan_ok(podium_left_b, {6}, ranked_people(6));
  EXPECT_EQ(ranks_in(p6b.rows[0], identity_order(6)), "6 4 2 1 3 5");
  EXPECT_EQ(ranks_in(p6b.rows[0], identity_order(6), true), "5 3 1 2 4 6");
}

TEST(PodiumPlanner, SeatNumbersInBothViewsAreMirrors) {
  for (int n = 1; n <= 30; ++n) {
    auto plan = plan_ok(podium_left_a, {n}, ranked_people(n));
    ASSERT_EQ(plan.seats.size(), static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < plan.seats.size(); ++i) {
      const auto& s = plan.seats[i];
      EXPECT_EQ(s.person, i);  // seats come in rank order
      EXPECT_EQ(s.seat_from_audience, n + 1 - s.seat_from_seat);
    }
  }
}

TEST(PodiumPlanner, FrontRowsFillFirstAndEachRowFollowsItsOwnCount) {
  // 8 people on [5, 5]: row 1 has 1-5 (odd rule), row 2 has 6-8 (odd rule for 3, centred).
  const auto order = identity_order(8);
  auto plan = plan_ok(podium_left_a, {5, 5}, ranked_people(8));
  ASSERT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(ranks_in(plan.rows[0], order), "4 2 1 3 5");
  EXPECT_EQ(ranks_in(plan.rows[1], order), "_ 7 6 8 _");
  // 9 people on [5, 6]: the back row's even count (4) follows the house rule.
  auto plan2 = plan_ok(podium_left_a, {5, 6}, ranked_people(9));
  EXPECT_EQ(ranks_in(plan2.rows[1], identity_order(9)), "_ 8 6 7 9 _");
  auto plan3 = plan_ok(podium_left_b, {5, 6}, ranked_people(9));
  EXPECT_EQ(ranks_in(plan3.rows[1], identity_order(9)), "_ 9 7 6 8 _");
  // 10 people on [5, 6]: 5 in the back row, odd rule, the spare seat per rule A.
  auto plan4 = plan_ok(podium_left_a, {5, 6}, ranked_people(10));
  EXPECT_EQ(ranks_in(plan4.rows[1], identity_order(10)), "9 7 6 8 10 _");
}

TEST(PodiumPlanner, RightIsSuperiorMirrors) {
  const podium_planner right(convention::right, even_rule::a);
  auto plan = plan_ok(right, {5}, ranked_people(5));
  EXPECT_EQ(ranks_in(plan.rows[0], identity_order(5)), "5 3 1 2 4");
}

TEST(PodiumPlanner, BlockedSeatIsTakenOutOfTheRow) {
  // A lectern in the middle of 7 seats: No.1 and No.2 either side of it (6 usable seats).
  auto plan = plan_ok(podium_left_a, {7}, ranked_people(6), {{1, 4}});
  EXPECT_EQ(ranks_in(plan.rows[0], identity_order(6)), "5 3 1 x 2 4 6");
  // A blocked end seat shortens the row.
  auto plan2 = plan_ok(podium_left_a, {6}, ranked_people(5), {{1, 6}});
  EXPECT_EQ(ranks_in(plan2.rows[0], identity_order(5)), "4 2 1 3 5 x");
}

TEST(PodiumPlanner, PinsStayAndOthersFillAround) {
  auto people = ranked_people(5);
  people[2].pin = seat_ref{1, 1};  // No.3 pinned to the far left
  auto plan = plan_ok(podium_left_a, {5}, people);
  EXPECT_EQ(ranks_in(plan.rows[0], identity_order(5)), "3 2 1 4 5");
  EXPECT_TRUE(plan.seats[2].pinned);
  EXPECT_TRUE(plan.warnings.empty());
}

TEST(PodiumPlanner, PinnedNoOneSitsAloneAndTheRowGoesLopsided) {
  // DOMAIN.md: No.1 alone at the physical centre, the row left lopsided.
  auto people = ranked_people(6);
  people[0].pin = seat_ref{1, 4};
  auto plan = plan_ok(podium_left_a, {7}, people);
  EXPECT_EQ(ranks_in(plan.rows[0], identity_order(6)), "6 4 2 1 3 5 _");
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_NE(plan.warnings[0].find("排首"), std::string::npos);
  // Pinned where the odd rule puts No.1 anyway: nothing changes, no warning.
  auto five = ranked_people(5);
  five[0].pin = seat_ref{1, 3};
  auto plan5 = plan_ok(podium_left_a, {5}, five);
  EXPECT_EQ(ranks_in(plan5.rows[0], identity_order(5)), "4 2 1 3 5");
  EXPECT_TRUE(plan5.warnings.empty());
}

TEST(PodiumPlanner, PinInABackRowTakesThatSeat) {
  auto people = ranked_people(6);
  people[0].pin = seat_ref{2, 3};  // No.1 pinned to the back row's centre
  auto plan = plan_ok(podium_left_a, {5, 5}, people);
  // Row 1 holds No.2..No.6 (five people, odd rule among themselves).
  EXPECT_EQ(ranks_in(plan.rows[0], identity_order(6)), "5 3 2 4 6");
  EXPECT_EQ(ranks_in(plan.rows[1], identity_order(6)), "_ _ 1 _ _");
}

TEST(PodiumPlanner, Errors) {
  auto r = podium_left_a.plan({5}, {}, ranked_people(6), identity_order(6));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "too_many_people");
  EXPECT_EQ(r.error().http_status, 422);

  auto people = ranked_people(3);
  people[0].pin = seat_ref{1, 2};
  people[1].pin = seat_ref{1, 2};
  auto dup = podium_left_a.plan({5}, {}, people, identity_order(3));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "duplicate_pin");

  people[1].pin = seat_ref{2, 1};
  auto off = podium_left_a.plan({5}, {}, people, identity_order(3));
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, "invalid_pin");

  people[1].pin.reset();
  auto on_blocked = podium_left_a.plan({5}, {{1, 2}}, people, identity_order(3));
  ASSERT_FALSE(on_blocked);
  EXPECT_EQ(on_blocked.error().code, "invalid_pin");

  // Blocked seats count against capacity.
  auto full = podium_left_a.plan({3}, {{1, 1}}, ranked_people(3), identity_order(3));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, "too_many_people");
}

TEST(PodiumPlanner, RecomputationKeepsPinsAndReportsWhatMoved) {
  auto people = ranked_people(5);
  people[3].pin = seat_ref{1, 5};  // No.4 pinned to the right end
  auto before = plan_ok(podium_left_a, {7}, people);
  std::vector<previous_seat> previous;
  for (const auto& s : before.seats)
    previous.push_back({people[s.person].id, s.side, s.row, s.seat_from_seat});

  // A new No.2 arrives: everyone from No.2 down is re-ranked; the pin stays.
  person newcomer;
  newcomer.id = "new";
  newcomer.name = "新人";
  auto people2 = people;
  people2.insert(people2.begin() + 1, newcomer);
  auto after = plan_ok(podium_left_a, {7}, people2);
  const auto changes = seat_diff::compare(previous, after, people2);
  ASSERT_EQ(changes.added.size(), 1u);
  EXPECT_EQ(changes.added[0].id, "new");
  EXPECT_TRUE(changes.removed.empty());
  for (const auto& m : changes.moved) EXPECT_NE(m.id, "p4");  // the pinned one never moves
  EXPECT_EQ(changes.moved.size() + static_cast<std::size_t>(changes.unchanged), 5u);
  EXPECT_FALSE(changes.moved.empty());

  // Someone leaves.
  auto people3 = people;
  people3.erase(people3.begin() + 4);
  auto after3 = plan_ok(podium_left_a, {7}, people3);
  const auto c3 = seat_diff::compare(previous, after3, people3);
  ASSERT_EQ(c3.removed.size(), 1u);
  EXPECT_EQ(c3.removed[0].id, "p5");
}

}  // namespace
}  // namespace huiwu::seating
