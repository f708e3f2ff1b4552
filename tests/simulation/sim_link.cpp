#include "sim_link.hpp"

#include <algorithm>

namespace huiwu::test {

sim_link::sim_link(boost::asio::io_context& ioc, std::uint16_t port, delay_fn delay)
    : conn_(sim_connection::start(ioc, port)), delay_(std::move(delay)) {}

sim_link::~sim_link() {
  conn_->cut();
}

void sim_link::send(std::string bytes, bool binary, sim_clock::time_point now) {
  out_last_ = std::max(out_last_, now + delay_());
  out_.push_back({out_last_, {std::move(bytes), binary}});
}

void sim_link::pump(sim_clock::time_point now) {
  while (!out_.empty() && out_.front().due <= now) {
    conn_->send(std::move(out_.front().frame.bytes), out_.front().frame.binary);
    out_.pop_front();
  }
  for (auto& f : conn_->inbox()) {
    in_last_ = std::max(in_last_, now + delay_());
    in_.push_back({in_last_, std::move(f)});
  }
  conn_->inbox().clear();
}

std::optional<sim_connection::frame> sim_link::next(sim_clock::time_point now) {
  if (in_.empty() || in_.front().due > now) return std::nullopt;
  auto f = std::move(in_.front().frame);
  in_.pop_front();
  return f;
}

bool sim_link::idle() const {
  return conn_->state() == sim_connection::status::open && out_.empty() && in_.empty() &&
         conn_->inbox().empty();
}

}  // namespace huiwu::test
