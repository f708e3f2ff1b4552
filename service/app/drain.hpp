#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "net/server_context.hpp"

namespace huiwu::app {

// The graceful stop on SIGTERM (and SIGINT), docs/operations.md "Drain":
//   1. /healthz answers 503 "draining" on every port (`contexts`), WebSocket upgrades too;
//   2. `stop_accepting` closes the main listener (a balancer's connect fails over at once);
//   3. every WebSocket reads no more requests, gets the replies of those it sent (a
//      command's ack once Redis has it) and is closed with 1012 "service restart";
//      every HTTP request taken before the signal (an upload being streamed, a POST whose
//      handler runs) is finished and answered; a new one is refused 503 "draining";
//   4. once no HTTP request is in flight: when the last WebSocket is gone, or 300 ms after
//      the last was sent its close (a client that never answers a close does not hold the
//      process); or when `limit` has passed, `stop` ends the process (at the limit, the
//      stragglers are closed with 1001 and given 300 ms; HTTP requests are cut).
// A second signal during the drain stops at once.
class drain {
 public:
  drain(boost::asio::io_context& ioc, std::vector<net::server_context*> contexts,
        std::chrono::milliseconds limit, std::function<void()> stop_accepting,
        std::function<void()> stop);
  void arm();  // waits for the signal

 private:
  void begin(int sig);
  void poll();
  void finish();

  boost::asio::io_context& ioc_;
  std::vector<net::server_context*> contexts_;
  std::chrono::milliseconds limit_;
  std::function<void()> stop_accepting_, stop_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point deadline_;
  std::optional<std::chrono::steady_clock::time_point> told_at_;  // every session told to go
  bool draining_ = false, done_ = false, stopped_ = false;
};

}  // namespace huiwu::app
