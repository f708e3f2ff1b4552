// The client side of ot.js's protocol as a state machine without I/O (the caller
// sends and applies what it is told). At most one operation is in flight; later
// edits are composed into one buffer, sent when the in-flight one is acknowledged.
//
//   synchronized --apply_client--> awaiting_confirm --apply_client--> awaiting_with_buffer
//        ^                               |   ^                                |
//        +----------- server_ack --------+   +---------- server_ack ----------+
//
// Transform convention (see transform.hpp): an operation from the server was
// sequenced before ours, so it is transform's first argument and wins insert ties
// unless ours continues its writer's run and it does not, exactly as the server decides
// when our operation reaches it.
//
// Reconnecting: call disconnected() when the connection drops (sends stop; edits keep
// accumulating). On the new connection, feed the operations missed since revision()
// in order: our own ones through server_ack(), the others through apply_server().
// Then reconnected() returns the in-flight operation to send again, if any.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "ot/result.hpp"
#include "ot/text_operation.hpp"

namespace huiwu::ot {

class client {
 public:
  enum class state { synchronized, awaiting_confirm, awaiting_with_buffer };

  struct outgoing {
    std::uint64_t revision;  // the server revision op applies to
    text_operation op;
  };

  explicit client(std::uint64_t revision = 0) noexcept : revision_(revision) {}

  // The user changed the local document by op. Returns the operation to send now, if
  // any. errc::base_length_mismatch if op does not apply to the local document (its
  // length is only known while something is pending).
  result<std::optional<outgoing>> apply_client(text_operation op);

  // An operation of another client, as sequenced by the server. Returns the operation
  // to apply to the local document. On error the state is unchanged.
  result<text_operation> apply_server(const text_operation& op);

  // The server sequenced our in-flight operation. Returns the buffered operation to
  // send next, if any. errc::nothing_in_flight if there was none.
  result<std::optional<outgoing>> server_ack();

  void disconnected() noexcept { connected_ = false; }
  std::optional<outgoing> reconnected();

  // Moves a position in the server's latest document (a remote caret) to the same
  // place in the local document, through what is in flight and buffered: an idle caret
  // of someone else's (assoc::follow), which our text inserted exactly there passes
  // only when it continues our run.
  std::size_t transform_index(std::size_t index) const noexcept;

  state current_state() const noexcept;
  std::uint64_t revision() const noexcept { return revision_; }
  const std::optional<text_operation>& outstanding() const noexcept { return outstanding_; }
  const std::optional<text_operation>& buffer() const noexcept { return buffer_; }

 private:
  std::optional<outgoing> send_outstanding() const;

  std::uint64_t revision_;                     // server operations known, ours included
  std::optional<text_operation> outstanding_;  // sent, not yet acknowledged
  std::optional<text_operation> buffer_;       // local edits made since, not yet sent
  bool connected_ = true;
};

}  // namespace huiwu::ot
