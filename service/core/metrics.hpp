#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "huiwu.pb.h"

namespace huiwu::core {

// Process-wide counters, rendered in the Prometheus text format at GET /metrics.
// Everything is a relaxed atomic: counters are read rarely and need no ordering.
class metrics {
 public:
  std::atomic<std::int64_t> connections{0};
  std::atomic<std::int64_t> rooms{0};
  std::atomic<std::uint64_t> frames_in{0};
  std::atomic<std::uint64_t> frames_out{0};
  std::atomic<std::uint64_t> slow_consumers_dropped{0};
  // Back-pressure (docs/protocol.md §1): bytes waiting in every connection's send queue now,
  // and the most one connection ever had waiting (never above --max-queued-bytes).
  std::atomic<std::int64_t> ws_queued_bytes{0};
  std::atomic<std::uint64_t> ws_queued_bytes_max{0};
  void observe_queue(std::uint64_t bytes) {
    auto seen = ws_queued_bytes_max.load(std::memory_order_relaxed);
    while (bytes > seen && !ws_queued_bytes_max.compare_exchange_weak(seen, bytes)) {
    }
  }
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> reminder_ticks{0};  // reminder scheduler ticks completed

  void count_request(v1::Envelope::BodyCase c);  // one per request envelope, by type
  void count_command(v1::Change::KindCase c);    // accepted commands, by change kind
  void count_error(v1::ErrorCode code);
  void observe_redis(std::chrono::nanoseconds rtt);

  std::string render() const;

 private:
  static constexpr std::size_t slots = 128;  // above every field number in the schema
  static constexpr std::array<double, 14> bucket_bounds{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  std::array<std::atomic<std::uint64_t>, slots> requests_{};
  std::array<std::atomic<std::uint64_t>, slots> commands_{};
  std::array<std::atomic<std::uint64_t>, slots> errors_{};
  std::array<std::atomic<std::uint64_t>, bucket_bounds.size() + 1> redis_buckets_{};
  std::atomic<std::uint64_t> redis_count_{0};
  std::atomic<std::uint64_t> redis_sum_ns_{0};
};

}  // namespace huiwu::core
