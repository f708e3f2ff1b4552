#pragma once

#include <chrono>
#include <thread>

namespace huiwu::test {

// Polls `condition` until it holds or `timeout` passes; returns its last value. For
// "eventually within N seconds" checks: never assert on how fast something happens.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return true;
}

}  // namespace huiwu::test
