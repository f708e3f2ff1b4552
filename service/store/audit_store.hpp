#pragma once

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "auth/audit_entry.hpp"
#include "redis/connection.hpp"

namespace huiwu::store {

// The audit log's Redis side (docs/decisions/0012-audit-hash-chain.md; keys in keys.hpp):
// a stream of entries and the chain's head, "<seq> <hash>" of the last entry ("" before the
// first). auth::audit_log computes the chain and orders the writes; this reads and writes.
// Callbacks run on the Redis connection's strand; an error code means Redis did not answer
// (or answered with an error).
class audit_store {
 public:
  explicit audit_store(std::shared_ptr<redis::connection> conn) : conn_(std::move(conn)) {}

  void read_head(std::function<void(std::error_code, std::string head)> cb) const;

  // Appends `e` and moves the head to `new_head`, atomically, only if the head is still
  // `expected_head`; otherwise writes nothing and reports the head it found (another writer
  // moved it). written: the entry is stored.
  void append(const auth::audit_entry& e, const std::string& expected_head,
              const std::string& new_head,
              std::function<void(std::error_code, bool written, std::string head_seen)> cb) const;

  // Up to `count` entries from a cursor, with their stream ids: newest first below `before`
  // ("" = from the newest), or oldest first above `after` ("" = from the first).
  using entries_fn = std::function<void(std::error_code, std::vector<auth::audit_entry>)>;
  void newest_first(const std::string& before, std::size_t count, entries_fn cb) const;
  void oldest_first(const std::string& after, std::size_t count, entries_fn cb) const;

 private:
  std::shared_ptr<redis::connection> conn_;
};

}  // namespace huiwu::store
