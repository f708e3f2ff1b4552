// The per-connection request bucket: a burst, then the rate; time that steps back neither
// empties nor refills it.
#include "base/token_bucket.hpp"

#include <gtest/gtest.h>

namespace huiwu::base {
namespace {

int take_all(token_bucket& b, std::int64_t at, int tries) {
  int n = 0;
  for (int i = 0; i < tries; ++i) n += b.take(at) ? 1 : 0;
  return n;
}

TEST(TokenBucket, ABurstThenTheRate) {
  token_bucket b(10, 20);
  EXPECT_EQ(take_all(b, 1'000, 100), 20);  // the burst
  EXPECT_FALSE(b.take(1'000));
  EXPECT_EQ(take_all(b, 1'100, 100), 1);    // 100 ms at 10/s
  EXPECT_EQ(take_all(b, 2'100, 100), 10);   // one second
  EXPECT_EQ(take_all(b, 60'000, 100), 20);  // a long pause refills to the burst, no more
}

TEST(TokenBucket, TimeSteppingBackIsNoTimePassing) {
  token_bucket b(10, 20);
  EXPECT_EQ(take_all(b, 50'000, 15), 15);
  // A clock that goes back (it should not: steady time) neither empties the bucket...
  EXPECT_EQ(take_all(b, 10'000, 100), 5);
  // ...nor makes the later, forward reading count the time twice.
  EXPECT_EQ(take_all(b, 50'100, 100), 1);
}

TEST(TokenBucket, ARefusedRequestTakesNothing) {
  token_bucket b(1, 1);
  EXPECT_TRUE(b.take(0));
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(b.take(500));
  EXPECT_TRUE(b.take(1'000));  // refusals did not dig a hole
}

}  // namespace
}  // namespace huiwu::base
