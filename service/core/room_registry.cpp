#include "core/room_registry.hpp"

#include <random>

namespace huiwu::core {

std::shared_ptr<room> room_registry::get(const std::string& meeting_id) {
  std::lock_guard lock(mutex_);
  if (auto it = rooms_.find(meeting_id); it != rooms_.end()) {
    if (auto r = it->second.lock()) return r;
  }
  // Forget rooms that died since, so the map stays as small as the live set.
  if (rooms_.size() > 64) std::erase_if(rooms_, [](const auto& kv) { return kv.second.expired(); });
  auto r = room::create(ex_, meeting_id, svc_);
  rooms_[meeting_id] = r;
  return r;
}

std::string random_token(std::size_t length) {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::random_device rd;
  std::string out(length, '0');
  for (auto& c : out) c = alphabet[rd() % 36];
  return out;
}

}  // namespace huiwu::core
