#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace huiwu::app {

// Live updates of the follow-up pages by long polling: GET /api/followup/changes?after=G
// answers at once when the change counter has moved past G, else when it next moves (a
// decision record changed on any instance: the append script publishes on the store's
// follow-up channel), or after `wait` with the counter unchanged. The page then re-reads what
// it shows through the ordinary, access-filtered routes: the wake-up itself carries nothing.
class followup_hub : public std::enable_shared_from_this<followup_hub> {
 public:
  using answer_fn = std::function<void(std::uint64_t generation)>;
  followup_hub(boost::asio::any_io_executor ex, std::chrono::milliseconds wait)
      : ex_(std::move(ex)), wait_(wait) {}

  std::uint64_t generation() const;
  void bump();  // something changed: answer every waiter
  void wait(std::uint64_t after, answer_fn answer);

 private:
  struct waiter {
    std::uint64_t id = 0;
    answer_fn answer;
  };
  boost::asio::any_io_executor ex_;
  std::chrono::milliseconds wait_;
  mutable std::mutex mutex_;
  // Starts from the clock so that a restarted server never answers "nothing new" to a
  // page that saw a higher counter before.
  std::uint64_t generation_ = static_cast<std::uint64_t>(
      std::chrono::system_clock::now().time_since_epoch() / std::chrono::milliseconds(1));
  std::list<waiter> waiters_;
  std::uint64_t next_waiter_ = 0;
};

}  // namespace huiwu::app
