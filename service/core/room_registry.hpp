#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/room.hpp"

namespace huiwu::core {

// Finds the room of a meeting on this instance, creating it on first use. Holds rooms
// weakly: a room lives while a connection has joined it or a task of its runs, and is
// loaded again from Redis after that.
class room_registry {
 public:
  room_registry(boost::asio::any_io_executor ex, services& svc) : ex_(std::move(ex)), svc_(svc) {}

  std::shared_ptr<room> get(const std::string& meeting_id);

 private:
  boost::asio::any_io_executor ex_;
  services& svc_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<room>> rooms_;
};

}  // namespace huiwu::core
