#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "redis/connection.hpp"
#include "support/eventually.hpp"

namespace huiwu::redis::testing {

using namespace std::chrono_literals;

// An io_context run by `threads` background threads; tests block on the main thread.
class io_runner {
 public:
  explicit io_runner(int threads = 1) : work_(boost::asio::make_work_guard(ioc_)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~io_runner() {
    if (!threads_.empty()) finish(10s);
  }

  boost::asio::any_io_executor executor() { return ioc_.get_executor(); }

  // Drops the work guard and waits for every run() to return by itself, which only happens
  // when nothing is left in flight (the clean-shutdown check). If it does not happen within
  // `timeout`, forces the io_context to stop and returns false.
  bool finish(std::chrono::milliseconds timeout) {
    work_.reset();
    const bool clean = huiwu::test::eventually([&] { return ioc_.stopped(); }, timeout);
    if (!clean) ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    return clean;
  }

 private:
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

struct result {
  std::error_code ec;
  reply value;
};

// execute() and wait for its callback (generously).
inline result run(connection& c, std::vector<std::string> args,
                  std::chrono::milliseconds timeout = 10s) {
  auto promise = std::make_shared<std::promise<result>>();
  auto future = promise->get_future();
  c.execute(std::move(args), [promise](std::error_code ec, reply r) {
    promise->set_value({ec, std::move(r)});
  });
  if (future.wait_for(timeout) != std::future_status::ready) {
    ADD_FAILURE() << "no callback within " << timeout.count() << " ms";
    return {std::make_error_code(std::errc::timed_out), {}};
  }
  return future.get();
}

inline reply status(std::string s) {
  return {reply::kind::status, std::move(s), 0, {}};
}
inline reply bulk(std::string s) {
  return {reply::kind::string, std::move(s), 0, {}};
}
inline reply integer(long long i) {
  return {reply::kind::integer, {}, i, {}};
}

// Counts a connection's events; read from the test thread. Shared with the callbacks, so a
// test that ends early (a failed ASSERT) leaves them nothing dangling to touch.
struct event_log {
  std::atomic<int> connected{0};
  std::atomic<int> disconnected{0};
  std::mutex mutex;
  std::vector<std::string> reasons;
  std::vector<std::pair<std::string, std::string>> messages;

  static std::shared_ptr<event_log> attach(connection& c) {
    auto log = std::make_shared<event_log>();
    c.set_on_connected([log] { ++log->connected; });
    c.set_on_disconnected([log](std::string reason) {
      std::lock_guard lock(log->mutex);
      log->reasons.push_back(std::move(reason));
      ++log->disconnected;
    });
    c.set_on_message([log](const std::string& channel, const std::string& payload) {
      std::lock_guard lock(log->mutex);
      log->messages.emplace_back(channel, payload);
    });
    return log;
  }
  std::size_t message_count() {
    std::lock_guard lock(mutex);
    return messages.size();
  }
  std::pair<std::string, std::string> message(std::size_t i) {
    std::lock_guard lock(mutex);
    return messages.at(i);
  }
  std::string last_reason() {
    std::lock_guard lock(mutex);
    return reasons.empty() ? std::string() : reasons.back();
  }
};

inline options options_for(std::uint16_t port) {
  options o;
  o.port = port;
  return o;
}

}  // namespace huiwu::redis::testing
