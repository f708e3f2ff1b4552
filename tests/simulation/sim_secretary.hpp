#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "huiwu.pb.h"
#include "ot/client.hpp"
#include "random_source.hpp"
#include "sim_link.hpp"
#include "sim_stats.hpp"

namespace huiwu::test {

// How one simulated secretary behaves; every choice is drawn from its own seeded source.
struct sim_behaviour {
  std::chrono::milliseconds max_delay{25};     // usual hold of an outgoing or incoming frame
  unsigned stall_percent = 4;                  // sometimes a frame is held much longer...
  std::chrono::milliseconds max_stall{300};    // ...up to this
  std::chrono::milliseconds max_offline{250};  // time between a drop and the reconnect
};

// A secretary typing into one agenda item's minutes through its own WebSocket: the OT
// client of service/ot/client.hpp (one operation in flight, the rest composed into a
// buffer), a local copy of the text, and a simulated network: every outgoing frame and
// every incoming frame is held for a random time (FIFO, like TCP), and the connection can
// be cut at any moment, losing whatever was held. After a cut it reconnects, says hello,
// joins with its known version and epoch, and re-sends its unacknowledged operation with
// the SAME client_seq (either as first sent, pipelined right behind the join, or rebased
// on what the join brought), then what it typed meanwhile.
//
// Everything it checks on the way is reported with ADD_FAILURE; the test checks the end
// state.
class sim_secretary {
 public:
  sim_secretary(boost::asio::io_context& ioc, std::uint16_t port, std::string client_id,
                std::string meeting_id, std::string item_id, bool binary, std::uint64_t seed,
                sim_behaviour behaviour);

  // Moves frames whose hold has expired, notices a dead connection, reconnects when due.
  void tick(sim_clock::time_point now);
  // Types one random edit (if joined at least once).
  void type(sim_clock::time_point now);
  // Cuts the connection now; it comes back after a short while.
  void drop(sim_clock::time_point now);
  // Cuts the connection and stays away until come_back(): a laptop closed for a while.
  // Typing goes on offline, into the buffer.
  void go_away(sim_clock::time_point now);
  void come_back(sim_clock::time_point now);
  void set_port(std::uint16_t port) { port_ = port; }

  // Joined, caught up, nothing typed that the server has not sequenced, nothing held.
  bool settled() const;
  bool has_text() const { return ot_.has_value(); }
  bool away() const { return away_; }
  const std::string& text() const { return doc_; }
  std::uint64_t revision() const { return ot_ ? ot_->revision() : 0; }
  const std::string& client_id() const { return client_id_; }
  const std::string& epoch() const { return epoch_; }
  // Every client_seq this secretary gave to an operation, in order.
  const std::vector<std::uint64_t>& produced() const { return produced_; }
  const sim_stats& stats() const { return stats_; }
  bool binary() const { return binary_; }
  std::string describe() const;

 private:
  enum class phase { offline, joining, catching_up, live };
  enum class request_kind { hello, join, command, history };
  struct request {
    request_kind kind;
    std::uint64_t seq = 0;  // command
  };
  struct inflight {
    std::uint64_t seq;
    std::uint64_t base;         // the revision it was first made on
    ot::text_operation op;      // as first sent
    std::uint64_t sent_on = 0;  // the connection generation it was last sent on
  };
  struct held {
    sim_clock::time_point due;
    std::string bytes;  // outgoing: encoded envelope
    bool binary = false;
  };

  std::chrono::milliseconds delay();
  void connect(sim_clock::time_point now);
  void lose_connection(sim_clock::time_point now);
  void send(v1::Envelope e, request r, sim_clock::time_point now);
  void send_command(const inflight& f, std::uint64_t base, const ot::text_operation& op,
                    sim_clock::time_point now);
  void send_join(sim_clock::time_point now);
  void request_history(sim_clock::time_point now);

  void on_frame(const sim_connection::frame& f, sim_clock::time_point now);
  void on_reply(const v1::Envelope& e, const request& r, sim_clock::time_point now);
  void on_joined(const v1::Joined& j, sim_clock::time_point now);
  void on_history(const v1::HistoryPage& page, sim_clock::time_point now);
  // Applies a pushed or caught-up event; false when it does not continue our version.
  bool on_event(const v1::Event& e, sim_clock::time_point now);
  void finish_resume(sim_clock::time_point now);
  void start_new_inflight(const ot::client::outgoing& out, sim_clock::time_point now);

  boost::asio::io_context& ioc_;
  std::uint16_t port_;
  std::string client_id_, meeting_id_, item_id_;
  bool binary_;
  ot::testing::random_source rng_;
  sim_behaviour behaviour_;

  std::unique_ptr<sim_link> link_;  // null while offline
  std::uint64_t generation_ = 0;    // of link_
  phase phase_ = phase::offline;
  sim_clock::time_point reconnect_at_{};
  bool away_ = false;
  std::uint64_t next_request_id_ = 1;
  std::map<std::uint64_t, request> requests_;

  std::optional<ot::client> ot_;  // from the first join on
  std::string doc_;
  std::string epoch_;
  std::uint64_t seq_ = 0;
  std::optional<inflight> inflight_;
  std::optional<sim_clock::time_point> resend_at_;  // after "storage unavailable"
  std::vector<std::uint64_t> produced_;

  // Resuming through a snapshot: the stored history up to the snapshot's version, then the
  // events pushed meanwhile.
  std::uint64_t catch_up_to_ = 0;
  std::string snapshot_text_;
  std::deque<v1::Event> pushed_while_joining_;

  sim_stats stats_;
};

}  // namespace huiwu::test
