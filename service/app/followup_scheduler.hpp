#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include "app/reminder_planner.hpp"
#include "core/room_registry.hpp"
#include "core/services.hpp"
#include "huiwu.pb.h"

namespace huiwu::app {

// The reminder scheduler (催办) of one instance. Every tick it reads the decisions whose
// next reminder has come by the server's clock (services::clock; store::followup_store::due)
// and submits a remind_decision command into each one's meeting, with the client id
// "reminder:<decision>:<kind>:<deadline>" and sequence 1. The meeting log's (client_id,
// client_seq) de-duplication makes the reminder event exactly-once however many instances
// race on it, and whether or not one crashed half-way; the same append moves the decision's
// place in the reminder schedule, so a reminder that was recorded is not read again. A
// reminder the meeting refuses (no longer due: closed, extended) is dropped from the
// schedule if its place has not moved meanwhile. What to send and what to do with the
// answer is decided by reminder_planner (pure, tested with a manual clock); this class does
// the I/O: the timer, the reads, the submissions.
//
// The interval between ticks is the machine's (a steady timer): it is how often to look,
// not a point in the meeting's calendar. ticks() counts completed ticks (the schedule read
// and every reminder submitted from it answered), in order: tick n counts once every tick
// before it has completed too. Also in /metrics as huiwu_reminder_ticks_total, so a test can
// wait for "k more ticks happened" and then assert that nothing more was recorded.
class reminder_scheduler : public std::enable_shared_from_this<reminder_scheduler> {
 public:
  reminder_scheduler(boost::asio::any_io_executor ex, core::services& svc,
                     core::room_registry& rooms, std::chrono::milliseconds tick);
  void start();
  void stop();
  std::uint64_t ticks() const noexcept { return ticks_.load(); }

 private:
  void arm();
  void on_tick();
  void on_due(std::int64_t now_ms, std::vector<reminder_planner::due_entry> due);
  void submit(reminder_planner::job job, std::function<void()> done);
  void tick_done(std::uint64_t n);

  boost::asio::steady_timer timer_;
  core::services& svc_;
  core::room_registry& rooms_;
  std::chrono::milliseconds tick_;
  std::mutex mutex_;  // guards planner_, stopped_ and the tick bookkeeping
  reminder_planner planner_;
  bool stopped_ = false;
  std::uint64_t begun_ = 0;           // ticks that read the schedule
  std::set<std::uint64_t> finished_;  // completed ahead of an earlier, unfinished tick
  bool board_indexed_ = false;        // touched only by the tick chain, one step at a time
  bool pending_repaired_ = false;
  std::atomic<std::uint64_t> ticks_{0};
};

}  // namespace huiwu::app
