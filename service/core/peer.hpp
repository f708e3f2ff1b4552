#pragma once

#include <memory>
#include <string>

#include "core/frame.hpp"

namespace huiwu::core {

// Who is speaking. Accounts arrive later; until then a peer is what it said in Hello.
struct principal {
  std::string client_id;
  std::string client_name;
};

// What a room needs of a connection: somewhere to send frames. Implemented by the
// WebSocket session; tests may implement it directly. send() is thread-safe and never
// blocks: a peer that cannot keep up is cut off by its own transport.
class peer {
 public:
  virtual ~peer() = default;
  virtual void send(frame_ptr f) = 0;
};

}  // namespace huiwu::core
