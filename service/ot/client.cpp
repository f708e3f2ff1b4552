#include "ot/client.hpp"

#include "ot/transform.hpp"

namespace huiwu::ot {

client::state client::current_state() const noexcept {
  if (!outstanding_) return state::synchronized;
  return buffer_ ? state::awaiting_with_buffer : state::awaiting_confirm;
}

std::optional<client::outgoing> client::send_outstanding() const {
  if (!outstanding_ || !connected_) return std::nullopt;
  return outgoing{revision_, *outstanding_};
}

result<std::optional<client::outgoing>> client::apply_client(text_operation op) {
  if (!outstanding_) {
    outstanding_ = std::move(op);
    return send_outstanding();
  }
  if (!buffer_) {
    if (op.base_length() != outstanding_->target_length()) return errc::base_length_mismatch;
    buffer_ = std::move(op);
    return std::optional<outgoing>{};
  }
  auto composed = compose(*buffer_, op);
  if (!composed) return composed.error();
  buffer_ = std::move(*composed);
  return std::optional<outgoing>{};
}

result<text_operation> client::apply_server(const text_operation& op) {
  if (!outstanding_) {
    ++revision_;
    return op;
  }
  //            /\                      server op S and our outstanding O share a base;
  //         O /  \ S                   S is transform's first argument (sequenced first).
  //          /    \                    O' is what the server will make of O;
  //          \    /                    S' applies after O, on our document.
  //        S' \  / O'
  //            \/
  auto p1 = transform(op, *outstanding_);
  if (!p1) return p1.error();
  text_operation to_apply = std::move(p1->first);
  std::optional<text_operation> new_buffer;
  if (buffer_) {
    // The same again one level down: S' against our buffer B gives S'' (applied
    // locally, after B) and B' (what we send once O is acknowledged).
    auto p2 = transform(to_apply, *buffer_);
    if (!p2) return p2.error();
    to_apply = std::move(p2->first);
    new_buffer = std::move(p2->second);
  }
  outstanding_ = std::move(p1->second);
  buffer_ = std::move(new_buffer);
  ++revision_;
  return to_apply;
}

result<std::optional<client::outgoing>> client::server_ack() {
  if (!outstanding_) return errc::nothing_in_flight;
  ++revision_;
  outstanding_ = std::move(buffer_);
  buffer_.reset();
  return send_outstanding();
}

std::optional<client::outgoing> client::reconnected() {
  connected_ = true;
  return send_outstanding();
}

std::size_t client::transform_index(std::size_t index) const noexcept {
  if (outstanding_) index = ot::transform_index(*outstanding_, index, assoc::follow);
  if (buffer_) index = ot::transform_index(*buffer_, index, assoc::follow);
  return index;
}

}  // namespace huiwu::ot
