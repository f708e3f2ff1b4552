#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "auth/audit_entry.hpp"
#include "redis/connection.hpp"
#include "store/audit_store.hpp"

namespace huiwu::auth {

struct audit_query {
  std::string actor, action, target;
  std::int64_t from_ms = 0, to_ms = 0;  // 0 = open
  std::string before;                   // stream id to continue below; "" = newest
  std::size_t limit = 100;
};

struct audit_page {
  std::vector<audit_entry> entries;  // newest first
  std::string next_before;           // "" when the log was read to its start
};

struct audit_verdict {
  bool ok = true;
  std::uint64_t entries = 0;
  std::uint64_t broken_at = 0;  // seq (or position) of the first bad entry
  std::string reason;
  std::string head;
};

// Appends to one hash chain that several instances extend: each append (store::audit_store)
// succeeds only if the stored head is still the one the hash was computed on; otherwise it
// takes the new head and tries again. Appends from this process are written one at a time,
// in order, on a strand of their own.
class audit_log : public std::enable_shared_from_this<audit_log> {
 public:
  audit_log(boost::asio::any_io_executor ex, std::shared_ptr<redis::connection> conn);

  // Fire and forget: kept and retried while Redis is away.
  void append(audit_entry e);
  // Written, or failed (Redis away): the caller decides what not to do without a record.
  void append(audit_entry e, std::function<void(std::error_code)> done);

  // Calls `done` once everything appended so far is written (or given up: 10 s).
  void flush(std::function<void()> done);

  void query(audit_query q, std::function<void(std::error_code, audit_page)> cb);
  void verify(std::function<void(std::error_code, audit_verdict)> cb);

 private:
  struct pending {
    audit_entry entry;
    std::function<void(std::error_code)> done;  // empty = retry until written
  };
  void enqueue(pending p);
  void pump();
  void write_front();
  void on_written(std::error_code ec, const std::string& head_seen, bool ok);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  store::audit_store store_;
  boost::asio::steady_timer retry_timer_;
  std::deque<pending> queue_;
  bool busy_ = false;
  bool head_known_ = false;
  std::string head_;  // "<seq> <hash>" or ""
};

}  // namespace huiwu::auth
