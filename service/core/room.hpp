#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "core/peer.hpp"
#include "core/services.hpp"
#include "domain/resume_rules.hpp"
#include "huiwu.pb.h"

namespace huiwu::core {

// The in-memory state of one meeting on this instance, and the connections joined to it.
//
// Everything runs on the room's strand, one task at a time (load, join, command,
// catch-up), so the state needs no lock and commands are decided in a total order.
// A command becomes an event only after Redis accepted it: the append script checks the
// version the room decided against, so when another instance wrote first the room reads
// what it missed, decides again, and retries. Acks and broadcasts follow the write.
class room : public std::enable_shared_from_this<room> {
 public:
  using reply_fn = std::function<void(v1::Envelope)>;

  static std::shared_ptr<room> create(boost::asio::any_io_executor ex, std::string id,
                                      services& svc);
  ~room();
  room(const room&) = delete;
  room& operator=(const room&) = delete;

  const std::string& id() const { return id_; }

  // Thread-safe entry points. `done` receives the reply envelope (id not set) on the
  // room's strand, before any event that follows it is delivered to `p`.
  void join(std::shared_ptr<peer> p, principal who, v1::Join req, reply_fn done);
  void leave(const peer* p);
  void submit(principal who, v1::Command cmd, reply_fn done);
  // A wake-up: the log reached `version` (0 = unknown, check).
  void notify(std::uint64_t version);
  // Relays a connection's caret to the others here and, through Redis, on other instances.
  void presence(const peer* from, principal who, v1::Presence p);
  // A caret relayed by another instance (serialized Presence).
  void presence_from_elsewhere(std::string bytes);
  // The stored events from `from_version` on, filtered for `who`.
  void history(principal who, std::uint64_t from_version, std::uint32_t limit, reply_fn done);
  // The live meeting as `who` may see it (domain::redact), once loaded and caught up, for
  // reads outside a connection (exports). A rejection instead when `who` may not join
  // (ERROR_FORBIDDEN), it does not exist (ERROR_NOT_FOUND) or storage fails. Called on the
  // room's strand; records nothing in the audit log (the caller does).
  using read_fn = std::function<void(std::optional<v1::Meeting>, domain::maybe_rejection)>;
  void read(principal who, read_fn done);
  // The same checks, the meeting uncut: for a caller that cuts it itself with
  // domain::redact and needs to know where the cuts are (the 纪要 marks withheld sections).
  void read_unredacted(principal who, read_fn done);

 private:
  // 印发 numbering (decision 0025): the office's counter for this year, and the number text.
  std::string issue_counter_key() const;
  void number_issue(v1::JiyaoAction& a, std::int64_t seq) const;
  // Reads the counter, numbers the issue and decides it (part of do_submit's task).
  void take_issue_number(principal who, v1::Command cmd, reply_fn done, int attempt);

  room(boost::asio::any_io_executor ex, std::string id, services& svc);

  using task = std::function<void()>;
  // A command waiting its turn, kept whole so that group commit (room_batch.cpp) can take
  // it out of the queue and decide it with the one before it.
  struct pending_command {
    principal who;
    v1::Command cmd;
    reply_fn done;
  };
  struct queued {
    task run;
    std::shared_ptr<pending_command> command;  // set for a submit() not yet started
  };
  void enqueue(task t);
  void enqueue_command(std::shared_ptr<pending_command> c, bool at_front = false);
  void run_next();
  void task_done();

  enum class phase { unloaded, ready, missing };
  void ensure_loaded(std::function<void(std::error_code)> then);
  void reload(const std::string& reason, std::function<void(std::error_code)> then);
  void catch_up(std::function<void(std::error_code)> then);

  void do_read(principal who, read_fn done, bool redacted);
  void do_join(std::shared_ptr<peer> p, principal who, v1::Join req, reply_fn done);
  void do_submit(principal who, v1::Command cmd, reply_fn done, int attempt);
  void decide_and_append(principal who, v1::Command cmd, reply_fn done, int attempt,
                         std::vector<v1::Event> since_base);
  void on_appended(principal who, v1::Command cmd, reply_fn done, int attempt,
                   std::shared_ptr<v1::Event> event, std::error_code ec, store::append_result r);

  // Group commit (room_batch.cpp, decision 0034): after `first` was decided and before it
  // is appended, the commands queued right behind it that decide cleanly on the state after
  // it join it in one append. False when there are none (append `first` alone).
  struct batched {
    std::shared_ptr<pending_command> command;
    std::shared_ptr<v1::Event> event;
  };
  bool append_with_followers(principal& who, v1::Command& cmd, reply_fn& done,
                             const std::shared_ptr<v1::Event>& first);
  std::optional<std::shared_ptr<v1::Event>> decide_follower(const v1::Meeting& spec,
                                                            const std::vector<batched>& batch,
                                                            const pending_command& c);
  void on_batch_appended(std::vector<batched> batch, std::error_code ec, store::append_result r);
  void record_accepted(const principal& who, const v1::Event& e);

  void accept(const v1::Event& e);  // apply, remember, broadcast
  void arm_check();                 // periodic look at the log while anyone listens
  void broadcast_resync(const std::string& reason);

  void deliver_presence(const peer* except, const v1::Presence& p);
  void publish_presence(const v1::Presence& p);
  // The last caret of every client in the meeting (here or elsewhere), so that someone who
  // joins sees where the others are at once, not at their next move.
  void remember_caret(const v1::Presence& p);
  void show_carets_to(const std::shared_ptr<peer>& p, const principal& who);

  struct subscriber {
    std::weak_ptr<peer> link;
    const peer* key;
    principal who;
    bool shown_presence = false;  // said where it is: say "gone" when it leaves
  };

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  std::string id_;
  services& svc_;

  phase phase_ = phase::unloaded;
  v1::Meeting state_;
  std::string epoch_;
  // The last events, oldest first, each with what it replaced that decides access, so that a
  // resume can be answered with events cut per reader (domain::resume_events).
  std::deque<domain::logged_event> tail_;
  struct applied {
    std::uint64_t seq = 0, version = 0;
  };
  std::unordered_map<std::string, applied> last_seq_;
  std::vector<subscriber> subscribers_;
  struct caret {
    v1::Presence presence;
    std::int64_t at_ms = 0;
  };
  std::unordered_map<std::string, caret> carets_;  // client_id -> its last caret

  boost::asio::steady_timer check_timer_;
  bool check_armed_ = false;

  std::deque<queued> tasks_;
  bool running_ = false;
  bool stale_ = false;  // a write's outcome is unknown: catch up before deciding
  bool catch_up_queued_ = false;
};

}  // namespace huiwu::core
