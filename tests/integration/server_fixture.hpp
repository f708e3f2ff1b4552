#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/redis_process.hpp"
#include "ws_client.hpp"

namespace huiwu::test {

// The real huiwu-server binary on a free port, against a given Redis.
class server_process {
 public:
  // `plain_http` false (a TLS server): start() waits for the port only, and logs nobody in.
  server_process(std::uint16_t redis_port, std::vector<std::string> extra_args = {},
                 bool plain_http = true);
  ~server_process();
  void start();                                // blocks until the port accepts connections
  void stop() { proc_->stop(); }               // SIGTERM: a clean shutdown
  child_process& process() { return *proc_; }  // signals and exit status (the drain tests)
  void kill() {
    proc_->kill();
    proc_->wait();
  }  // SIGKILL: a crash
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return proc_->pid(); }
  std::string log_tail() const;
  // start() waits until /healthz says Redis answers (default), or only for the port.
  void wait_for_storage(bool yes) { wait_for_storage_ = yes; }
  std::uint16_t redis_port() const { return redis_port_; }
  // The session token of the test account ("tester": admin, cleared for LEVEL_SECRET), which
  // start() creates through the command line when it does not exist yet and logs in as.
  // ws_client and http_get use it by default for this server's port.
  const std::string& token() const { return token_; }

 private:
  void log_in_as_tester();
  bool wait_for_storage_ = true;
  std::uint16_t redis_port_;
  std::string token_;
  std::uint16_t port_;
  std::string log_;
  std::unique_ptr<child_process> proc_;
};

// One Redis with AOF on and fsync on every write, and one server: the production setup
// of the quick start.
class ServerTest : public ::testing::Test {
 protected:
  ServerTest();
  void TearDown() override;

  std::unique_ptr<ws_client> client(std::string id = {}) {
    return std::make_unique<ws_client>(server_.port(), std::move(id));
  }

  redis_process redis_;
  server_process server_;
};

// A blocking HTTP/1.1 request; returns status and body.
struct http_result {
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // lower-case names
};
// As the test account of the server on `port` (bearer token), when there is one.
http_result http_get(std::uint16_t port, const std::string& target,
                     const std::string& method = "GET", const std::string& body = {});
// Exactly the headers given (no token added).
http_result http_request(std::uint16_t port, const std::string& target, const std::string& method,
                         const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers);

// Accounts through the documented command line: `printf '%s\n' PASSWORD | huiwu-server
// --redis ... --create-user ID --clearance C [--admin]`. Returns the exit code (0 created,
// 3 exists).
int create_account(std::uint16_t redis_port, const std::string& id, const std::string& password,
                   const std::string& clearance, bool admin = false, const std::string& name = {});
// POST /api/login with bearer: the token, or "" when refused.
std::string log_in(std::uint16_t port, const std::string& id, const std::string& password);

}  // namespace huiwu::test
