// One server and three clients over a simulated network: per-direction FIFO links
// with random delays, random edits, and dropped connections (everything in flight on
// a dropped link is lost; the client resumes from its revision). The server runs the
// ot.js algorithm: an operation made at revision r is transformed against every
// operation sequenced since r. At the end every document must equal the server's.
#include <gtest/gtest.h>

#include <cstdio>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/utf8.hpp"
#include "ot/client.hpp"
#include "ot/transform.hpp"
#include "random_source.hpp"
#include "test_config.hpp"

namespace huiwu::ot::testing {
namespace {

struct op_msg {  // client -> server
  std::uint64_t revision;
  text_operation op;
};
struct hello_msg {  // client -> server, first message on a new connection
  std::uint64_t revision;
};
struct ack_msg {};   // server -> the author of an operation
struct remote_msg {  // server -> everyone else
  text_operation op;
};
struct catch_up_msg {  // server -> a client that said hello: what it missed
  std::vector<std::pair<text_operation, bool>> entries;  // (op, is it the client's own)
};
using message = std::variant<op_msg, hello_msg, ack_msg, remote_msg, catch_up_msg>;

// A FIFO link: delivery times never decrease, like one TCP connection.
struct link {
  std::deque<std::pair<std::uint64_t, message>> queue;
  std::uint64_t last = 0;
  void send(std::uint64_t now, std::uint64_t delay, message m) {
    last = std::max(last, now + delay);
    queue.emplace_back(last, std::move(m));
  }
};

struct sim_client {
  std::string doc;
  client state;
  bool online = true;           // the client's view of its connection
  bool server_attached = true;  // the server's view: false from the drop to the hello
  std::uint64_t back_online_at = 0;
  link up, down;  // up: to the server; down: from it
};

struct sim_server {
  std::string doc;
  std::vector<text_operation> history;
  std::vector<int> authors;
};

// A typical user edit: type 1-3 code points somewhere, or delete up to 3.
text_operation user_edit(random_source& rng, std::size_t len) {
  const std::size_t pos = rng.below(len + 1);
  text_operation op;
  op.retain(pos);
  if (pos < len && rng.percent(35)) {
    const std::size_t k = 1 + rng.below(std::min<std::size_t>(3, len - pos));
    op.erase(k).retain(len - pos - k);
  } else {
    const std::size_t n = 1 + rng.below(3);
    op.insert_counted(rng.text(n), n).retain(len - pos);
  }
  return op;
}

std::size_t cp_length(const std::string& s) {
  return utf8::count(s).value();
}

struct sim_stats {
  std::size_t sequenced = 0, drops = 0, acked_in_catch_up = 0, resent = 0;
};

void run_simulation(std::uint64_t seed, std::size_t steps, sim_stats& stats) {
  SCOPED_TRACE("HUIWU_OT_SEED=" + std::to_string(seed));
  random_source rng(seed);
  sim_server server;
  server.doc = rng.text(20);
  std::vector<sim_client> clients(3);
  for (auto& c : clients) c.doc = server.doc;
  auto delay = [&] { return rng.below(12); };
  std::uint64_t now = 0;  // the simulated clock

  auto deliver_to_server = [&](int id, message m) {
    sim_client& c = clients[id];
    if (auto* hello = std::get_if<hello_msg>(&m)) {
      c.server_attached = true;
      catch_up_msg cu;
      for (std::size_t r = hello->revision; r < server.history.size(); ++r) {
        cu.entries.emplace_back(server.history[r], server.authors[r] == id);
      }
      c.down.send(now, delay(), std::move(cu));
      return;
    }
    auto& [revision, op] = std::get<op_msg>(m);
    ASSERT_LE(revision, server.history.size());
    auto rebased = transform_incoming(
        std::move(op), std::span(server.history).subspan(static_cast<std::size_t>(revision)));
    ASSERT_TRUE(rebased) << rebased.error().message();
    server.doc = rebased->apply(server.doc).value();
    server.history.push_back(*rebased);
    server.authors.push_back(id);
    for (int other = 0; other < 3; ++other) {
      // A link that is down carries nothing; the client catches up after hello.
      if (!clients[other].server_attached) continue;
      message out = other == id ? message(ack_msg{}) : message(remote_msg{*rebased});
      clients[other].down.send(now, delay(), std::move(out));
    }
  };

  auto send_up = [&](sim_client& c, const std::optional<client::outgoing>& out) {
    if (out) c.up.send(now, delay(), op_msg{out->revision, out->op});
  };

  auto apply_remote = [&](sim_client& c, const text_operation& op) {
    auto local = c.state.apply_server(op);
    ASSERT_TRUE(local) << local.error().message();
    c.doc = local->apply(c.doc).value();
  };

  auto deliver_to_client = [&](sim_client& c, message m) {
    if (std::holds_alternative<ack_msg>(m)) {
      send_up(c, c.state.server_ack().value());
    } else if (auto* r = std::get_if<remote_msg>(&m)) {
      apply_remote(c, r->op);
    } else {
      for (auto& [op, own] : std::get<catch_up_msg>(m).entries) {
        if (own) {
          ++stats.acked_in_catch_up;
          ASSERT_FALSE(c.state.server_ack().value());  // offline until reconnected()
        } else {
          apply_remote(c, op);
        }
      }
      auto again = c.state.reconnected();
      stats.resent += again.has_value();
      send_up(c, again);
    }
  };

  auto pump = [&] {
    for (int id = 0; id < 3; ++id) {
      sim_client& c = clients[id];
      while (!c.up.queue.empty() && c.up.queue.front().first <= now) {
        message m = std::move(c.up.queue.front().second);
        c.up.queue.pop_front();
        deliver_to_server(id, std::move(m));
      }
      while (!c.down.queue.empty() && c.down.queue.front().first <= now) {
        message m = std::move(c.down.queue.front().second);
        c.down.queue.pop_front();
        deliver_to_client(c, std::move(m));
      }
    }
  };

  for (now = 1; now <= steps; ++now) {
    for (auto& c : clients) {
      if (!c.online && now >= c.back_online_at) {
        c.online = true;
        c.up.send(now, delay(), hello_msg{c.state.revision()});
      }
      if (c.online && rng.below(1000) < 4) {  // the link drops: all in flight is lost
        c.online = false;
        c.server_attached = false;
        c.back_online_at = now + 1 + rng.below(40);
        c.up.queue.clear();
        c.down.queue.clear();
        c.state.disconnected();
        ++stats.drops;
      }
      if (rng.percent(30)) {
        const text_operation edit = user_edit(rng, cp_length(c.doc));
        c.doc = edit.apply(c.doc).value();
        send_up(c, c.state.apply_client(edit).value());
      }
    }
    pump();
    if (::testing::Test::HasFatalFailure()) return;
  }
  // Quiesce: no more edits or drops; everyone comes back and the links drain.
  for (std::size_t guard = 0; guard < 100'000; ++guard, ++now) {
    bool busy = false;
    for (auto& c : clients) {
      if (!c.online && now >= c.back_online_at) {
        c.online = true;
        c.up.send(now, delay(), hello_msg{c.state.revision()});
      }
      busy = busy || !c.online || !c.up.queue.empty() || !c.down.queue.empty() ||
             c.state.current_state() != client::state::synchronized;
    }
    if (!busy) break;
    pump();
    if (::testing::Test::HasFatalFailure()) return;
  }
  stats.sequenced += server.history.size();
  for (auto& c : clients) {
    EXPECT_EQ(c.state.current_state(), client::state::synchronized);
    EXPECT_EQ(c.state.revision(), server.history.size());
    EXPECT_EQ(c.doc, server.doc);
  }
}

TEST(OtNetworkSim, ThreeClientsConvergeDespiteDelaysAndDrops) {
  const std::uint64_t seed = test_seed(1);
  const std::size_t runs = test_iterations(40);
  sim_stats stats;
  for (std::size_t run = 0; run < std::max<std::size_t>(runs, 1); ++run) {
    run_simulation(seed + run, 1500, stats);
    if (HasFailure()) return;
  }
  std::printf(
      "network sim: %zu operations sequenced, %zu drops, %zu acks found on "
      "catch-up, %zu resends\n",
      stats.sequenced, stats.drops, stats.acked_in_catch_up, stats.resent);
  EXPECT_GT(stats.acked_in_catch_up, 0u);  // the lost-ack path was exercised
  EXPECT_GT(stats.resent, 0u);
}

}  // namespace
}  // namespace huiwu::ot::testing
