#include "app/followup_hub.hpp"

#include <algorithm>

namespace huiwu::app {

std::uint64_t followup_hub::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void followup_hub::bump() {
  std::list<waiter> ready;
  std::uint64_t g = 0;
  {
    std::lock_guard lock(mutex_);
    g = ++generation_;
    ready.swap(waiters_);
  }
  // Answered outside the lock. The timers are left to run out (their handlers find the
  // waiter gone): cancelling here would touch a timer from another thread than its own.
  for (auto& w : ready) w.answer(g);
}

void followup_hub::wait(std::uint64_t after, answer_fn answer) {
  std::unique_lock lock(mutex_);
  if (after != generation_) {
    const auto g = generation_;
    lock.unlock();
    return answer(g);
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(ex_, wait_);
  const auto id = ++next_waiter_;
  waiters_.push_back({id, std::move(answer)});
  // The handler holds the timer: it lives until it fires, whatever happens to the waiter.
  timer->async_wait([weak = weak_from_this(), id, timer](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self || ec) return;
    answer_fn fn;
    std::uint64_t g = 0;
    {
      std::lock_guard lock2(self->mutex_);
      // Still waiting only if bump() has not taken it meanwhile.
      auto w = std::find_if(self->waiters_.begin(), self->waiters_.end(),
                            [id](const waiter& x) { return x.id == id; });
      if (w == self->waiters_.end()) return;
      fn = std::move(w->answer);
      self->waiters_.erase(w);
      g = self->generation_;
    }
    fn(g);
  });
}

}  // namespace huiwu::app
