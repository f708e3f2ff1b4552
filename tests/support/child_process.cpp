#include "support/child_process.hpp"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace huiwu::test {
namespace {

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    const auto end = std::min(dirs.find(':', begin), dirs.size());
    const auto candidate = std::filesystem::path(dirs.substr(begin, end - begin)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    begin = end + 1;
  }
  throw std::runtime_error("child_process: " + name + " not found in PATH");
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

}  // namespace

child_process::child_process(options o) : options_(std::move(o)) {}

child_process::~child_process() {
  if (pid_ > 0) stop(std::chrono::seconds{5});
}

void child_process::start() {
  if (pid_ > 0 && running()) throw std::runtime_error("child_process: already running");

  // Everything the child needs is built before fork(): between fork and exec a child of a
  // multi-threaded parent may only make async-signal-safe calls (no malloc).
  const std::string program = find_program(options_.program);
  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), options_.args.begin(), options_.args.end());
  std::vector<char*> argv;
  argv.reserve(argv_storage.size() + 1);
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> env_map;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env_map[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : options_.env) env_map[k] = v;
  std::vector<std::string> env_storage;
  env_storage.reserve(env_map.size());
  for (const auto& [k, v] : env_map) env_storage.emplace_back(k).append(1, '=').append(v);
  std::vector<char*> envp;
  envp.reserve(env_storage.size() + 1);
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("child_process: pipe: ") + std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(report[0]);
    ::close(report[1]);
    throw std::runtime_error(std::string("child_process: fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(report[0]);
    // The test's own sockets (WebSocket clients, Redis connections) must not live on in
    // the child: a client the test closes would stay open on the server while a child
    // holds a copy. Everything above stderr closes at exec; the report pipe already does.
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    // Our own signal mask and ignored signals would be inherited through exec.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    if (!options_.log_file.empty()) {
      const int log = ::open(options_.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (log < 0 || ::dup2(log, 1) < 0 || ::dup2(log, 2) < 0) {
        const int e = errno;
        (void)!::write(report[1], &e, sizeof e);
        ::_exit(127);
      }
      ::close(log);
    }
    if (!options_.working_dir.empty() && ::chdir(options_.working_dir.c_str()) != 0) {
      const int e = errno;
      (void)!::write(report[1], &e, sizeof e);
      ::_exit(127);
    }
    ::execve(argv[0], argv.data(), envp.data());
    const int e = errno;
    (void)!::write(report[1], &e, sizeof e);
    ::_exit(127);
  }

  ::close(report[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ::close(report[0]);
  pid_ = pid;
  status_.reset();
  if (n > 0) {  // exec did not happen: the pipe would have closed on exec with nothing in it
    reap(true);
    pid_ = -1;
    throw std::runtime_error("child_process: cannot run " + program + ": " +
                             std::strerror(child_errno));
  }
}

bool child_process::reap(bool block) {
  if (pid_ <= 0) return true;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  status_ = r == pid_ ? decode_status(status) : -1;
  pid_ = -1;
  return true;
}

bool child_process::running() {
  return pid_ > 0 && !reap(false);
}

void child_process::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

int child_process::wait() {
  reap(true);
  return status_.value_or(-1);
}

std::optional<int> child_process::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return status_;
}

int child_process::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return status_.value_or(-1);
  // A stopped child would never handle SIGTERM.
  ::kill(pid_, SIGCONT);
  ::kill(pid_, SIGTERM);
  if (auto status = wait_for(grace)) return *status;
  ::kill(pid_, SIGKILL);
  return wait();
}

}  // namespace huiwu::test
