// Faults of a cluster, on loopback with real processes: Redis (AOF, fsync always), three
// huiwu-server instances and Debian's nginx in front of them (deploy/cluster-nginx.conf.in).
// Twenty typists write minutes in five meetings through nginx, each one command at a time
// as protocol.md §8 asks, re-sending what was not acknowledged after a reconnect. Then one
// instance is killed (SIGKILL) or drained (SIGTERM) mid-typing. Checked afterwards, from
// the survivors: every acknowledged keystroke batch is in the record exactly once, every
// typist reconnected through nginx and finished, and the survivors agree.
// Each typist writes in an item of its own (four per meeting), so its own copy of the text
// is exact; concurrent edits of one item are the OT tests' subject (tests/ot, minutes_test).
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <map>
#include <memory>
#include <thread>

#include "nginx_process.hpp"
#include "ot/proto_codec.hpp"
#include "ot/text_operation.hpp"
#include "server_fixture.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace {

using namespace std::chrono_literals;
constexpr int meetings = 5, per_meeting = 4, ops_each = 25;
constexpr int typists = meetings * per_meeting;

struct typist {
  std::string client_id, meeting, item;
  std::vector<std::string> acked;  // tokens whose command was acknowledged
  std::string text;                // the typist's copy of its item's minutes
  int connections = 0;
  std::vector<int> close_codes;  // close codes of links the server ended
  std::string failure;           // empty unless the typist gave up
};

std::string item_text(const v1::Meeting& m, const std::string& item) {
  for (const auto& i : m.agenda()) {
    if (i.id() == item) return i.minutes();
  }
  return "<no item " + item + ">";
}

// One typist's whole session: connect through nginx, join, type `ops_each` tokens at the end
// of its item, one command at a time; on a lost link reconnect, re-join and re-send the
// unacknowledged command unchanged (same client_seq).
void type(typist& t, std::uint16_t port, const std::string& token, std::atomic<int>& total) {
  std::unique_ptr<ws_client> c;
  std::uint64_t seq = 0, base = 0, joined_at = 0;
  struct pending_op {
    std::uint64_t seq, base;
    std::string base_text, token;
  };
  std::optional<pending_op> pending;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (static_cast<int>(t.acked.size()) < ops_each) {
    if (std::chrono::steady_clock::now() > deadline) {
      t.failure = "did not finish within 120 s";
      return;
    }
    if (!c || !c->open()) {
      if (c && c->close_reason().code != 0) t.close_codes.push_back(c->close_reason().code);
      c.reset();
      try {
        c = std::make_unique<ws_client>(port, t.client_id, token);
      } catch (const std::exception&) {
        std::this_thread::sleep_for(50ms);  // nginx refused: retry (a backoff, not a check)
        continue;
      }
      ++t.connections;
      v1::Envelope j;
      j.mutable_join()->set_meeting_id(t.meeting);
      auto r = c->reply_to(c->send(std::move(j)), 10s);
      if (!r || !r->has_joined() || !r->joined().has_snapshot()) {
        c.reset();
        continue;
      }
      joined_at = base = r->joined().version();
      t.text = item_text(r->joined().snapshot(), t.item);
    }
    if (!pending) {
      const auto tok = "[" + t.client_id + "#" + std::to_string(t.acked.size()) + "]";
      pending = pending_op{++seq, base, t.text, tok};
    }
    v1::Envelope e;
    auto* cmd = e.mutable_command();
    cmd->set_meeting_id(t.meeting);
    cmd->set_client_id(t.client_id);
    cmd->set_client_seq(pending->seq);
    auto* em = cmd->mutable_change()->mutable_edit_minutes();
    em->set_item_id(t.item);
    em->set_base_version(pending->base);
    ot::to_proto(ot::text_operation().retain(pending->base_text.size()).insert(pending->token),
                 *em->mutable_op());
    auto r = c->reply_to(c->send(std::move(e)), 15s);
    if (!r) {
      if (c->open()) c.reset();  // no answer on an open link: give it up, reconnect
      continue;                  // keep `pending`: re-sent unchanged
    }
    if (r->has_ack()) {
      t.acked.push_back(pending->token);
      t.text = pending->base_text + pending->token;
      base = std::max(r->ack().version(), joined_at);
      pending.reset();
      ++total;
      continue;
    }
    if (r->has_error() && (r->error().code() == v1::ERROR_STORAGE_UNAVAILABLE ||
                           r->error().code() == v1::ERROR_RATE_LIMITED)) {
      std::this_thread::sleep_for(50ms);  // retry with a pause, as §8 says
      continue;
    }
    t.failure = "refused: " + r->DebugString();
    return;
  }
}

