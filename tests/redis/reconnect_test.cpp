// The reconnect state machine on its own: events in, actions out. No socket, no timer, no
// sleeping; "time passes" is the timer_fired event.
#include "redis/reconnect.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>

namespace huiwu::redis {

void PrintTo(const reconnect::action& a, std::ostream* os) {
  *os << to_string(a.what);
  if (a.what == reconnect::action::kind::arm_timer) *os << '(' << a.delay.count() << "ms)";
}

namespace {

using std::chrono::milliseconds;
using ev = reconnect::event;
using st = reconnect::state;
using k = reconnect::action::kind;
using acts = reconnect::actions;

constexpr milliseconds min_delay{50}, max_delay{3000};

reconnect machine(std::uint32_t seed = 1) {
  return reconnect(backoff(min_delay, max_delay, seed));
}

// The delay of the one arm_timer in `a`; fails the test when there is none.
milliseconds armed(const acts& a) {
  for (const auto& x : a) {
    if (x.what == k::arm_timer) return x.delay;
  }
  ADD_FAILURE() << "no arm_timer";
  return milliseconds{-1};
}

TEST(Reconnect, StartConnectsAndSuccessIsReported) {
  auto m = machine();
  EXPECT_EQ(m.current(), st::idle);
  EXPECT_FALSE(m.accepts_commands());
  EXPECT_EQ(m.on(ev::start), (acts{{k::start_connect}}));
  EXPECT_EQ(m.current(), st::connecting);
  EXPECT_FALSE(m.accepts_commands());  // execute() answers not_connected, nothing is queued
  EXPECT_EQ(m.on(ev::connect_ok), (acts{{k::report_connected}}));
  EXPECT_EQ(m.current(), st::ready);
  EXPECT_TRUE(m.accepts_commands());
  EXPECT_EQ(m.attempts(), 1U);
}

TEST(Reconnect, AFailedAttemptWaitsThenTriesAgainWithoutReporting) {
  auto m = machine();
  m.on(ev::start);
  // The attempt's link goes, what it sent gets outcome_unknown, the timer is armed; no
  // on_disconnected, since on_connected never ran.
  EXPECT_EQ(m.on(ev::connect_failed),
            (acts{{k::close_link}, {k::arm_timer, min_delay}, {k::fail_pending}}));
  EXPECT_EQ(m.current(), st::waiting);
  EXPECT_FALSE(m.accepts_commands());
  EXPECT_EQ(m.on(ev::timer_fired), (acts{{k::start_connect}}));
  EXPECT_EQ(m.current(), st::connecting);
  EXPECT_EQ(m.attempts(), 2U);
}

TEST(Reconnect, ALostLinkFailsPendingCommandsReportsOnceAndReconnects) {
  auto m = machine();
  m.on(ev::start);
  m.on(ev::connect_ok);
  EXPECT_EQ(m.on(ev::link_lost), (acts{{k::close_link},
                                       {k::arm_timer, min_delay},
                                       {k::fail_pending},
                                       {k::report_disconnected}}));
  // The same loss seen twice (a command timeout racing the socket error): nothing more.
  EXPECT_EQ(m.on(ev::link_lost), acts{});
  EXPECT_EQ(m.on(ev::connect_failed), acts{});
  EXPECT_EQ(m.on(ev::timer_fired), (acts{{k::start_connect}}));
  // Failing again before connecting is not a second disconnection.
  const auto again = m.on(ev::connect_failed);
  EXPECT_EQ(std::count(again.begin(), again.end(), reconnect::action{k::report_disconnected}), 0);
}

TEST(Reconnect, ALinkLostDuringTheHandshakeIsAFailedAttempt) {
  auto m = machine();
  m.on(ev::start);
  EXPECT_EQ(m.on(ev::link_lost),
            (acts{{k::close_link}, {k::arm_timer, min_delay}, {k::fail_pending}}));
}

TEST(Reconnect, DelaysGrowWithinJitterBoundsUpToTheCap) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    auto m = machine(seed);
    m.on(ev::start);
    auto ceiling = min_delay.count();
    for (int attempt = 0; attempt < 12; ++attempt) {
      const auto d = armed(m.on(ev::connect_failed)).count();
      EXPECT_GE(d, std::max(min_delay.count(), ceiling / 2));
      EXPECT_LE(d, ceiling);
      ceiling = std::min(ceiling * 2, max_delay.count());
      ASSERT_EQ(m.on(ev::timer_fired), (acts{{k::start_connect}}));
    }
    EXPECT_EQ(ceiling, max_delay.count());  // the cap was reached and held
    EXPECT_EQ(m.attempts(), 13U);
  }
}

