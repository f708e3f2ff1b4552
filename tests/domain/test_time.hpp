// The instant the domain tests' meetings are decided at (a Unix time in ms, 2026-09).
#pragma once

#include <cstdint>

namespace huiwu::domain::test_support {

inline constexpr std::int64_t t0 = 1'790'000'000'000;

}  // namespace huiwu::domain::test_support
