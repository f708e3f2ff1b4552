#include "redis/backoff.hpp"

#include <algorithm>

namespace huiwu::redis {

backoff::backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, std::uint32_t seed)
    : min_(std::max(min, std::chrono::milliseconds{1})), max_(std::max(max, min_)), rng_(seed) {}

std::chrono::milliseconds backoff::next() {
  // Doubling stops once the cap is reached, so the shift never overflows.
  auto ceiling = min_;
  for (unsigned i = 0; i < attempt_ && ceiling < max_; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, max_);
  ++attempt_;

  const auto half = ceiling.count() / 2;
  std::uniform_int_distribution<long long> jitter(0, ceiling.count() - half);
  return std::max(min_, std::chrono::milliseconds{half + jitter(rng_)});
}

}  // namespace huiwu::redis
