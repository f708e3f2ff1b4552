#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "redis/connection.hpp"

namespace huiwu::core {

class room;

// Routes Redis pub/sub wake-ups to the rooms of this instance. A notification only says
// "meeting M reached version N": rooms then read the log themselves, because pub/sub
// loses messages across reconnects. After the subscription connection comes back every
// room is woken so that it catches up on whatever was missed.
class notifier {
 public:
  explicit notifier(std::shared_ptr<redis::connection> sub);

  void attach(const std::string& meeting_id, const std::shared_ptr<room>& r);
  void detach(const std::string& meeting_id, const room* r);
  // Any other channel: `fn` gets each message's payload (on the connection's strand).
  void listen(const std::string& channel, std::function<void(const std::string&)> fn);

 private:
  void on_message(const std::string& channel, const std::string& payload);
  void wake_all();

  std::shared_ptr<redis::connection> sub_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<room>>> rooms_;
  std::unordered_map<std::string, std::function<void(const std::string&)>> listeners_;
};

}  // namespace huiwu::core
