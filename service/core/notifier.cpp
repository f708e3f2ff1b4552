#include "core/notifier.hpp"

#include <charconv>

#include "core/room.hpp"
#include "store/keys.hpp"

namespace huiwu::core {

notifier::notifier(std::shared_ptr<redis::connection> sub) : sub_(std::move(sub)) {
  sub_->set_on_message([this](const std::string& channel, const std::string& payload) {
    on_message(channel, payload);
  });
  sub_->set_on_connected([this] { wake_all(); });
}

void notifier::attach(const std::string& meeting_id, const std::shared_ptr<room>& r) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    auto& list = rooms_[meeting_id];
    first = list.empty();
    list.push_back(r);
  }
  if (first) {
    for (const auto& channel : store::meeting_channels(meeting_id)) sub_->subscribe(channel);
  }
}

void notifier::detach(const std::string& meeting_id, const room* r) {
  bool last = false;
  {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(meeting_id);
    if (it == rooms_.end()) return;
    auto& list = it->second;
    std::erase_if(list, [r](const std::weak_ptr<room>& w) {
      auto p = w.lock();
      return !p || p.get() == r;
    });
    if (list.empty()) {
      rooms_.erase(it);
      last = true;
    }
  }
  if (last) {
    for (const auto& channel : store::meeting_channels(meeting_id)) sub_->unsubscribe(channel);
  }
}

void notifier::listen(const std::string& channel, std::function<void(const std::string&)> fn) {
  {
    std::lock_guard lock(mutex_);
    listeners_[channel] = std::move(fn);
  }
  sub_->subscribe(channel);
}

void notifier::on_message(const std::string& channel, const std::string& payload) {
  {
    std::unique_lock lock(mutex_);
    if (auto it = listeners_.find(channel); it != listeners_.end()) {
      auto fn = it->second;
      lock.unlock();
      return fn(payload);
    }
  }
  const auto about = store::parse_meeting_channel(channel);
  if (!about) return;
  const auto& id = about->meeting_id;
  const bool is_presence = about->presence;
  std::uint64_t version = 0;
  if (!is_presence) std::from_chars(payload.data(), payload.data() + payload.size(), version);
  std::vector<std::shared_ptr<room>> targets;
  {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    if (it == rooms_.end()) return;
    for (auto& w : it->second) {
      if (auto p = w.lock()) targets.push_back(std::move(p));
    }
  }
  // Sent outside the lock: a room may detach from inside.
  for (auto& r : targets) {
    if (is_presence) {
      r->presence_from_elsewhere(payload);
    } else {
      r->notify(version);
    }
  }
}

void notifier::wake_all() {
  std::vector<std::shared_ptr<room>> targets;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, list] : rooms_) {
      for (auto& w : list) {
        if (auto p = w.lock()) targets.push_back(std::move(p));
      }
    }
  }
  for (auto& r : targets) r->notify(0);
}

}  // namespace huiwu::core
