#include "app/drain.hpp"

#include <csignal>
#include <memory>

#include "base/log.hpp"

namespace huiwu::app {

namespace {
constexpr auto poll_every = std::chrono::milliseconds(20);
constexpr auto last_goodbye = std::chrono::milliseconds(300);
}  // namespace

drain::drain(boost::asio::io_context& ioc, std::vector<net::server_context*> contexts,
             std::chrono::milliseconds limit, std::function<void()> stop_accepting,
             std::function<void()> stop)
    : ioc_(ioc),
      contexts_(std::move(contexts)),
      limit_(limit),
      stop_accepting_(std::move(stop_accepting)),
      stop_(std::move(stop)),
      signals_(ioc, SIGINT, SIGTERM),
      timer_(ioc) {}

void drain::arm() {
  signals_.async_wait([this](boost::system::error_code ec, int sig) {
    if (ec) return;
    if (draining_) {
      log::warn("second signal: stopping now", {{"signal", sig}});
      return finish();
    }
    begin(sig);
    arm();
  });
}

void drain::begin(int sig) {
  draining_ = true;
  deadline_ = std::chrono::steady_clock::now() + limit_;
  std::size_t open = 0, requests = 0;
  for (auto* c : contexts_) {
    open += c->open_sessions();
    requests += c->requests_in_flight.load();
  }
  log::info("draining", {{"signal", sig},
                         {"connections", static_cast<std::int64_t>(open)},
                         {"http_requests", static_cast<std::int64_t>(requests)},
                         {"drain_ms", static_cast<std::int64_t>(limit_.count())}});
  for (auto* c : contexts_) c->draining = true;
  stop_accepting_();
  for (auto* c : contexts_) c->drain_all();
  poll();
}

void drain::poll() {
  if (done_) return;
  std::size_t open = 0, untold = 0, requests = 0;
  for (auto* c : contexts_) {
    open += c->open_sessions();
    untold += c->untold_sessions();
    requests += c->requests_in_flight.load();
  }
  // An HTTP request taken before the signal (an upload being streamed, a POST whose handler
  // runs) is finished and answered first, whatever the WebSockets do.
  if (open == 0 && requests == 0) {
    log::info("drained: every connection closed");
    return finish();
  }
  // Every client has been sent its 1012: give the close frames a moment to go out (most
  // clients answer within it and the loop above ends sooner), but do not wait for clients
  // that never answer a close.
  const auto now = std::chrono::steady_clock::now();
  if (untold == 0 && !told_at_) told_at_ = now;
  if (told_at_ && requests == 0 && now - *told_at_ >= last_goodbye) {
    log::info("drained: every connection told to go",
              {{"still_open", static_cast<std::int64_t>(open)}});
    return finish();
  }
  if (now >= deadline_) {
    log::warn("drain time is up; closing the rest",
              {{"connections", static_cast<std::int64_t>(open)},
               {"http_requests", static_cast<std::int64_t>(requests)}});
    for (auto* c : contexts_) c->close_all();
    done_ = true;
    timer_.expires_after(last_goodbye);
    timer_.async_wait([this](boost::system::error_code) { finish(); });
    return;
  }
  timer_.expires_after(poll_every);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) poll();
  });
}

void drain::finish() {
  if (stopped_) return;
  stopped_ = done_ = true;
  timer_.cancel();
  signals_.cancel();
  stop_();
}

}  // namespace huiwu::app
