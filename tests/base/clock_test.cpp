// The clock every time-dependent rule reads: the production clock with its test offset, and
// the manual clock tests move by hand.
#include "base/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace huiwu::base {
namespace {

std::int64_t machine_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(SystemClock, WithoutOffsetIsTheMachinesWallClock) {
  const system_clock c;
  const auto before = machine_ms();
  const auto now = c.now_ms();
  const auto after = machine_ms();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST(SystemClock, APositiveOffsetRunsAheadANegativeOneBehind) {
  constexpr std::int64_t day = 24LL * 3600 * 1000;
  const system_clock ahead(3 * day), behind(-day);
  const auto before = machine_ms();
  const auto a = ahead.now_ms();
  const auto b = behind.now_ms();
  const auto after = machine_ms();
  EXPECT_GE(a, before + 3 * day);
  EXPECT_LE(a, after + 3 * day);
  EXPECT_GE(b, before - day);
  EXPECT_LE(b, after - day);
  EXPECT_EQ(ahead.offset_ms(), 3 * day);
}

TEST(ManualClock, MovesOnlyWhenTold) {
  manual_clock c(1'700'000'000'000);
  const clock& read = c;  // what the server's code sees
  EXPECT_EQ(read.now_ms(), 1'700'000'000'000);
  EXPECT_EQ(read.now_ms(), 1'700'000'000'000);
  c.advance(std::chrono::milliseconds(250));
  EXPECT_EQ(read.now_ms(), 1'700'000'000'250);
  c.advance(std::chrono::hours(24));
  EXPECT_EQ(read.now_ms(), 1'700'086'400'250);
  c.set(5);
  EXPECT_EQ(read.now_ms(), 5);
}

TEST(ClockOffset, ParsesSignedMilliseconds) {
  EXPECT_EQ(parse_clock_offset("0"), 0);
  EXPECT_EQ(parse_clock_offset("259200000"), 259'200'000);
  EXPECT_EQ(parse_clock_offset("+1000"), 1000);
  EXPECT_EQ(parse_clock_offset("-86400000"), -86'400'000);
}

TEST(ClockOffset, RefusesWhatIsNotAWholeNumberOfMilliseconds) {
  for (const char* bad : {"", "+", "-", "3d", "1.5", " 10", "10 ", "0x10", "ms",
                          "99999999999999999999", "4000000000000"}) {
    EXPECT_EQ(parse_clock_offset(bad), std::nullopt) << '\'' << bad << '\'';
  }
}

}  // namespace
}  // namespace huiwu::base
