#include "nginx_process.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/tcp_port.hpp"

namespace huiwu::test {

namespace {
std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}
}  // namespace

nginx_process::nginx_process(const std::vector<std::uint16_t>& upstreams) : port_(free_tcp_port()) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "huiwu-nginx-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  std::filesystem::create_directories(dir_ / "tmp");
  std::string conf = read_file(HUIWU_NGINX_TEMPLATE);
  if (conf.empty()) throw std::runtime_error("cannot read " HUIWU_NGINX_TEMPLATE);
  std::string servers;
  for (auto p : upstreams) {
    servers += "        server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=5s;\n";
  }
  replace_all(conf, "@UPSTREAMS@", servers);
  replace_all(conf, "@USER@", ::geteuid() == 0 ? "user root root;" : "");
  replace_all(conf, "@PREFIX@", dir_.string());
  replace_all(conf, "@LISTEN@", "127.0.0.1:" + std::to_string(port_));
  std::ofstream(dir_ / "nginx.conf") << conf;

  child_process::options o;
  o.program = HUIWU_NGINX_BIN;
  o.args = {"-p", dir_.string(),
            "-c", (dir_ / "nginx.conf").string(),
            "-e", (dir_ / "error.log").string()};
  o.log_file = (dir_ / "stderr.log").string();
  proc_ = std::make_unique<child_process>(std::move(o));
  proc_->start();
  if (!wait_for_tcp_port(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("nginx did not start: " + error_log_tail() +
                             read_file(dir_ / "stderr.log"));
  }
}

nginx_process::~nginx_process() {
  proc_->stop(std::chrono::seconds(5));
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string nginx_process::error_log_tail() const {
  auto s = read_file(dir_ / "error.log");
  return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
}

}  // namespace huiwu::test
