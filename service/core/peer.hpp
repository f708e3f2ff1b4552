#pragma once

#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "core/frame.hpp"
#include "domain/access_rules.hpp"

namespace huiwu::core {

// Who is speaking: the account the connection logged in as (fixed when the WebSocket was
// accepted) and the client id it chose in Hello (which scopes its command sequence).
struct principal {
  std::string client_id;
  std::string client_name;  // the account's display name
  std::string account_id;
  v1::Level clearance = v1::LEVEL_PUBLIC;
  std::string from;     // the client's address, for the audit log
  std::string session;  // SHA-256 of the session token: a logout ends this connection
  domain::viewer viewer() const { return {account_id, clearance}; }
};

// One line for the audit log (docs/security.md), written by whoever services.audit is.
struct audit_record {
  std::string actor, action, target, from, detail;
};
// Appends a record; `done` (may be empty) learns whether it was written.
using audit_fn = std::function<void(audit_record, std::function<void(std::error_code)> done)>;

// What a room needs of a connection: somewhere to send frames. Implemented by the
// WebSocket session; tests may implement it directly. send() is thread-safe and never
// blocks: a peer that cannot keep up is cut off by its own transport.
class peer {
 public:
  virtual ~peer() = default;
  virtual void send(frame_ptr f) = 0;
};

}  // namespace huiwu::core
