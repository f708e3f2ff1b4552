#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "sim_connection.hpp"

namespace huiwu::test {

using sim_clock = std::chrono::steady_clock;

// A connection through a simulated network: every frame, either way, is held for a time
// the owner draws (delay()), and moves on in order, like one TCP stream. Cutting the link
// loses whatever is held or unread on either side.
class sim_link {
 public:
  using delay_fn = std::function<std::chrono::milliseconds()>;

  sim_link(boost::asio::io_context& ioc, std::uint16_t port, delay_fn delay);
  ~sim_link();
  sim_link(const sim_link&) = delete;
  sim_link& operator=(const sim_link&) = delete;

  // The connection failed (the server went away, or refused the upgrade).
  bool dead() const { return conn_->state() == sim_connection::status::closed; }
  void send(std::string bytes, bool binary, sim_clock::time_point now);
  // Hands due outgoing frames to the socket and holds newly arrived ones.
  void pump(sim_clock::time_point now);
  // The next incoming frame whose hold is over.
  std::optional<sim_connection::frame> next(sim_clock::time_point now);
  void cut() { conn_->cut(); }
  // Open, and nothing held or unread either way.
  bool idle() const;
  std::size_t held_out() const { return out_.size(); }
  std::size_t held_in() const { return in_.size(); }

 private:
  struct held {
    sim_clock::time_point due;
    sim_connection::frame frame;
  };

  std::shared_ptr<sim_connection> conn_;
  delay_fn delay_;
  std::deque<held> out_, in_;
  sim_clock::time_point out_last_{}, in_last_{};  // due times never go back: FIFO
};

}  // namespace huiwu::test
