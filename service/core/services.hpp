#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "core/access_policy.hpp"
#include "core/metrics.hpp"
#include "store/meeting_store.hpp"

namespace huiwu::core {

class notifier;

// What rooms and connections share: storage, the clock, the policy, the counters. Built
// once in main() (or a test) and outliving every room and connection.
struct services {
  std::shared_ptr<store::meeting_store> store;
  core::metrics* stats = nullptr;
  core::notifier* notify = nullptr;
  access_policy policy;
  audit_fn audit;                          // empty: nothing is audited (unit tests)
  const base::clock* clock = nullptr;      // the server owns the clock (base/clock.hpp)
  std::function<std::string()> new_token;  // random, for epochs and ids
  std::string server_id;
  std::string time_zone = "Asia/Shanghai";  // the office's IANA zone, sent in the welcome
  std::uint64_t snapshot_every = 100;       // write a snapshot with every K-th event
  std::size_t tail_events = 1024;           // events kept in memory to resume joins cheaply
  // While a room has listeners it reads the log this often even without a wake-up: a
  // pub/sub message can be lost (e.g. published between a load and the SUBSCRIBE).
  std::chrono::milliseconds check_every{5000};
  // Requests one connection may send per second (a token bucket with twice that as burst);
  // past it they are refused with RATE_LIMITED. A client waiting for each reply stays under
  // it by itself; this is against floods.
  double max_requests_per_second = 1000;

  // After a change is in the log, on the instance that decided it, with the meeting after
  // it and the notice's issue count before it: what happens beyond the meeting (the inbox,
  // app/notice_routes). Empty: nothing. Runs on the room's strand; must not block.
  std::function<void(const v1::Meeting& after, const v1::Event& e, int notice_issues_before)>
      committed;
  // How the 纪要's issue numbers are counted: the office when the draft names none, and
  // 〔year〕N号 or 第N期 (HUIWU_JIYAO_ISSUER, HUIWU_JIYAO_NUMBERING).
  std::string jiyao_office;
  std::string jiyao_unit;  // HUIWU_JIYAO_UNIT: the heading's prefix when the draft names none
  bool jiyao_numbering_by_period = false;
  // Before a 纪要 is issued: checks its recipients and 分送 ids against the accounts and the
  // unit directory and resolves units to their contact accounts (app/jiyao_recipients.hpp).
  // Calls back once, on any thread, with a refusal or the action to decide. Empty: taken
  // as sent (unit tests).
  using issue_checked_fn = std::function<void(domain::maybe_rejection, v1::JiyaoAction)>;
  std::function<void(v1::JiyaoAction, issue_checked_fn)> check_issue;

  std::int64_t now_ms() const { return clock->now_ms(); }  // unix ms
};

// 16 random characters of [a-z0-9] from the OS CSPRNG (std::random_device on Linux).
std::string random_token(std::size_t length = 16);

}  // namespace huiwu::core
