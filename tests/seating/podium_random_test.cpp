// Seeded randomized properties of podium plans: random rows, blocked seats, pins,
// conventions and variants. The seed is printed on failure (SCOPED_TRACE); set
// HUIWU_SEATING_SEED to replay one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "seating/podium_planner.hpp"
#include "seating/row_rule.hpp"
#include "test_helpers.hpp"

namespace huiwu::seating {
namespace {

TEST(PodiumRandom, PlansKeepEveryInvariant) {
  std::uint64_t first_seed = 1;
  int runs = 2000;
  if (const char* s = std::getenv("HUIWU_SEATING_SEED")) {
    first_seed = std::strtoull(s, nullptr, 10);
    runs = 1;
  }
  for (int run = 0; run < runs; ++run) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(run);
    SCOPED_TRACE("HUIWU_SEATING_SEED=" + std::to_string(seed));
    std::mt19937_64 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

    const convention conv = pick(0, 1) ? convention::left : convention::right;
    const even_rule even = pick(0, 1) ? even_rule::a : even_rule::b;
    std::vector<int> rows(static_cast<std::size_t>(pick(1, 4)));
    for (int& r : rows) r = pick(1, 15);
    std::vector<seat_ref> blocked;
    std::set<seat_ref> used;
    for (int i = pick(0, 3); i > 0; --i) {
      const int r = pick(1, static_cast<int>(rows.size()));
      seat_ref s{r, pick(1, rows[static_cast<std::size_t>(r - 1)])};
      if (used.insert(s).second) blocked.push_back(s);
    }
    int capacity = -static_cast<int>(blocked.size());
    for (int r : rows) capacity += r;
    const int n = pick(0, capacity);
    auto people = testing::ranked_people(n);
    for (int i = pick(0, 3); i > 0 && n > 0; --i) {
      const int r = pick(1, static_cast<int>(rows.size()));
      seat_ref s{r, pick(1, rows[static_cast<std::size_t>(r - 1)])};
      auto& p = people[static_cast<std::size_t>(pick(0, n - 1))];
      if (!p.pin && used.insert(s).second) p.pin = s;
    }

    const auto order = testing::identity_order(people.size());
    auto plan = podium_planner(conv, even).plan(rows, blocked, people, order);
    ASSERT_TRUE(plan) << plan.error().message;
    ASSERT_EQ(plan->seats.size(), people.size());
    std::set<seat_ref> taken;
    int last_unpinned_row = 1;
    for (const auto& s : plan->seats) {
      const int width = rows[static_cast<std::size_t>(s.row - 1)];
      ASSERT_TRUE(taken.insert({s.row, s.seat_from_seat}).second) << "seat used twice";
      ASSERT_GE(s.seat_from_seat, 1);
      ASSERT_LE(s.seat_from_seat, width);
      ASSERT_EQ(s.seat_from_audience, width + 1 - s.seat_from_seat);
      for (const auto& b : blocked) ASSERT_FALSE(b.row == s.row && b.seat == s.seat_from_seat);
      const auto& p = people[s.person];
      if (p.pin) {
        ASSERT_EQ((seat_ref{s.row, s.seat_from_seat}), *p.pin);
      } else {
        ASSERT_GE(s.row, last_unpinned_row) << "a later person sits in a front row";
        last_unpinned_row = s.row;
      }
    }
    // Rows without pins follow the rule for their own count on their usable seats.
    const row_rule rule(conv, even);
    for (const auto& row : plan->rows) {
      std::vector<int> usable;
      for (int s = 1; s <= static_cast<int>(row.from_seat.size()); ++s) {
        bool b = false;
        for (int x : row.blocked) b = b || x == s;
        if (!b) usable.push_back(s);
      }
      std::vector<std::size_t> members;
      bool pinned = false;
      for (const auto& s : plan->seats) {
        if (s.row != row.row) continue;
        members.push_back(s.person);
        pinned = pinned || s.pinned;
      }
      if (pinned) continue;
      const auto seq =
          rule.precedence(static_cast<int>(usable.size()), static_cast<int>(members.size()));
      for (std::size_t i = 0; i < members.size(); ++i) {
        const int seat = usable[static_cast<std::size_t>(seq[i] - 1)];
        ASSERT_EQ(row.from_seat[static_cast<std::size_t>(seat - 1)], members[i]);
      }
    }
  }
}

}  // namespace
}  // namespace huiwu::seating
