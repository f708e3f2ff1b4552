// A token bucket over a monotonic time the caller passes in (sans I/O: no clock inside, so a
// test moves time by hand). Used to bound how many requests one connection may send.
//
// Time is the machine's steady time, never wall time: a wall clock stepped back by NTP must
// not empty the bucket (the elapsed time would be negative) and one stepped forward must not
// hand out a burst. Time that goes back anyway is read as no time passing.
#pragma once

#include <algorithm>
#include <cstdint>

namespace huiwu::base {

class token_bucket {
 public:
  // `rate` tokens per second, at most `burst` held; starts full.
  token_bucket(double rate, double burst) noexcept
      : rate_(rate > 0 ? rate : 0), burst_(burst > 1 ? burst : 1), tokens_(burst_) {}

  // Takes one token at steady time `now_ms`; false (nothing taken) when none is left.
  bool take(std::int64_t now_ms) noexcept {
    if (started_) {
      const auto elapsed = std::max<std::int64_t>(0, now_ms - at_ms_);
      tokens_ = std::min(burst_, tokens_ + static_cast<double>(elapsed) * rate_ / 1000.0);
    }
    // Never move the reference back: a later, smaller reading refills nothing.
    if (!started_ || now_ms > at_ms_) at_ms_ = now_ms;
    started_ = true;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

  double tokens() const noexcept { return tokens_; }

 private:
  double rate_;
  double burst_;
  double tokens_;
  std::int64_t at_ms_ = 0;
  bool started_ = false;
};

}  // namespace huiwu::base
