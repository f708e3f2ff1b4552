// Every command a real redis-server runs, read through MONITOR, and the key-layout check
// over the scripts among them (decision 0037).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace huiwu::test {

// One MONITOR line's command: its arguments, unquoted ("EVALSHA", sha, "3", key, ...).
std::vector<std::string> parse_monitor_line(const std::string& line);

// What is wrong with one command's keys, or "" when nothing: for EVAL/EVALSHA, every key
// shares one hash tag (a meeting's or an account's), or is one global key alone, listed by
// store::is_global_key. Other commands are not scripts and are not checked.
std::string layout_fault(const std::vector<std::string>& command);

// A MONITOR connection to 127.0.0.1:port, recording every command until destroyed.
class monitor {
 public:
  explicit monitor(std::uint16_t port);
  ~monitor();
  monitor(const monitor&) = delete;
  monitor& operator=(const monitor&) = delete;
  // Waits (bounded) until a command whose arguments are exactly `args` was seen, then
  // returns everything seen before it.
  std::vector<std::vector<std::string>> until(const std::vector<std::string>& args);

 private:
  void read_loop();
  int fd_ = -1;
  std::mutex mutex_;
  std::condition_variable seen_;
  std::vector<std::vector<std::string>> commands_;
  bool closed_ = false;
  std::thread reader_;
};

}  // namespace huiwu::test
