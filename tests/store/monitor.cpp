#include "monitor.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "store/keys.hpp"

namespace huiwu::test {

std::vector<std::string> parse_monitor_line(const std::string& line) {
  // +1700000000.123456 [0 127.0.0.1:5555] "EVALSHA" "ab.." "2" "k1" "k2"
  std::vector<std::string> out;
  auto i = line.find(']');
  if (i == std::string::npos) return out;
  for (++i; i < line.size(); ++i) {
    if (line[i] != '"') continue;
    std::string arg;
    for (++i; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] != '\\' || i + 1 >= line.size()) {
        arg += line[i];
        continue;
      }
      const char c = line[++i];
      if (c == 'x' && i + 2 < line.size()) {
        arg += static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        arg += c == 'n'   ? '\n'
               : c == 'r' ? '\r'
               : c == 't' ? '\t'
               : c == 'a' ? '\a'
               : c == 'b' ? '\b'
                          : c;
      }
    }
    out.push_back(std::move(arg));
  }
  return out;
}

std::string layout_fault(const std::vector<std::string>& cmd) {
  if (cmd.size() < 3) return {};
  std::string name;
  for (char c : cmd[0]) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name != "EVAL" && name != "EVALSHA") return {};
  const auto n = static_cast<std::size_t>(std::stoul(cmd[2]));
  if (cmd.size() < 3 + n) return "fewer keys than numkeys";
  std::string tag;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& key = cmd[3 + k];
    const auto t = std::string(store::hash_tag(key));
    if (t == key && !store::is_global_key(key)) {
      return "untagged key " + key + " is not listed as global in store/keys.hpp";
    }
    if (k == 0) {
      tag = t;
    } else if (t != tag) {
      return "keys of two hash tags in one script: " + cmd[3] + " and " + key;
    }
  }
  return {};
}

monitor::monitor(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error("cannot connect for MONITOR");
  }
  const std::string cmd = "MONITOR\r\n";
  if (::write(fd_, cmd.data(), cmd.size()) != static_cast<ssize_t>(cmd.size())) {
    throw std::runtime_error("cannot send MONITOR");
  }
  // The "+OK" comes before any recorded command: wait for it so nothing is missed.
  std::string ok;
  char c = 0;
  while (ok.size() < 5 && ::read(fd_, &c, 1) == 1) {
    ok += c;
    if (c == '\n') break;
  }
  if (ok.rfind("+OK", 0) != 0) throw std::runtime_error("MONITOR refused: " + ok);
  reader_ = std::thread([this] { read_loop(); });
}

monitor::~monitor() {
  ::shutdown(fd_, SHUT_RDWR);
  reader_.join();
  ::close(fd_);
}

void monitor::read_loop() {
  std::string buf;
  char chunk[65536];
  for (;;) {
    const auto n = ::read(fd_, chunk, sizeof chunk);
    if (n <= 0) break;
    buf.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (auto nl = buf.find("\r\n"); nl != std::string::npos; nl = buf.find("\r\n", start)) {
      auto cmd = parse_monitor_line(buf.substr(start, nl - start));
      start = nl + 2;
      std::lock_guard lock(mutex_);
      commands_.push_back(std::move(cmd));
      seen_.notify_all();
    }
    buf.erase(0, start);
  }
  std::lock_guard lock(mutex_);
  closed_ = true;
  seen_.notify_all();
}

std::vector<std::vector<std::string>> monitor::until(const std::vector<std::string>& args) {
  std::unique_lock lock(mutex_);
  std::size_t at = 0;
  seen_.wait_for(lock, std::chrono::seconds(20), [&] {
    for (; at < commands_.size(); ++at) {
      if (commands_[at] == args) return true;
    }
    return closed_;
  });
  return {commands_.begin(), commands_.begin() + static_cast<std::ptrdiff_t>(at)};
}

}  // namespace huiwu::test
