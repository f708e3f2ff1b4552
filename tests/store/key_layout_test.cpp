// The key-layout check (decision 0037): every script the store runs touches the keys of one
// hash tag, or one global key listed in store/keys.hpp. Every store operation runs against
// a real redis-server in cluster mode owning all 16384 slots, which itself refuses a script
// whose keys lie in two slots, while MONITOR records each script call's keys for the
// check, which also knows which untagged keys are allowed.
#include <gtest/gtest.h>

#include <set>

#include "auth/account.hpp"
#include "auth/audit_entry.hpp"
#include "domain/meeting_logic.hpp"
#include "monitor.hpp"
#include "store/account_store.hpp"
#include "store/audit_store.hpp"
#include "store/cross_meeting.hpp"
#include "store/followup_store.hpp"
#include "store/inbox_store.hpp"
#include "store/keys.hpp"
#include "store/scripts.hpp"
#include "store/unit_store.hpp"
#include "store_fixture.hpp"
#include "support/eventually.hpp"
#include "support/tcp_port.hpp"

namespace huiwu::store::testing {
namespace {

using huiwu::test::layout_fault;
using huiwu::test::parse_monitor_line;

class KeyLayout : public StoreTest {
 protected:
  KeyLayout()
      : StoreTest({"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                   "--cluster-port", std::to_string(huiwu::test::free_tcp_port()), "--appendonly",
                   "yes", "--appendfsync", "always"}) {}
  void SetUp() override {
    ASSERT_EQ(cmd({"CLUSTER", "ADDSLOTSRANGE", "0", "16383"}), "OK");
    ASSERT_TRUE(huiwu::test::eventually(
        [&] {
          return cmd({"CLUSTER", "INFO"}).find("cluster_state:ok") != std::string::npos;
        },
        20s));
    connect();
  }
};

TEST(KeyLayoutCheck, RefusesTwoTagsAndUnlistedGlobalsAndPassesTheLayout) {
  // The checker itself: what it must refuse, and what it must let through.
  EXPECT_NE(layout_fault({"EVALSHA", "x", "2", "hw:{m:a}:meta", "hw:{m:b}:meta"}), "");
  EXPECT_NE(layout_fault({"EVAL", "x", "2", "hw:{m:a}:meta", "hw:decisions"}), "");
  EXPECT_NE(layout_fault({"EVAL", "x", "2", "hw:due", "hw:decisions"}), "");
  EXPECT_NE(layout_fault({"EVAL", "x", "1", "hw:something:new"}), "");
  EXPECT_NE(layout_fault({"EVAL", "x", "2", "hw:{m:a}:meta", "hw:{a:a}:meetings"}), "");
  EXPECT_EQ(layout_fault({"EVAL", "x", "3", "hw:{m:a}:meta", "hw:{m:a}:log", "hw:{m:a}:x"}), "");
  EXPECT_EQ(layout_fault({"EVAL", "x", "1", "hw:jiyao:no:2026:办公厅"}), "");
  EXPECT_EQ(layout_fault({"EVAL", "x", "1", "hw:audit"}), "");
  EXPECT_EQ(layout_fault({"GET", "anything"}), "");
  // MONITOR's quoting read back: escapes and bytes.
  EXPECT_EQ(parse_monitor_line(R"(+1.5 [0 127.0.0.1:1] "SET" "a\"b" "\xe4\xbc\x9a" "x\\y")"),
            (std::vector<std::string>{"SET", "a\"b", "\xe4\xbc\x9a", "x\\y"}));
}

TEST_F(KeyLayout, RedisInClusterModeRefusesAScriptAcrossTwoSlots) {
  // What the old append did (a meeting's key beside the board): Redis itself says no.
  const auto r = cmd({"EVAL", "redis.call('SET', KEYS[1], 1) redis.call('SET', KEYS[2], 1)", "2",
                      "hw:{m:a}:meta", "hw:decisions"});
  EXPECT_NE(r.find("CROSSSLOT"), std::string::npos) << r;
}

TEST_F(KeyLayout, EveryScriptOfTheStoreStaysInOneSlot) {
  huiwu::test::monitor mon(redis_.port());

  // Meetings: create (readers), append (summary, board, reminder, 纪要 number), load,
  // read_since, trim, list.
  ASSERT_EQ(create(a_meeting("m1", {"ann", "bo"})), create_status::created);
  ASSERT_EQ(create(a_meeting("m2", {"ann"})), create_status::created);
  auto q = next(0, 2);
  q.summary = domain::summarize(a_meeting("m1", {"ann", "bo", "cy"})).SerializeAsString();
  auto snap = a_meeting("m1", {"ann"});
  snap.set_version(1);
  q.snapshot = snap.SerializeAsString();
  q.index_decisions = true;
  q.decisions = {record("m1", "d1", "dee", 1800000000000), record("m1", "d2", "eve", 0)};
  ASSERT_EQ(append("m1", q).status, append_status::ok);
  auto issue = next(1, 3);
  issue.counter_key = jiyao_counter_key("办公厅", 2026);
  issue.counter_value = 1;
  ASSERT_EQ(append("m1", issue).status, append_status::ok);
  auto rival = next(0, 1, "other");
  rival.counter_key = jiyao_counter_key("办公厅", 2026);
  rival.counter_value = 1;
  EXPECT_EQ(append("m2", rival).status, append_status::number);
  // A claim left by an issuer that died before its append: settled through its meeting.
  ASSERT_EQ(cmd({"SET", jiyao_counter_key("办公厅", 2026), "1 2 m1 gone"}), "OK");
  rival.counter_value = 2;
  EXPECT_EQ(append("m2", rival).status, append_status::ok);
  // Group commit (decision 0034): two events in one call, the second with a board record,
  // which the second step copies to the cross-meeting board after the call.
  {
    append_batch_request b;
    b.expected_version = 1;
    b.epoch = "e1";
    b.fresh_epoch = "fb";
    for (std::uint64_t v : {2, 3}) {
      v1::Event e;
      e.set_version(v);
      b.entries.push_back({"batch", v, e.SerializeAsString(), {}});
    }
    b.entries.back().decisions = {record("m2", "d9", "fay", 0)};
    waiter<std::error_code, append_result> w;
    store_->append_batch("m2", b, w.cb());
    auto [ec, r] = w.get();
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(r.status, append_status::ok);
    EXPECT_EQ(r.version, 3u);
    EXPECT_NE(cmd({"HGET", std::string(decisions_index_key), "m2/d9"}), "(nil)");
    EXPECT_EQ(cmd({"HLEN", meeting_keys("m2").pending}), "0");
  }
  {
    waiter<std::error_code, std::optional<loaded_meeting>> w;
    store_->load("m1", w.cb());
    auto [ec, m] = w.get();
    ASSERT_FALSE(ec);
    ASSERT_TRUE(m);
  }
  {
    waiter<std::error_code, meeting_store::since_result> w;
    store_->read_since("m1", 0, 10, w.cb());
    auto [ec, r] = w.get();
    EXPECT_FALSE(ec);
    EXPECT_EQ(r.events.size(), 2u);
  }
  {
    waiter<std::error_code, std::optional<trim_result>> w;
    store_->trim("m1", 1, w.cb());
    EXPECT_FALSE(std::get<0>(w.get()));
  }
  {
    waiter<std::error_code, std::vector<v1::MeetingSummary>> w;
    store_->list(true, w.cb());
    auto [ec, all] = w.get();
    EXPECT_FALSE(ec);
    EXPECT_EQ(all.size(), 2u);
  }
  {
    waiter<std::error_code, std::int64_t> w;
    store_->read_counter(jiyao_counter_key("办公厅", 2026), w.cb());
    EXPECT_EQ(std::get<1>(w.get()), 2);
  }
  // The board: a reader's candidates, what is due, a dropped reminder, the backfill, repair.
  followup_store board(store_);
  {
    waiter<std::error_code, followup_store::board_candidates> w;
    board.board("dee", w.cb());
    auto [ec, c] = w.get();
    EXPECT_FALSE(ec);
  }
  {
    waiter<std::error_code, std::vector<followup_store::due_reminder>> w;
    board.due(1900000000000, 10, w.cb());
    auto [ec, due] = w.get();
    EXPECT_FALSE(ec);
    EXPECT_EQ(due.size(), 1u);
  }
  board.drop_due("m1/d1", "1800000000000");
  {
    waiter<std::error_code, bool> w;
    board.backfill(w.cb());
    EXPECT_FALSE(std::get<0>(w.get()));
  }
  {
    waiter<std::error_code, std::size_t> w;
    repair_pending(store_, w.cb());
    EXPECT_FALSE(std::get<0>(w.get()));
  }
  // An inbox: deliver, list, read.
  inbox_store inbox(store_);
  {
    waiter<std::error_code, std::string> w;
    inbox.deliver("ann", v1::InboxEntry{}, w.cb());
    auto [ec, id] = w.get();
    ASSERT_FALSE(ec);
    waiter<std::error_code, bool> r;
    inbox.mark_read("ann", id, r.cb());
    EXPECT_TRUE(std::get<1>(r.get()));
  }
  // Accounts, throttles, the audit chain.
  account_store accounts(conn_);
  {
    auth::account a;
    a.id = "ann";
    waiter<std::error_code, bool> w;
    accounts.create_account(a, "hash", w.cb());
    EXPECT_TRUE(std::get<1>(w.get()));
    waiter<std::error_code> f;
    accounts.record_failure("ann", "127.0.0.1", 60s, f.cb());
    EXPECT_FALSE(std::get<0>(f.get()));
    waiter<std::error_code, account_store::throttle_state> t;
    accounts.read_throttle("ann", "127.0.0.1", t.cb());
    EXPECT_EQ(std::get<1>(t.get()).account_failures, 1);
  }
  audit_store audit(conn_);
  {
    auth::audit_entry e;
    e.seq = 1;
    e.hash = "h1";
    waiter<std::error_code, bool, std::string> w;
    audit.append(e, "", "1 h1", w.cb());
    EXPECT_TRUE(std::get<1>(w.get()));
    waiter<std::error_code, std::string> h;
    audit.read_head(h.cb());
    EXPECT_EQ(std::get<1>(h.get()), "1 h1");
  }

  // The unit directory's checked write (one slot with its counter); a counter left under
  // the name used before 0037 is numbered past, so no id is given twice.
  unit_store units(conn_);
  {
    ASSERT_EQ(cmd({"SET", unit_keys::legacy_seq, "7"}), "OK");
    unit u;
    u.name = "办公厅";
    waiter<std::error_code, unit_store::save_result> w;
    units.save_unit(u, w.cb());
    auto [ec, saved] = w.get();
    ASSERT_FALSE(ec);
    EXPECT_EQ(saved.id, "u8");
    u.name = "财政局";
    waiter<std::error_code, unit_store::save_result> w2;
    units.save_unit(u, w2.cb());
    EXPECT_EQ(std::get<1>(w2.get()).id, "u9");
  }

  ASSERT_EQ(cmd({"ECHO", "layout-check-end"}), "layout-check-end");
  const auto seen = mon.until({"ECHO", "layout-check-end"});
  std::size_t scripts = 0;
  std::set<std::string> shas;
  for (const auto& c : seen) {
    const auto fault = layout_fault(c);
    EXPECT_EQ(fault, "") << c[0] << " " << (c.size() > 1 ? c[1].substr(0, 60) : "");
    if (c.size() > 2 && (c[0] == "EVAL" || c[0] == "EVALSHA")) {
      ++scripts;
      shas.insert(c[0] == "EVALSHA" ? c[1] : sha1_hex(c[1]));
    }
  }
  // Every script of the meeting store ran at least once (by its hash, through EVALSHA or
  // the EVAL after NOSCRIPT), so none escaped the check.
  for (const auto* s : all_scripts()) EXPECT_TRUE(shas.count(s->sha1)) << s->text.substr(0, 80);
  EXPECT_GT(scripts, 20u);
}

}  // namespace
}  // namespace huiwu::store::testing