class ClusterFaultTest : public ::testing::Test {
 protected:
  ClusterFaultTest() {
    for (int i = 0; i < 3; ++i) {
      servers_.push_back(std::make_unique<server_process>(
          redis_.port(), std::vector<std::string>{"--trusted-proxy", "127.0.0.1"}));
    }
    nginx_ = std::make_unique<nginx_process>(
        std::vector<std::uint16_t>{servers_[0]->port(), servers_[1]->port(), servers_[2]->port()});
    token_ = servers_[0]->token();
  }

  // Five meetings of four items, one item per typist, made on a survivor-to-be.
  void prepare() {
    ws_client admin(servers_[1]->port());
    for (int m = 0; m < meetings; ++m) {
      const auto meeting = admin.create_meeting("集群会议 " + std::to_string(m));
      admin.join(meeting.id());
      for (int k = 0; k < per_meeting; ++k) {
        auto r = admin.command(meeting.id(), add_item_change("议题 " + std::to_string(k)));
        ASSERT_TRUE(r.has_ack()) << r.DebugString();
        auto ev = admin.event(meeting.id(), r.ack().version());
        ASSERT_TRUE(ev);
        typist t;
        t.client_id = "typist-" + std::to_string(m * per_meeting + k);
        t.meeting = meeting.id();
        t.item = ev->change().add_item().item().id();
        typists_.push_back(std::move(t));
      }
    }
  }

  // Starts the typists, calls `fault` once 60 commands were acknowledged, waits for all.
  void type_through(const std::function<void()>& fault) {
    std::atomic<int> total{0};
    std::vector<std::thread> threads;
    for (auto& t : typists_) {
      threads.emplace_back([&, p = nginx_->port()] { type(t, p, token_, total); });
    }
    const bool reached = eventually([&] { return total >= 60; }, 60s);
    fault();
    for (auto& th : threads) th.join();
    ASSERT_TRUE(reached) << "the typists did not get going";
  }

  // What the record says, read from one instance directly (not through nginx).
  std::map<std::string, v1::Meeting> record(server_process& s) {
    std::map<std::string, v1::Meeting> out;
    ws_client c(s.port());
    for (const auto& t : typists_) {
      if (!out.contains(t.meeting)) out[t.meeting] = c.join(t.meeting).snapshot();
    }
    return out;
  }

  void expect_nothing_lost() {
    auto rec = record(*servers_[1]);
    auto other = record(*servers_[2]);
    int acked = 0, reconnected = 0;
    for (const auto& t : typists_) {
      EXPECT_EQ(t.failure, "") << t.client_id;
      EXPECT_EQ(static_cast<int>(t.acked.size()), ops_each) << t.client_id;
      acked += static_cast<int>(t.acked.size());
      if (t.connections > 1) ++reconnected;
      const auto text = item_text(rec[t.meeting], t.item);
      for (const auto& tok : t.acked) {
        const auto at = text.find(tok);
        EXPECT_NE(at, std::string::npos) << tok << " acknowledged, missing from the record";
        if (at != std::string::npos) {
          EXPECT_EQ(text.find(tok, at + 1), std::string::npos) << tok << " applied twice";
        }
      }
      // The typist's copy converged with the record, and the two survivors agree.
      EXPECT_EQ(t.text, text) << t.client_id;
      EXPECT_EQ(item_text(other[t.meeting], t.item), text) << t.client_id;
    }
    EXPECT_EQ(acked, typists * ops_each);
    // Round robin put some typists on the instance that went away: they came back.
    EXPECT_GE(reconnected, 1) << "no typist was on the instance that went away";
    for (const auto& [id, m] : rec) EXPECT_EQ(m.version(), other[id].version()) << id;
  }

  redis_process redis_{{"--appendonly", "yes", "--appendfsync", "always"}};
  std::vector<std::unique_ptr<server_process>> servers_;
  std::unique_ptr<nginx_process> nginx_;
  std::string token_;
  std::vector<typist> typists_;
};

TEST_F(ClusterFaultTest, KillNineOfThreeLosesNoAcknowledgedOperation) {
  prepare();
  type_through([&] { servers_[0]->kill(); });
  expect_nothing_lost();
}

TEST_F(ClusterFaultTest, DrainDuringTypingLosesNothingAndEveryClientResumesElsewhere) {
  prepare();
  std::optional<int> exit_status;
  type_through([&] {
    servers_[0]->process().terminate();
    exit_status = servers_[0]->process().wait_for(20s);
  });
  ASSERT_TRUE(exit_status) << "the drained instance did not exit";
  EXPECT_EQ(*exit_status, 0) << servers_[0]->log_tail();
  expect_nothing_lost();
  // Those on the drained instance were told to go with 1012, through nginx, and no link
  // ended any other way.
  int told = 0;
  for (const auto& t : typists_) {
    for (int code : t.close_codes) {
      EXPECT_EQ(code, 1012) << t.client_id;
      ++told;
    }
  }
  EXPECT_GE(told, 1);
}

}  // namespace
}  // namespace huiwu::test
