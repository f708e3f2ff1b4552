#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "redis/backoff.hpp"

namespace huiwu::redis {

// When the connection connects, gives up on an attempt, waits, and reports: a state machine
// with no I/O, no clock and no callbacks (sans-I/O, as boostorg/redis does it). The
// connection feeds it what happened (an event) and performs, in order, what it answers (a
// list of actions); the tests feed it events and read the actions, with no socket and no
// sleeping.
//
//   idle --start--> connecting --connect_ok--> ready
//                     ^   |                      |
//          timer_fired|   |connect_failed        |link_lost (reported: on_disconnected)
//                     |   v                      v
//                    waiting <-------------------'
//   any --stop--> stopped --start--> connecting
//
// Semantics it encodes (connection.hpp's contract):
// - Commands are accepted only while ready. The connection keeps no queue for later: a
//   command that arrives while not ready fails at once with not_connected, so there is
//   nothing to flush on reconnect.
// - Commands sent and unanswered when the link goes (lost, failed attempt, stop) complete
//   with outcome_unknown: fail_pending, after the state is consistent.
// - A lost link is reported once per report_connected; failed attempts are not reported.
// - The delay before attempt n after a failure comes from `backoff` (exponential, capped,
//   jittered); it starts again from the minimum after a success and after start().
// - Events that no longer apply (a timer that fired after stop, a failure reported twice)
//   change nothing and ask for nothing.
class reconnect {
 public:
  enum class state { idle, connecting, ready, waiting, stopped };
  enum class event { start, connect_ok, connect_failed, link_lost, timer_fired, stop };

  struct action {
    enum class kind {
      start_connect,        // begin one attempt: resolve, connect, handshake
      close_link,           // drop the link and abandon whatever the attempt was doing
      arm_timer,            // the reconnect timer, to fire `delay` from now
      cancel_timers,        // no reconnect or command timer left: the io_context may finish
      fail_pending,         // every sent, unanswered command completes with outcome_unknown
      report_connected,     // on_connected
      report_disconnected,  // on_disconnected
    };
    kind what;
    std::chrono::milliseconds delay{0};  // arm_timer only
    bool operator==(const action&) const = default;
  };
  using actions = std::vector<action>;

  explicit reconnect(backoff b) : backoff_(std::move(b)) {}

  // Feeds one event; returns the actions to perform, in order.
  actions on(event e);

  state current() const noexcept { return state_; }
  bool accepts_commands() const noexcept { return state_ == state::ready; }
  // Attempts begun (start_connect answered) since construction.
  std::uint64_t attempts() const noexcept { return attempts_; }

 private:
  actions begin_attempt();
  actions give_up_link(bool was_ready);

  backoff backoff_;
  state state_ = state::idle;
  std::uint64_t attempts_ = 0;
};

std::string_view to_string(reconnect::state s) noexcept;
std::string_view to_string(reconnect::action::kind k) noexcept;

}  // namespace huiwu::redis
