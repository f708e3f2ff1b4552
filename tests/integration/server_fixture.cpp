#include "server_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/eventually.hpp"
#include "support/tcp_port.hpp"

namespace huiwu::test {

server_process::server_process(std::uint16_t redis_port, std::vector<std::string> extra_args)
    : port_(free_tcp_port()) {
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
  namespace http = boost::beast::http;
  boost::asio::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = body;
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(stream, buf, res);
  return {static_cast<int>(res.result_int()), res.body(),
          std::string(res[http::field::content_type])};
}

}  // namespace huiwu::test
