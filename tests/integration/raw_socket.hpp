// A plain TCP connection to the server, written to and read by hand: for tests that need to
// send half a request, pause, or keep a connection from before a signal (uploads, drain).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace huiwu::test {

class raw_socket {
 public:
  explicit raw_socket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  }
  ~raw_socket() { close(); }
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;

  void send(std::string_view s) {
    while (!s.empty()) {
      const auto n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return;  // the server stopped reading (a refused body): the answer follows
      s.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  // Everything until the server closes, after saying we send nothing more.
  std::string read_all() {
    ::shutdown(fd_, SHUT_WR);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) out.append(buf, n);
    return out;
  }
  // One response (head and a Content-Length body), leaving the connection open; "" when the
  // server closed first.
  std::string read_response() {
    std::string out;
    char buf[4096];
    std::size_t end = std::string::npos;
    while ((end = out.find("\r\n\r\n")) == std::string::npos) {
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
    std::size_t length = 0;
    for (auto k : {"Content-Length: ", "content-length: "}) {
      if (const auto at = out.find(k); at != std::string::npos && at < end) {
        length = std::strtoul(out.c_str() + at + std::string_view(k).size(), nullptr, 10);
      }
    }
    while (out.size() < end + 4 + length) {
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// The body of an HTTP response read by raw_socket.
inline std::string body_of(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : response.substr(at + 4);
}

}  // namespace huiwu::test
