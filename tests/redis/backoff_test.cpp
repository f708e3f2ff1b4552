#include "redis/backoff.hpp"

#include <gtest/gtest.h>

namespace huiwu::redis {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsExponentiallyWithinJitterBoundsAndCaps) {
  for (std::uint32_t seed = 1; seed <= 50; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    backoff b(milliseconds{50}, milliseconds{3000}, seed);
    long long ceiling = 50;
    for (int i = 0; i < 20; ++i) {
      const auto d = b.next().count();
      EXPECT_GE(d, std::max(50LL, ceiling / 2));
      EXPECT_LE(d, ceiling);
      ceiling = std::min(ceiling * 2, 3000LL);
    }
  }
}

TEST(Backoff, ResetStartsOverFromMin) {
  backoff b(milliseconds{100}, milliseconds{10'000}, 7);
  for (int i = 0; i < 10; ++i) b.next();
  EXPECT_GT(b.next().count(), 1000);
  b.reset();
  EXPECT_EQ(b.attempt(), 0U);
  EXPECT_EQ(b.next().count(), 100);  // [max(min, 50), 100]
}

TEST(Backoff, ManyAttemptsNeverOverflow) {
  backoff b(milliseconds{1}, milliseconds{1'000'000}, 3);
  for (int i = 0; i < 10'000; ++i) EXPECT_LE(b.next().count(), 1'000'000);
}

TEST(Backoff, MaxBelowMinIsMin) {
  backoff b(milliseconds{200}, milliseconds{10}, 3);
  EXPECT_EQ(b.next().count(), 200);
  EXPECT_EQ(b.next().count(), 200);
}

}  // namespace
}  // namespace huiwu::redis
