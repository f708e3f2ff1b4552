#pragma once

#include <cstdint>
#include <string>

namespace huiwu::auth {

// One line of the audit log (docs/security.md, "Audit log").
struct audit_entry {
  std::string id;  // the stream id, once stored
  std::uint64_t seq = 0;
  std::int64_t at_ms = 0;
  std::string actor;   // account id, or "-"
  std::string action;  // login, login_failed, join, view_confidential, level_changed, ...
  std::string target;  // what it was about (an account, a meeting, meeting/item)
  std::string from;    // the client's address
  std::string detail;
  std::string prev;  // the previous entry's hash ("" for the first)
  std::string hash;
};

// SHA-256 over prev and the length-prefixed fields: changing, removing or inserting an
// entry breaks every hash after it.
std::string chain_hash(const audit_entry& e);

}  // namespace huiwu::auth
