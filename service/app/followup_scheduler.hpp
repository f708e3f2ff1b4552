#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/room_registry.hpp"
#include "core/services.hpp"
#include "huiwu.pb.h"

namespace huiwu::app {

// The reminder scheduler (催办) of one instance. Every tick it reads the decisions whose
// next reminder has come (store::followup_store::due) and submits a remind_decision
// command into each one's meeting, with the client id "reminder:<decision>:<kind>:<deadline>"
// and sequence 1. The meeting log's (client_id, client_seq) de-duplication makes the
// reminder event exactly-once however many instances race on it, and whether or not one
// crashed half-way; the same append moves the decision's place in the reminder schedule, so
// a reminder that was recorded is not read again. A reminder the meeting refuses (no longer
// due: closed, extended) is dropped from the schedule if its place has not moved meanwhile.
class reminder_scheduler : public std::enable_shared_from_this<reminder_scheduler> {
 public:
  reminder_scheduler(boost::asio::any_io_executor ex, core::services& svc,
                     core::room_registry& rooms, std::chrono::milliseconds tick);
  void start();
  void stop();

 private:
  void arm();
  void on_tick();
  void remind(const std::string& member, const std::string& score, v1::DecisionRecord record);
  void finished(const std::string& member);

  boost::asio::steady_timer timer_;
  core::services& svc_;
  core::room_registry& rooms_;
  std::chrono::milliseconds tick_;
  std::mutex mutex_;
  std::set<std::string> in_flight_;  // members submitted and not answered yet
  bool stopped_ = false;
  bool board_indexed_ = false;  // touched only by the tick chain, one step at a time
};

}  // namespace huiwu::app
