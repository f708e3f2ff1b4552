#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace huiwu::test {

// A real redis-server (Debian's /usr/bin/redis-server) for tests, on a free port of
// 127.0.0.1, in a temporary directory of its own that lives as long as this object, so that
// stop()/kill() and start() again find the same data (use "--appendonly yes" for that).
class redis_process {
 public:
  enum class launch { now, later };

  // `extra_args` are redis-server options appended after ours, e.g.
  // {"--appendonly", "yes", "--appendfsync", "always"}; later options override earlier ones.
  explicit redis_process(std::vector<std::string> extra_args = {}, launch when = launch::now);
  ~redis_process();  // stop(), then remove the directory
  redis_process(const redis_process&) = delete;
  redis_process& operator=(const redis_process&) = delete;

  // Starts the server (again) on the same port and directory, and blocks until it answers
  // PING with PONG (not -LOADING). Throws std::runtime_error, with the end of the server's
  // log, if it exits or does not answer within `timeout`.
  void start(std::chrono::milliseconds timeout = std::chrono::seconds{20});
  void stop();    // SIGTERM (Redis flushes what it must), wait for exit
  void kill();    // SIGKILL, wait for exit: a crash
  void pause();   // SIGSTOP: the server stops answering, connections stay open
  void resume();  // SIGCONT
  bool running();

  std::uint16_t port() const noexcept { return port_; }
  const std::filesystem::path& dir() const noexcept { return dir_; }
  std::filesystem::path log_path() const { return dir_ / "redis.log"; }
  std::string log_tail(std::size_t max_bytes = 4000) const;

  // A blocking one-shot command on a new connection (after AUTH when "--requirepass" is
  // among the extra arguments), for test setup and checks. The reply
  // is flattened: string/status -> the bytes, integer -> decimal, nil -> "(nil)",
  // error -> "(error) " + text, array -> elements joined by '\n'. Throws if the server does
  // not answer within `timeout`.
  std::string command(const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout = std::chrono::seconds{5}) const;

 private:
  std::vector<std::string> extra_args_;
  std::string password_;
  std::uint16_t port_;
  std::filesystem::path dir_;
  std::unique_ptr<child_process> process_;
};

}  // namespace huiwu::test
