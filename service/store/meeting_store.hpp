#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "domain/resume_rules.hpp"
#include "huiwu.pb.h"
#include "redis/connection.hpp"
#include "store/keys.hpp"

namespace huiwu::store {

// Errors of the storage layer beyond the connection's own (redis::errc::not_connected,
// redis::errc::outcome_unknown), which pass through unchanged.
enum class errc {
  script_failed = 1,  // Redis answered with an error (OOM, a bug in a script, ...)
  corrupt,            // stored bytes that do not parse; never expected
};
const std::error_category& store_category();
std::error_code make_error_code(errc e);

// A meeting as read from Redis: the state (snapshot plus the log after it, applied), its
// epoch, and the last sequence number applied for each client.
struct loaded_meeting {
  v1::Meeting state;
  std::string epoch;
  std::vector<v1::Event> tail;  // the events applied on top of the snapshot, oldest first
  // Parallel to `tail`: what each event replaced that decides access, taken while the tail
  // is applied, so that a resume after a restart is answered as exactly as before it.
  std::vector<domain::access_note> tail_notes;
  std::unordered_map<std::string, std::uint64_t> last_seq;
};

enum class append_status {
  ok,         // appended as `version`
  duplicate,  // this client_seq was applied before, at `version`
  moved,      // another writer appended first; the log is at `version`
  epoch,      // the caller's epoch is stale (the log was rewound and re-stamped)
  rewound,    // the caller was ahead of the log: Redis lost writes; new epoch stamped
  missing,    // the meeting does not exist (any more)
  number,     // the 纪要 counter is not at counter_value - 1; `version` holds what it is
};

struct append_result {
  append_status status = append_status::missing;
  std::uint64_t version = 0;
  std::string epoch;
};

struct append_request {
  std::uint64_t expected_version = 0;  // the version the caller's state is at
  std::string epoch;
  std::string client_id;
  std::uint64_t client_seq = 0;
  std::string event;        // serialized v1::Event with version expected_version + 1
  std::string snapshot;     // serialized v1::Meeting after the event, or empty
  std::string summary;      // serialized v1::MeetingSummary after the event, or empty
  std::string fresh_epoch;  // stamped if the log turns out to be rewound
  // Follow-up board records written with the event (store/keys.hpp): member
  // "<meeting>/<decision>", serialized DecisionRecord, next reminder (unix ms, 0 = none).
  struct decision_index_entry {
    std::string member, record;
    std::int64_t due_at_ms = 0;
  };
  std::vector<decision_index_entry> decisions;
  bool index_decisions = false;  // true: write `decisions` and tell the follow-up channel
  // 印发: the issue number the event takes (keys.hpp jiyao_counter_key); 0 = none. The
  // script appends only if the counter still holds counter_value - 1, and sets it.
  std::string counter_key;
  std::int64_t counter_value = 0;
};

// Group commit: events decided one after another on the same state, appended as the
// versions after expected_version in one script call (one fsync), or none of them. No
// snapshot, summary or issue number (append_request has them). An entry's board records go
// where a single append puts them: the meeting's own board and `pending`, copied across
// meetings by the second step after the call (decision 0037).
struct append_batch_request {
  std::uint64_t expected_version = 0;
  std::string epoch;
  std::string fresh_epoch;
  struct entry {
    std::string client_id;
    std::uint64_t client_seq = 0;
    std::string event;  // serialized v1::Event with the next version
    std::vector<append_request::decision_index_entry> decisions;  // board records, or none
  };
  std::vector<entry> entries;
};

enum class create_status { created, exists, collision };

// The accounts a meeting's summary lets see it (creator, linked attendees), and the
// accounts a decision names (lead, supervisor, co-operators): what the board indexes by.
std::vector<std::string> readers_of(const v1::MeetingSummary& s);
std::vector<std::string> named_on(const v1::Decision& d);

struct trim_result {
  std::uint64_t removed = 0;  // events dropped from the log
  std::uint64_t before = 0;   // the version the log now starts at, at most snap_version + 1
};

// The meeting store speaks to Redis through one connection. It owns the key layout and
// the scripts; it holds no state of its own. Callbacks run on the connection's strand:
// callers post back to their own.
class meeting_store : public std::enable_shared_from_this<meeting_store> {
 public:
  using latency_observer = std::function<void(std::chrono::nanoseconds)>;

  meeting_store(std::shared_ptr<redis::connection> conn, latency_observer observe = {});

  void create(const v1::Meeting& meeting, const std::string& epoch, const std::string& client_id,
              std::uint64_t client_seq,
              std::function<void(std::error_code, create_status, std::string epoch)> cb);

  // nullopt: no such meeting.
  void load(const std::string& id,
            std::function<void(std::error_code, std::optional<loaded_meeting>)> cb);

  void append(const std::string& id, const append_request& req,
              std::function<void(std::error_code, append_result)> cb);

  // ok: all appended, `version` the last one's; anything else: nothing written.
  void append_batch(const std::string& id, const append_batch_request& req,
                    std::function<void(std::error_code, append_result)> cb);

  // Events after `from_version`, at most `max` of them, with the log's version and epoch.
  // `found` is false when the meeting does not exist.
  struct since_result {
    bool found = false;
    std::uint64_t version = 0;
    std::string epoch;
    std::vector<v1::Event> events;
  };
  void read_since(const std::string& id, std::uint64_t from_version, std::size_t max,
                  std::function<void(std::error_code, since_result)> cb);

  void list(bool include_archived,
            std::function<void(std::error_code, std::vector<v1::MeetingSummary>)> cb);

  // Drops the events below `before`, never one the latest snapshot lacks, so the meeting
  // still loads. nullopt: no such meeting.
  void trim(const std::string& id, std::uint64_t before,
            std::function<void(std::error_code, std::optional<trim_result>)> cb);

  // The last 纪要 issue number taken under `key` (keys.hpp jiyao_counter_key); 0 = none.
  void read_counter(const std::string& key, std::function<void(std::error_code, std::int64_t)> cb);

  // PUBLISH, fire and forget.
  void publish(const std::string& channel, std::string payload);
  // A caret for the other instances holding the meeting (meeting_keys::presence_channel).
  void publish_presence(const std::string& id, std::string payload);

  // Answers whether Redis replies to PING.
  void ping(std::function<void(std::error_code)> cb);

  const std::shared_ptr<redis::connection>& connection() const { return conn_; }

  // For the store's own query classes (followup_store), never for callers above store/:
  // EVALSHA, falling back to EVAL when the script cache is empty (NOSCRIPT); and one
  // command, its latency observed.
  void eval(const struct script& s, std::vector<std::string> keys, std::vector<std::string> argv,
            std::function<void(std::error_code, redis::reply)> cb);
  void timed(std::vector<std::string> args, std::function<void(std::error_code, redis::reply)> cb);

 private:
  // The meeting's own script and the second step, once a 纪要 number is claimed.
  void append_claimed(const std::string& id, const append_request& req,
                      std::function<void(std::error_code, append_result)> cb);

  std::shared_ptr<redis::connection> conn_;
  latency_observer observe_;
};

}  // namespace huiwu::store

template <>
struct std::is_error_code_enum<huiwu::store::errc> : std::true_type {};
