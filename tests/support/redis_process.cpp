#include "support/redis_process.hpp"

#include <hiredis/hiredis.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/tcp_port.hpp"

namespace huiwu::test {
namespace {

constexpr const char* redis_server = "/usr/bin/redis-server";

struct context_deleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct reply_deleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

void flatten(const redisReply& r, std::string& out) {
  switch (r.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.append(r.str, r.len);
      break;
    case REDIS_REPLY_ERROR:
      out += "(error) ";
      out.append(r.str, r.len);
      break;
    case REDIS_REPLY_INTEGER:
      out += std::to_string(r.integer);
      break;
    case REDIS_REPLY_ARRAY:
      for (std::size_t i = 0; i < r.elements; ++i) {
        if (i != 0) out += '\n';
        flatten(*r.element[i], out);
      }
      break;
    default:
      out += "(nil)";
      break;
  }
}

std::filesystem::path make_temp_dir() {
  const auto base = std::filesystem::temp_directory_path() / "huiwu-redis-XXXXXX";
  std::string pattern = base.string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("redis_process: cannot create a temporary directory");
  }
  return pattern;
}

}  // namespace

redis_process::redis_process(std::vector<std::string> extra_args, launch when)
    : extra_args_(std::move(extra_args)), port_(free_tcp_port()), dir_(make_temp_dir()) {
  for (std::size_t i = 0; i + 1 < extra_args_.size(); ++i) {
    if (extra_args_[i] == "--requirepass") password_ = extra_args_[i + 1];
  }
  if (when == launch::now) {
    try {
      start();
    } catch (...) {  // no destructor will run: do its cleanup
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
      throw;
    }
  }
}

redis_process::~redis_process() {
  try {
    stop();
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void redis_process::start(std::chrono::milliseconds timeout) {
  if (process_ && process_->running()) throw std::runtime_error("redis_process: already running");
  child_process::options o;
  o.program = redis_server;
  // Defaults that keep a test server private and quiet; extra_args_ come last and win.
  o.args = {"--port",
            std::to_string(port_),
            "--bind",
            "127.0.0.1",
            "--dir",
            dir_.string(),
            "--logfile",
            (dir_ / "redis.log").string(),
            "--daemonize",
            "no",
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "no",
            "--enable-debug-command",
            "yes"};
  o.args.insert(o.args.end(), extra_args_.begin(), extra_args_.end());
  o.working_dir = dir_.string();
  o.log_file = (dir_ / "redis.stdout.log").string();
  process_ = std::make_unique<child_process>(std::move(o));
  process_->start();

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string last;
  for (;;) {
    if (!process_->running()) {
      throw std::runtime_error("redis_process: redis-server exited (status " +
                               std::to_string(process_->exit_status().value_or(-1)) + "); log:\n" +
                               log_tail());
    }
    try {
      last = command({"PING"}, std::chrono::milliseconds{500});
      if (last == "PONG") return;
    } catch (const std::exception& e) {
      last = e.what();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      process_->kill();
      process_->wait();
      throw std::runtime_error("redis_process: no PONG on port " + std::to_string(port_) +
                               " (last: " + last + "); log:\n" + log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
}

void redis_process::stop() {
  if (process_) process_->stop();
}

void redis_process::kill() {
  if (process_ && process_->running()) {
    process_->kill();
    process_->wait();
  }
}

void redis_process::pause() {
  if (process_) process_->signal(SIGSTOP);
}

void redis_process::resume() {
  if (process_) process_->signal(SIGCONT);
}

bool redis_process::running() {
  return process_ && process_->running();
}

std::string redis_process::log_tail(std::size_t max_bytes) const {
  std::string text;
  for (const auto& name : {"redis.stdout.log", "redis.log"}) {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text += ss.str();
  }
  return text.size() > max_bytes ? text.substr(text.size() - max_bytes) : text;
}

std::string redis_process::command(const std::vector<std::string>& args,
                                   std::chrono::milliseconds timeout) const {
  std::unique_ptr<redisContext, context_deleter> c(
      redisConnectWithTimeout("127.0.0.1", port_, to_timeval(timeout)));
  if (!c || c->err) {
    throw std::runtime_error("redis_process: connect: " +
                             std::string(c ? c->errstr : "out of memory"));
  }
  redisSetTimeout(c.get(), to_timeval(timeout));
  if (!password_.empty()) {
    std::unique_ptr<redisReply, reply_deleter> auth(static_cast<redisReply*>(
        redisCommand(c.get(), "AUTH %b", password_.data(), password_.size())));
    if (!auth || auth->type == REDIS_REPLY_ERROR) {
      throw std::runtime_error("redis_process: AUTH failed");
    }
  }
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  std::unique_ptr<redisReply, reply_deleter> r(static_cast<redisReply*>(
      redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (!r) throw std::runtime_error("redis_process: command: " + std::string(c->errstr));
  std::string out;
  flatten(*r, out);
  return out;
}

}  // namespace huiwu::test
