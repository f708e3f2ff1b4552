#include "redis/reconnect.hpp"

namespace huiwu::redis {

using kind = reconnect::action::kind;

reconnect::actions reconnect::on(event e) {
  switch (e) {
    case event::start:
      if (state_ != state::idle && state_ != state::stopped) return {};
      backoff_.reset();
      return begin_attempt();
    case event::connect_ok:
      if (state_ != state::connecting) return {};
      state_ = state::ready;
      backoff_.reset();
      return {{kind::report_connected}};
    case event::connect_failed:
    case event::link_lost:
      // A link can drop during the handshake (a lost link while connecting is a failed
      // attempt), and an attempt's deadline can race a success: what matters is the state.
      if (state_ == state::connecting) return give_up_link(false);
      if (state_ == state::ready) return give_up_link(true);
      return {};
    case event::timer_fired:
      if (state_ != state::waiting) return {};
      return begin_attempt();
    case event::stop: {
      const auto was = state_;
      state_ = state::stopped;
      switch (was) {
        case state::idle:
        case state::stopped:
          return {};
        case state::waiting:
          return {{kind::cancel_timers}};
        case state::connecting:
          return {{kind::close_link}, {kind::cancel_timers}, {kind::fail_pending}};
        case state::ready:
          return {{kind::close_link},
                  {kind::cancel_timers},
                  {kind::fail_pending},
                  {kind::report_disconnected}};
      }
      return {};
    }
  }
  return {};
}

reconnect::actions reconnect::begin_attempt() {
  state_ = state::connecting;
  ++attempts_;
  return {{kind::start_connect}};
}

reconnect::actions reconnect::give_up_link(bool was_ready) {
  state_ = state::waiting;
  actions out{{kind::close_link}, {kind::arm_timer, backoff_.next()}, {kind::fail_pending}};
  if (was_ready) out.push_back({kind::report_disconnected});
  return out;
}

std::string_view to_string(reconnect::state s) noexcept {
  switch (s) {
    case reconnect::state::idle:
      return "idle";
    case reconnect::state::connecting:
      return "connecting";
    case reconnect::state::ready:
      return "ready";
    case reconnect::state::waiting:
      return "waiting";
    case reconnect::state::stopped:
      return "stopped";
  }
  return "?";
}

std::string_view to_string(reconnect::action::kind k) noexcept {
  switch (k) {
    case kind::start_connect:
      return "start_connect";
    case kind::close_link:
      return "close_link";
    case kind::arm_timer:
      return "arm_timer";
    case kind::cancel_timers:
      return "cancel_timers";
    case kind::fail_pending:
      return "fail_pending";
    case kind::report_connected:
      return "report_connected";
    case kind::report_disconnected:
      return "report_disconnected";
  }
  return "?";
}

}  // namespace huiwu::redis
