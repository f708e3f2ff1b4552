#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace huiwu::redis {

// Reconnect delays: exponential from `min` up to `max`, with "equal jitter" (a delay d is
// drawn from [d/2, d], never below `min`) so that many instances that lost the same Redis
// do not come back in lock step. Pure: no clock, no I/O.
class backoff {
 public:
  backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, std::uint32_t seed);

  // The delay before the next attempt; each call doubles the next one, up to `max`.
  std::chrono::milliseconds next();
  // After a success: the next failure starts again from `min`.
  void reset() noexcept { attempt_ = 0; }
  unsigned attempt() const noexcept { return attempt_; }

 private:
  std::chrono::milliseconds min_;
  std::chrono::milliseconds max_;
  unsigned attempt_ = 0;
  std::minstd_rand rng_;
};

}  // namespace huiwu::redis
