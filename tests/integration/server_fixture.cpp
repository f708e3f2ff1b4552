#include "server_fixture.hpp"

#include <sys/wait.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <cstdio>
#include <thread>

#include "support/eventually.hpp"
#include "support/tcp_port.hpp"

namespace huiwu::test {

server_process::server_process(std::uint16_t redis_port, std::vector<std::string> extra_args,
                               bool plain_http)
    : wait_for_storage_(plain_http), redis_port_(redis_port), port_(free_tcp_port()) {
  log_ =
      (std::filesystem::temp_directory_path() / ("huiwu-server-" + std::to_string(port_) + ".log"))
          .string();
  std::filesystem::remove(log_);
  child_process::options o;
  o.program = HUIWU_SERVER_BIN;
  o.args = {"--listen",   "127.0.0.1:" + std::to_string(port_),
            "--redis",    "127.0.0.1:" + std::to_string(redis_port),
            "--web-root", HUIWU_WEB_ROOT};
  o.args.insert(o.args.end(), extra_args.begin(), extra_args.end());
  o.log_file = log_;
  proc_ = std::make_unique<child_process>(std::move(o));
  start();
}

server_process::~server_process() {
  if (proc_->running()) proc_->stop();
}

void server_process::start() {
  proc_->start();
  const bool up = eventually(
      [&] {
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket s(ioc);
        boost::system::error_code ec;
        s.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
        return !ec;
      },
      std::chrono::seconds(20));
  if (!up) throw std::runtime_error("huiwu-server did not come up:\n" + log_tail());
  // Ready means storage answers too: a test's first command must not race the Redis
  // connection (the server itself accepts clients before that, and says so in /healthz).
  if (wait_for_storage_ && !eventually([&] { return http_get(port_, "/healthz").status == 200; },
                                       std::chrono::seconds(20))) {
    throw std::runtime_error("huiwu-server never reached Redis:\n" + log_tail());
  }
  if (wait_for_storage_) log_in_as_tester();
}

void server_process::log_in_as_tester() {
  static const std::string password = "tester-password-1";
  token_ = log_in(port_, "tester", password);
  if (token_.empty()) {
    const int rc = create_account(redis_port_, "tester", password, "secret", true, "测试员");
    if (rc != 0 && rc != 3) throw std::runtime_error("cannot create the test account");
    token_ = log_in(port_, "tester", password);
  }
  if (token_.empty()) throw std::runtime_error("cannot log in as the test account");
  set_default_token(port_, token_);
}

int create_account(std::uint16_t redis_port, const std::string& id, const std::string& password,
                   const std::string& clearance, bool admin, const std::string& name) {
  std::string cmd = std::string("'") + HUIWU_SERVER_BIN +
                    "' --redis 127.0.0.1:" + std::to_string(redis_port) + " --create-user '" + id +
                    "' --clearance " + clearance + (admin ? " --admin" : "") +
                    (name.empty() ? std::string() : " --name '" + name + "'") + " >/dev/null";
  FILE* p = ::popen(cmd.c_str(), "w");
  if (!p) return -1;
  std::fputs((password + "\n").c_str(), p);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string log_in(std::uint16_t port, const std::string& id, const std::string& password) {
  auto r = http_request(
      port, "/api/login", "POST",
      R"({"user":")" + id + R"(","password":")" + password + R"(","bearer":true})", {});
  if (r.status != 200) return {};
  const auto at = r.body.find(R"("token":")");
  if (at == std::string::npos) return {};
  const auto start = at + 9;
  return r.body.substr(start, r.body.find('"', start) - start);
}

std::string server_process::log_tail() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  auto s = ss.str();
  return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
}

ServerTest::ServerTest()
    : redis_({"--appendonly", "yes", "--appendfsync", "always"}), server_(redis_.port()) {}

void ServerTest::TearDown() {
  if (HasFailure()) std::cerr << "--- server log ---\n" << server_.log_tail() << '\n';
}

http_result http_get(std::uint16_t port, const std::string& target, const std::string& method,
                     const std::string& body) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (auto t = default_token(port); !t.empty())
    headers.emplace_back("Authorization", "Bearer " + t);
  return http_request(port, target, method, body, headers);
}

http_result http_request(std::uint16_t port, const std::string& target, const std::string& method,
                         const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
  namespace http = boost::beast::http;
  boost::asio::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(stream, buf, res);
  http_result out{static_cast<int>(res.result_int()),
                  res.body(),
                  std::string(res[http::field::content_type]),
                  {}};
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  return out;
}

}  // namespace huiwu::test