TEST(Reconnect, TheSameSeedGivesTheSameDelays) {
  auto a = machine(42), b = machine(42);
  a.on(ev::start);
  b.on(ev::start);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(a.on(ev::connect_failed), b.on(ev::connect_failed));
    a.on(ev::timer_fired);
    b.on(ev::timer_fired);
  }
}

TEST(Reconnect, SuccessStartsTheDelaysOverFromTheMinimum) {
  auto m = machine(9);
  m.on(ev::start);
  for (int i = 0; i < 8; ++i) {
    m.on(ev::connect_failed);
    m.on(ev::timer_fired);
  }
  m.on(ev::connect_failed);
  EXPECT_EQ(m.on(ev::timer_fired), (acts{{k::start_connect}}));
  m.on(ev::connect_ok);
  EXPECT_EQ(armed(m.on(ev::link_lost)), min_delay);  // [max(min, min/2), min]
  m.on(ev::timer_fired);
  EXPECT_GE(armed(m.on(ev::connect_failed)), min_delay);
}

TEST(Reconnect, StopEndsEverythingFromEveryState) {
  {  // ready: the link closes, commands fail, the loss is reported with the stop
    auto m = machine();
    m.on(ev::start);
    m.on(ev::connect_ok);
    EXPECT_EQ(
        m.on(ev::stop),
        (acts{{k::close_link}, {k::cancel_timers}, {k::fail_pending}, {k::report_disconnected}}));
    EXPECT_EQ(m.current(), st::stopped);
  }
  {  // connecting: the attempt is abandoned, nothing reported
    auto m = machine();
    m.on(ev::start);
    EXPECT_EQ(m.on(ev::stop), (acts{{k::close_link}, {k::cancel_timers}, {k::fail_pending}}));
  }
  {  // waiting: only the timer to cancel
    auto m = machine();
    m.on(ev::start);
    m.on(ev::connect_failed);
    EXPECT_EQ(m.on(ev::stop), (acts{{k::cancel_timers}}));
  }
  {  // idle or already stopped: nothing to do
    auto m = machine();
    EXPECT_EQ(m.on(ev::stop), acts{});
    EXPECT_EQ(m.on(ev::stop), acts{});
    EXPECT_EQ(m.current(), st::stopped);
  }
}

TEST(Reconnect, AfterStopLateEventsChangeNothing) {
  auto m = machine();
  m.on(ev::start);
  m.on(ev::connect_failed);
  m.on(ev::stop);
  for (auto e : {ev::timer_fired, ev::connect_ok, ev::connect_failed, ev::link_lost}) {
    EXPECT_EQ(m.on(e), acts{});
    EXPECT_EQ(m.current(), st::stopped);
  }
  EXPECT_EQ(m.attempts(), 1U);
}

TEST(Reconnect, StartAfterStopConnectsAgainFromTheMinimumDelay) {
  auto m = machine(5);
  m.on(ev::start);
  for (int i = 0; i < 6; ++i) {
    m.on(ev::connect_failed);
    m.on(ev::timer_fired);
  }
  m.on(ev::stop);
  EXPECT_EQ(m.on(ev::start), (acts{{k::start_connect}}));
  EXPECT_EQ(armed(m.on(ev::connect_failed)), min_delay);
}

TEST(Reconnect, StartWhileRunningAndStaleSignalsAreIgnored) {
  auto m = machine();
  EXPECT_EQ(m.on(ev::timer_fired), acts{});  // nothing armed yet
  EXPECT_EQ(m.on(ev::connect_ok), acts{});   // no attempt under way
  EXPECT_EQ(m.current(), st::idle);
  m.on(ev::start);
  EXPECT_EQ(m.on(ev::start), acts{});
  EXPECT_EQ(m.on(ev::timer_fired), acts{});  // a timer from before this attempt
  m.on(ev::connect_ok);
  EXPECT_EQ(m.on(ev::start), acts{});
  EXPECT_EQ(m.on(ev::connect_ok), acts{});
  EXPECT_EQ(m.on(ev::timer_fired), acts{});
  EXPECT_EQ(m.current(), st::ready);
  EXPECT_EQ(m.attempts(), 1U);
}

}  // namespace
}  // namespace huiwu::redis
