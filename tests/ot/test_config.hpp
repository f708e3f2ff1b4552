// Sizes of the seeded randomized OT tests. A failure prints the seed; rerun with
//   HUIWU_OT_SEED=<seed> build/tests/ot/huiwu_ot_tests
// HUIWU_OT_SEED=random draws a fresh seed (printed) to explore beyond the default;
// HUIWU_OT_SCALE multiplies every iteration count.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace huiwu::ot::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool sanitized_build = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool sanitized_build = true;
#else
inline constexpr bool sanitized_build = false;
#endif
#else
inline constexpr bool sanitized_build = false;
#endif

inline std::uint64_t test_seed(std::uint64_t fallback) {
  const char* env = std::getenv("HUIWU_OT_SEED");
  if (env == nullptr || *env == '\0') return fallback;
  if (std::string(env) == "random") {
    const auto seed =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::printf("HUIWU_OT_SEED=%llu\n", static_cast<unsigned long long>(seed));
    return seed;
  }
  return std::strtoull(env, nullptr, 10);
}

// `normal` scaled by HUIWU_OT_SCALE (e.g. 10 for a long soak, 0.1 for a quick run),
// or by default by 1 (0.5 in sanitizer builds, which run about 3x slower).
inline std::size_t test_iterations(std::size_t normal) {
  double scale = sanitized_build ? 0.5 : 1.0;
  if (const char* env = std::getenv("HUIWU_OT_SCALE"); env != nullptr && *env != '\0') {
    scale = std::strtod(env, nullptr);
  }
  const auto n = static_cast<std::size_t>(static_cast<double>(normal) * scale);
  return n > 0 ? n : 1;
}

}  // namespace huiwu::ot::testing
