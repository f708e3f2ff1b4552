// The podium rule of one row: DOMAIN.md's worked examples and properties for 1..30 people.
#include "seating/row_rule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

namespace huiwu::seating {
namespace {

// Seat-view chart of k people in n seats: rank per seat, "_" when free.
std::string chart(const row_rule& rule, int n, int k, bool from_audience = false) {
  const auto seats = rule.precedence(n, k);
  std::vector<std::string> cells(static_cast<std::size_t>(n), "_");
  for (int r = 0; r < k; ++r)
    cells[static_cast<std::size_t>(seats[static_cast<std::size_t>(r)] - 1)] = std::to_string(r + 1);
  if (from_audience) std::reverse(cells.begin(), cells.end());
  std::string out;
  for (const auto& c : cells) out += (out.empty() ? "" : " ") + c;
  return out;
}

const row_rule left_a(convention::left, even_rule::a);
const row_rule left_b(convention::left, even_rule::b);
const row_rule right_a(convention::right, even_rule::a);
const row_rule right_b(convention::right, even_rule::b);

// DOMAIN.md, "Worked examples every implementation must reproduce" (以左为上).
TEST(RowRule, WorkedExamplesFromTheSeat) {
  EXPECT_EQ(chart(left_a, 5, 5), "4 2 1 3 5");
  EXPECT_EQ(chart(left_b, 5, 5), "4 2 1 3 5");  // the even rule does not touch odd rows
  EXPECT_EQ(chart(left_a, 7, 7), "6 4 2 1 3 5 7");
  EXPECT_EQ(chart(left_a, 6, 6), "5 3 1 2 4 6");
  EXPECT_EQ(chart(left_b, 6, 6), "6 4 2 1 3 5");
}

TEST(RowRule, WorkedExamplesFromTheAudience) {
  EXPECT_EQ(chart(left_a, 5, 5, true), "5 3 1 2 4");
  EXPECT_EQ(chart(left_a, 7, 7, true), "7 5 3 1 2 4 6");
  EXPECT_EQ(chart(left_a, 6, 6, true), "6 4 2 1 3 5");
  EXPECT_EQ(chart(left_b, 6, 6, true), "5 3 1 2 4 6");
}

// 以右为上 is the mirror image of each rule.
TEST(RowRule, RightIsSuperiorMirrorsEachRule) {
  EXPECT_EQ(chart(right_a, 5, 5), "5 3 1 2 4");
  EXPECT_EQ(chart(right_a, 7, 7), "7 5 3 1 2 4 6");
  EXPECT_EQ(chart(right_a, 6, 6), "6 4 2 1 3 5");
  EXPECT_EQ(chart(right_b, 6, 6), "5 3 1 2 4 6");
  EXPECT_EQ(chart(right_a, 6, 6, true), "5 3 1 2 4 6");
}

TEST(RowRule, SmallRows) {
  EXPECT_EQ(chart(left_a, 1, 1), "1");
  EXPECT_EQ(chart(left_a, 2, 2), "1 2");
  EXPECT_EQ(chart(left_b, 2, 2), "2 1");
  EXPECT_EQ(chart(right_a, 2, 2), "2 1");
  EXPECT_EQ(chart(left_a, 3, 3), "2 1 3");
  EXPECT_EQ(chart(right_a, 3, 3), "3 1 2");
  EXPECT_EQ(chart(left_a, 4, 4), "3 1 2 4");
  EXPECT_EQ(chart(left_b, 4, 4), "4 2 1 3");
}

// Fewer people than seats: centred; the odd spare seat goes where No.1 stays nearest the
// physical centre (docs/seating.md).
TEST(RowRule, FewerPeopleThanSeatsAreCentred) {
  EXPECT_EQ(chart(left_a, 7, 5), "_ 4 2 1 3 5 _");
  EXPECT_EQ(chart(left_a, 7, 3), "_ _ 2 1 3 _ _");
  EXPECT_EQ(chart(left_a, 6, 4), "_ 3 1 2 4 _");
  EXPECT_EQ(chart(left_b, 6, 4), "_ 4 2 1 3 _");
  // Odd people in an even row: No.1 on the seat the even rule gives No.1.
  EXPECT_EQ(chart(left_a, 6, 5), "4 2 1 3 5 _");
  EXPECT_EQ(chart(left_b, 6, 5), "_ 4 2 1 3 5");
  EXPECT_EQ(chart(left_a, 6, 1), "_ _ 1 _ _ _");
  EXPECT_EQ(chart(left_b, 6, 1), "_ _ _ 1 _ _");
  // Even people in an odd row: No.1 on the physical centre seat.
  EXPECT_EQ(chart(left_a, 7, 6), "_ 5 3 1 2 4 6");
  EXPECT_EQ(chart(left_b, 7, 6), "6 4 2 1 3 5 _");
  EXPECT_EQ(chart(left_a, 5, 2), "_ _ 1 2 _");
  EXPECT_EQ(chart(right_a, 7, 6), "6 4 2 1 3 5 _");
}

TEST(RowRule, NoOneAloneAlternatesFromThePin) {
  // 6 people in a 7-seat row, No.1 pinned to the physical centre, row lopsided.
  const auto seq = left_a.precedence_from(7, 4);
  EXPECT_EQ(std::vector<int>(seq.begin(), seq.begin() + 6), (std::vector<int>{4, 3, 5, 2, 6, 1}));
  // Pinned off-centre: the short side runs out and the rest continue on the other side.
  EXPECT_EQ(left_a.precedence_from(5, 2), (std::vector<int>{2, 1, 3, 4, 5}));
  EXPECT_EQ(right_a.precedence_from(5, 2), (std::vector<int>{2, 3, 1, 4, 5}));
}

// Properties for 1..30 people in full and wider rows, every convention and variant.
TEST(RowRule, PropertiesForOneToThirtyPeople) {
  for (const row_rule* rule : {&left_a, &left_b, &right_a, &right_b}) {
    const bool left = rule == &left_a || rule == &left_b;
    const bool b = rule == &left_b || rule == &right_b;
    for (int n = 1; n <= 30; ++n) {
      for (int k = 0; k <= n; ++k) {
        SCOPED_TRACE("n=" + std::to_string(n) + " k=" + std::to_string(k) +
                     (left ? " left" : " right") + (b ? " B" : " A"));
        const auto seq = rule->precedence(n, k);
        // Every seat exactly once.
        ASSERT_EQ(static_cast<int>(seq.size()), n);
        ASSERT_EQ(std::set<int>(seq.begin(), seq.end()).size(), static_cast<std::size_t>(n));
        ASSERT_EQ(*std::min_element(seq.begin(), seq.end()), 1);
        ASSERT_EQ(*std::max_element(seq.begin(), seq.end()), n);
        if (k == 0) continue;
        // The k people sit in a contiguous block, centred to within one seat.
        const auto [lo, hi] = std::minmax_element(seq.begin(), seq.begin() + k);
        ASSERT_EQ(*hi - *lo + 1, k);
        ASSERT_LE(std::abs((*lo - 1) - (n - *hi)), 1);
        // No.1: centre seat of an odd row; of an even row the superior centre (A) or the
        // other one (B), as seen from the seat.
        const int one = seq[0];
        if (n % 2 == 1) {
          ASSERT_EQ(one, (n + 1) / 2);
        } else {
          const int superior_centre = left ? n / 2 : n / 2 + 1;
          const int other_centre = left ? n / 2 + 1 : n / 2;
          ASSERT_EQ(one, b ? other_centre : superior_centre);
        }
        // Within the block, ranks alternate sides and move outward.
        const int sup = left ? -1 : 1;  // direction of the superior side
        for (int r = 2; r < k; ++r) {
          const int prev = seq[static_cast<std::size_t>(r - 1)];
          const int cur = seq[static_cast<std::size_t>(r)];
          const int two_back = seq[static_cast<std::size_t>(r - 2)];
          ASSERT_GT(std::abs(cur - one), std::abs(two_back - one)) << "rank " << r + 1;
          ASSERT_NE(cur > one, prev > one) << "no alternation at rank " << r + 1;
        }
        // No.2 sits on No.1's superior side, except even rows under A.
        if (k >= 2) {
          const bool superior_side = (seq[1] - one) * sup > 0;
          ASSERT_EQ(superior_side, k % 2 == 1 || b);
        }
      }
    }
  }
}

TEST(RowRule, ConventionsMirrorEachOther) {
  for (int n = 1; n <= 30; ++n) {
    for (int k = 0; k <= n; ++k) {
      for (auto [l, r] : {std::pair{&left_a, &right_a}, std::pair{&left_b, &right_b}}) {
        const auto a = l->precedence(n, k);
        const auto m = r->precedence(n, k);
        for (int i = 0; i < k; ++i)
          ASSERT_EQ(a[static_cast<std::size_t>(i)], n + 1 - m[static_cast<std::size_t>(i)])
              << n << " " << k;
      }
    }
  }
}

}  // namespace
}  // namespace huiwu::seating
