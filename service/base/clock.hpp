// The server's one source of wall time. Everything that stamps an event, compares a
// deadline or ages a caret asks a clock, never std::chrono::system_clock, so that a test can
// put the server anywhere in time and move it forward by hand.
//
// What stays on the machine's steady clock, on purpose: I/O deadlines (HTTP and WebSocket
// timeouts, Redis connect and command timeouts, reconnect delays, the long-poll wait), the
// intervals between ticks (reminder scheduler, a room's safety re-read), round-trip
// measurements and log timestamps. Those are about the machine, not about the meeting's
// calendar; tests drive them through observable events (tick counts, attempt counts).
// Session expiry and the login throttle window are Redis key TTLs: Redis's clock, which
// the offset below does not move.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace huiwu::base {

class clock {
 public:
  virtual ~clock() = default;
  // Unix time in milliseconds. Thread-safe. Not monotonic: wall time can step back.
  virtual std::int64_t now_ms() const = 0;
};

// The production clock: the machine's wall clock plus a fixed offset. The offset is a test
// hook (HUIWU_CLOCK_OFFSET_MS): positive means the server runs ahead of the machine, so
// deadlines and reminders fall due without waiting; negative, behind. Zero in production.
class system_clock final : public clock {
 public:
  explicit system_clock(std::int64_t offset_ms = 0) noexcept : offset_ms_(offset_ms) {}
  std::int64_t now_ms() const override;
  std::int64_t offset_ms() const noexcept { return offset_ms_; }

 private:
  std::int64_t offset_ms_;
};

// A clock that moves only when told to: for tests. Thread-safe.
class manual_clock final : public clock {
 public:
  explicit manual_clock(std::int64_t start_ms) noexcept : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance(std::chrono::milliseconds d) noexcept { now_ += d.count(); }
  void set(std::int64_t ms) noexcept { now_ = ms; }

 private:
  std::atomic<std::int64_t> now_;
};

// Parses HUIWU_CLOCK_OFFSET_MS's value: an optionally signed decimal integer of ms, within
// ±100 years; nullopt for anything else (the caller refuses to start rather than guess).
std::optional<std::int64_t> parse_clock_offset(std::string_view text);

}  // namespace huiwu::base
