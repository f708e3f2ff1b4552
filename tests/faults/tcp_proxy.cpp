#include "tcp_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace huiwu::test {
namespace {
int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}
}  // namespace

tcp_proxy::tcp_proxy(std::uint16_t upstream) : upstream_(upstream) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0 || ::pipe(wake_) != 0) {
    throw std::runtime_error("tcp_proxy: cannot listen");
  }
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { loop(); });
}

tcp_proxy::~tcp_proxy() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake();
  thread_.join();
  for (auto [c, u] : pairs_) {
    ::close(c);
    ::close(u);
  }
  ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void tcp_proxy::wake() {
  const char b = 1;
  [[maybe_unused]] auto n = ::write(wake_[1], &b, 1);
}

void tcp_proxy::cut() {
  {
    std::lock_guard lock(mutex_);
    cut_ = true;
    for (auto [c, u] : pairs_) {
      ::shutdown(c, SHUT_RDWR);
      ::close(c);
      ::close(u);
    }
    pairs_.clear();
  }
  wake();
}

void tcp_proxy::heal() {
  {
    std::lock_guard lock(mutex_);
    cut_ = false;
  }
  wake();
}

void tcp_proxy::loop() {
  char buf[65536];
  for (;;) {
    std::vector<pollfd> fds{{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    std::vector<std::pair<int, int>> pairs;
    {
      std::lock_guard lock(mutex_);
      if (stop_) return;
      pairs = pairs_;
    }
    for (auto [c, u] : pairs) {
      fds.push_back({c, POLLIN, 0});
      fds.push_back({u, POLLIN, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents & POLLIN) {
      char drop[64];
      [[maybe_unused]] auto n = ::read(wake_[0], drop, sizeof drop);
      continue;  // the set of connections may have changed
    }
    std::lock_guard lock(mutex_);
    if (fds[1].revents & POLLIN) {
      const int c = ::accept(listen_fd_, nullptr, nullptr);
      if (c >= 0) {
        const int u = cut_ ? -1 : connect_to(upstream_);
        if (u < 0) {
          ::close(c);  // cut: the connection is refused as soon as it is made
        } else {
          pairs_.emplace_back(c, u);
        }
      }
    }
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto [c, u] = pairs[i];
      bool live = false;  // not closed by cut() since the poll began
      for (const auto& q : pairs_) live = live || (q.first == c && q.second == u);
      if (!live) continue;
      bool gone = false;
      for (int side = 0; side < 2 && !gone; ++side) {
        const auto& p = fds[2 + 2 * i + side];
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const int from = side == 0 ? c : u, to = side == 0 ? u : c;
        const auto n = ::read(from, buf, sizeof buf);
        if (n <= 0) {
          gone = true;
          break;
        }
        for (ssize_t off = 0; off < n;) {
          const auto w = ::write(to, buf + off, static_cast<std::size_t>(n - off));
          if (w <= 0) {
            gone = true;
            break;
          }
          off += w;
        }
      }
      if (gone) {
        for (auto it = pairs_.begin(); it != pairs_.end(); ++it) {
          if (it->first == c) {
            ::close(c);
            ::close(u);
            pairs_.erase(it);
            break;
          }
        }
      }
    }
  }
}

}  // namespace huiwu::test
