// A TCP relay on 127.0.0.1 for fault tests: everything to its port goes to `upstream`.
// cut() drops every relayed connection and refuses new ones (the far side is unreachable,
// the near side sees its connections fail); heal() relays again.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace huiwu::test {

class tcp_proxy {
 public:
  explicit tcp_proxy(std::uint16_t upstream);
  ~tcp_proxy();
  tcp_proxy(const tcp_proxy&) = delete;
  tcp_proxy& operator=(const tcp_proxy&) = delete;

  std::uint16_t port() const { return port_; }
  void cut();
  void heal();

 private:
  void loop();
  void wake();

  std::uint16_t upstream_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  std::mutex mutex_;
  std::vector<std::pair<int, int>> pairs_;  // (client side, upstream side)
  bool cut_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace huiwu::test
