#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace huiwu::test {

// A child process for tests: fork + exec with arguments and extra environment, optional
// stdout+stderr to a log file. Blocking by design (tests may block). The child gets SIGKILL
// if the thread that started it dies (PR_SET_PDEATHSIG), so a crashed test leaves no
// stray servers behind; start children from the test's main thread.
class child_process {
 public:
  struct options {
    std::string program;                                   // a path, or a name looked up in PATH
    std::vector<std::string> args;                         // not including argv[0]
    std::vector<std::pair<std::string, std::string>> env;  // added to / overriding ours
    std::string log_file;     // stdout and stderr appended here; empty: inherit
    std::string working_dir;  // empty: ours
  };

  explicit child_process(options o);
  ~child_process();  // stop() if still running
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // fork + exec. Throws std::runtime_error when already running or when exec fails (the
  // child reports exec's errno through a close-on-exec pipe).
  void start();
  pid_t pid() const noexcept { return pid_; }
  // Reaps the child if it has exited (non-blocking).
  bool running();

  void signal(int sig);  // e.g. SIGSTOP / SIGCONT; no-op if not running
  void terminate() { signal(SIGTERM); }
  void kill() { signal(SIGKILL); }
  // Blocks until the child exits; returns its exit code, or -signal if a signal ended it.
  int wait();
  // Like wait(), but gives up after `timeout` (nullopt: still running).
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  // SIGTERM, wait up to `grace`, then SIGKILL and wait. Returns the exit status as wait().
  int stop(std::chrono::milliseconds grace = std::chrono::seconds{10});
  // Last exit status, once reaped.
  std::optional<int> exit_status() const noexcept { return status_; }

  const options& config() const noexcept { return options_; }

 private:
  bool reap(bool block);

  options options_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

}  // namespace huiwu::test
