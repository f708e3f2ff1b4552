// The cross-meeting step (decision 0037) under a real redis-server: index work a crash
// left between a meeting's script and its second step is done by the repair on start; a
// 纪要 number's claim left by a dead issuer is settled by what its meeting holds, never
// taken twice nor skipped; data written by earlier versions is read as before.
#include <gtest/gtest.h>

#include "auth/audit_entry.hpp"
#include "domain/meeting_logic.hpp"
#include "store/audit_store.hpp"
#include "store/cross_meeting.hpp"
#include "store/keys.hpp"
#include "store/scripts.hpp"
#include "store_fixture.hpp"

namespace huiwu::store::testing {
namespace {

class CrossMeeting : public StoreTest {
 protected:
  CrossMeeting() : StoreTest({"--appendonly", "yes", "--appendfsync", "always"}) {}
  void SetUp() override { connect(); }

  // The append script called the way an issuer that already holds claim `token` on
  // `number` calls it, with no claim taken now: what a claimer that paused calls late.
  std::string raw_issue(const std::string& id, std::uint64_t version, const std::string& claim) {
    meeting_keys k(id);
    const auto q = next(version, 100 + version, "late");
    waiter<std::error_code, redis::reply> w;
    store_->eval(append_script(),
                 {k.meta, k.log, k.snap, k.dedupe, k.pending, k.board, k.decisions},
                 {std::to_string(version), "e1", q.client_id, std::to_string(q.client_seq), q.event,
                  "", "", k.channel, q.fresh_epoch, "0", "0", claim},
                 w.cb());
    auto [ec, r] = w.get();
    EXPECT_FALSE(ec);
    return r.elements.empty() ? r.str : r.elements[0].str;
  }
  std::int64_t counter(const std::string& key) {
    waiter<std::error_code, std::int64_t> w;
    store_->read_counter(key, w.cb());
    return std::get<1>(w.get());
  }
};

TEST_F(CrossMeeting, IndexWorkLeftByACrashBetweenTheStepsIsDoneByTheRepair) {
  ASSERT_EQ(create(a_meeting("m1", {"ann"})), create_status::created);
  // The second step cannot write outside the meeting's tag (an ACL, as if the instance
  // died right after the script): the event is stored and acknowledged all the same.
  ASSERT_EQ(cmd({"ACL", "SETUSER", "default", "resetkeys", "~hw:{m:*"}), "OK");
  auto q = next(0, 2);
  q.index_decisions = true;
  q.decisions = {record("m1", "d1", "dee", 1800000000000)};
  q.summary = domain::summarize(a_meeting("m1", {"ann", "bo"})).SerializeAsString();
  EXPECT_EQ(append("m1", q).status, append_status::ok);
  ASSERT_EQ(cmd({"ACL", "SETUSER", "default", "allkeys"}), "OK");
  EXPECT_EQ(cmd({"HEXISTS", "hw:decisions", "m1/d1"}), "0");
  EXPECT_EQ(cmd({"SISMEMBER", reader_keys("bo").meetings, "m1"}), "0");
  EXPECT_EQ(cmd({"HEXISTS", meeting_keys("m1").pending, "b:m1/d1"}), "1");
  EXPECT_EQ(cmd({"HEXISTS", meeting_keys("m1").pending, "r:bo"}), "1");

  waiter<std::error_code, std::size_t> w;
  repair_pending(store_, w.cb());
  auto [ec, meetings] = w.get();
  EXPECT_FALSE(ec);
  EXPECT_EQ(meetings, 1u);
  v1::DecisionRecord stored;
  ASSERT_TRUE(stored.ParseFromString(cmd({"HGET", "hw:decisions", "m1/d1"})));
  EXPECT_EQ(stored.decision().lead_account(), "dee");
  EXPECT_EQ(cmd({"ZSCORE", "hw:due", "m1/d1"}), "1800000000000");
  EXPECT_EQ(cmd({"SISMEMBER", reader_keys("bo").meetings, "m1"}), "1");
  EXPECT_EQ(cmd({"SISMEMBER", reader_keys("dee").named, "m1/d1"}), "1");
  EXPECT_EQ(cmd({"EXISTS", meeting_keys("m1").pending}), "0");
  // Done twice, it changes nothing.
  waiter<std::error_code, std::size_t> again;
  repair_pending(store_, again.cb());
  EXPECT_EQ(std::get<1>(again.get()), 0u);
}

TEST_F(CrossMeeting, ABatchLeavesEachEntrysBoardWorkAtItsOwnVersionForTheSecondStep) {
  // Group commit (decision 0034) in the one-tag layout: one script call for three events,
  // the second and third with board records. The second step cannot run (the ACL, as if the
  // instance died after the call): the events are stored, the work is left in the meeting.
  ASSERT_EQ(create(a_meeting("m1", {})), create_status::created);
  ASSERT_EQ(cmd({"ACL", "SETUSER", "default", "resetkeys", "~hw:{m:*"}), "OK");
  append_batch_request b;
  b.expected_version = 0;
  b.epoch = "e1";
  b.fresh_epoch = "fb";
  for (std::uint64_t v : {1, 2, 3}) {
    v1::Event e;
    e.set_version(v);
    b.entries.push_back({"batcher", v, e.SerializeAsString(), {}});
  }
  b.entries[1].decisions = {record("m1", "d1", "dee", 1800000000000)};
  b.entries[2].decisions = {record("m1", "d2", "eve", 0)};
  waiter<std::error_code, append_result> w;
  store_->append_batch("m1", b, w.cb());
  auto [ec, r] = w.get();
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(r.status, append_status::ok);
  EXPECT_EQ(r.version, 3u);
  ASSERT_EQ(cmd({"ACL", "SETUSER", "default", "allkeys"}), "OK");
  EXPECT_EQ(cmd({"HEXISTS", "hw:decisions", "m1/d1"}), "0");
  EXPECT_EQ(cmd({"HGET", meeting_keys("m1").pending, "b:m1/d1"}), "2");
  EXPECT_EQ(cmd({"HGET", meeting_keys("m1").pending, "b:m1/d2"}), "3");
  EXPECT_EQ(cmd({"HGET", meeting_keys("m1").pending, "n:dee\nm1/d1"}), "2");
  EXPECT_EQ(cmd({"HGET", meeting_keys("m1").board, "m1/d1"}).rfind("2 1800000000000 ", 0), 0u);

  waiter<std::error_code, std::size_t> repair;
  repair_pending(store_, repair.cb());
  EXPECT_EQ(std::get<1>(repair.get()), 1u);
  EXPECT_EQ(cmd({"ZSCORE", "hw:due", "m1/d1"}), "1800000000000");
  EXPECT_EQ(cmd({"SISMEMBER", reader_keys("dee").named, "m1/d1"}), "1");
  EXPECT_EQ(cmd({"SISMEMBER", reader_keys("eve").named, "m1/d2"}), "1");
  EXPECT_EQ(cmd({"EXISTS", meeting_keys("m1").pending}), "0");

  // With the second step reachable, the batch's call is followed by it before the answer.
  b.expected_version = 3;
  for (std::uint64_t v : {4, 5}) {
    v1::Event e;
    e.set_version(v);
    b.entries.resize(2);
    b.entries[v - 4] = {"batcher", v, e.SerializeAsString(), {}};
  }
  b.entries[1].decisions = {record("m1", "d3", "fay", 0)};
  waiter<std::error_code, append_result> w2;
  store_->append_batch("m1", b, w2.cb());
  EXPECT_EQ(std::get<1>(w2.get()).version, 5u);
  EXPECT_EQ(cmd({"SISMEMBER", reader_keys("fay").named, "m1/d3"}), "1");
  EXPECT_EQ(cmd({"EXISTS", meeting_keys("m1").pending}), "0");
}

TEST_F(CrossMeeting, ABoardCopyOvertakenByANewerOneIsCopiedAgain) {
  ASSERT_EQ(create(a_meeting("m1", {})), create_status::created);
  auto q = next(0, 2);
  q.index_decisions = true;
  q.decisions = {record("m1", "d1", "dee", 0)};
  ASSERT_EQ(append("m1", q).status, append_status::ok);
  // A slow copy of an older record lands after the newer one was copied.
  auto q2 = next(1, 3);
  q2.index_decisions = true;
  q2.decisions = {record("m1", "d1", "fay", 0)};
  ASSERT_EQ(append("m1", q2).status, append_status::ok);
  ASSERT_EQ(cmd({"HSET", "hw:decisions", "m1/d1", q.decisions[0].record}), "0");
  ASSERT_EQ(cmd({"HSET", meeting_keys("m1").pending, "b:m1/d1", "1"}), "1");
  waiter<std::error_code> w;
  run_pending(store_, "m1", w.cb());
  EXPECT_FALSE(std::get<0>(w.get()));
  v1::DecisionRecord stored;
  ASSERT_TRUE(stored.ParseFromString(cmd({"HGET", "hw:decisions", "m1/d1"})));
  EXPECT_EQ(stored.decision().lead_account(), "fay");
}

TEST_F(CrossMeeting, AClaimWhoseIssuerDiedIsVoidedAndItsLateAppendRefused) {
  const auto key = jiyao_counter_key("办公厅", 2026);
  ASSERT_EQ(create(a_meeting("m1", {})), create_status::created);
  ASSERT_EQ(create(a_meeting("m2", {}), "c2"), create_status::created);
  // m1's issuer claimed number 5 and stopped before its append.
  ASSERT_EQ(cmd({"SET", key, "4 5 m1 tokA"}), "OK");
  auto q = next(0, 2, "c2");
  q.counter_key = key;
  q.counter_value = 5;
  EXPECT_EQ(append("m2", q).status, append_status::ok);
  EXPECT_EQ(counter(key), 5);
  EXPECT_EQ(cmd({"GET", key}), "5");
  // m1's issuer wakes and appends under its old claim: refused, nothing in m1's log.
  EXPECT_EQ(raw_issue("m1", 0, "5 tokA"), "number");
  EXPECT_EQ(cmd({"XLEN", meeting_keys("m1").log}), "0");
}

TEST_F(CrossMeeting, AClaimWhoseEventIsStoredButNotSettledCountsAsTaken) {
  const auto key = jiyao_counter_key("办公厅", 2026);
  ASSERT_EQ(create(a_meeting("m1", {})), create_status::created);
  ASSERT_EQ(create(a_meeting("m2", {}), "c2"), create_status::created);
  // m1's issuer claimed 5 and appended, then died before settling the counter.
  ASSERT_EQ(cmd({"SET", key, "4 5 m1 tokB"}), "OK");
  ASSERT_EQ(raw_issue("m1", 0, "5 tokB"), "ok");
  auto q = next(0, 2, "c2");
  q.counter_key = key;
  q.counter_value = 5;  // m2 read the counter before the settle: 5 is taken
  EXPECT_EQ(append("m2", q).status, append_status::number);
  EXPECT_EQ(counter(key), 5);
  q.counter_value = 6;
  EXPECT_EQ(append("m2", q).status, append_status::ok);
  EXPECT_EQ(cmd({"GET", key}), "6");
}

TEST_F(CrossMeeting, DataOfEarlierVersionsReadsAsBefore) {
  // A counter as earlier versions wrote it (a bare number) goes on from where it was.
  const auto key = jiyao_counter_key("办公厅", 2025);
  ASSERT_EQ(cmd({"SET", key, "7"}), "OK");
  ASSERT_EQ(create(a_meeting("m1", {})), create_status::created);
  auto q = next(0, 2);
  q.counter_key = key;
  q.counter_value = 8;
  EXPECT_EQ(append("m1", q).status, append_status::ok);
  EXPECT_EQ(cmd({"GET", key}), "8");
  // An audit chain with its head under the old name: the head is found and moved to the
  // key in the stream's slot, and the chain goes on from it.
  ASSERT_NE(cmd({"XADD", "hw:audit", "*", "seq", "1", "hash", "aa", "prev", ""}), "");
  ASSERT_EQ(cmd({"SET", "hw:audit:head", "1 aa"}), "OK");
  audit_store audit(conn_);
  waiter<std::error_code, std::string> h;
  audit.read_head(h.cb());
  EXPECT_EQ(std::get<1>(h.get()), "1 aa");
  auth::audit_entry e;
  e.seq = 2;
  e.prev = "aa";
  e.hash = "bb";
  waiter<std::error_code, bool, std::string> stale;
  audit.append(e, "0 zz", "2 bb", stale.cb());
  EXPECT_EQ(std::get<2>(stale.get()), "1 aa");
  waiter<std::error_code, bool, std::string> w;
  audit.append(e, "1 aa", "2 bb", w.cb());
  EXPECT_TRUE(std::get<1>(w.get()));
  waiter<std::error_code, std::string> h2;
  audit.read_head(h2.cb());
  EXPECT_EQ(std::get<1>(h2.get()), "2 bb");
  EXPECT_EQ(cmd({"GET", "{hw:audit}:head"}), "2 bb");
}

}  // namespace
}  // namespace huiwu::store::testing
