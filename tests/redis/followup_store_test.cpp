// The follow-up board's store against a live redis-server (docs/decisions/0018-*): the
// indexes the append and create scripts write, a board read whose cost depends on the
// reader's own meetings and not on how many others are stored, and the one-time backfill.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>

#include "domain/meeting_logic.hpp"
#include "redis_test_helpers.hpp"
#include "store/followup_store.hpp"
#include "store/keys.hpp"
#include "support/redis_process.hpp"

namespace huiwu::store {
namespace {

using namespace std::chrono_literals;
using huiwu::redis::testing::io_runner;
using huiwu::redis::testing::options_for;
using huiwu::test::eventually;
using huiwu::test::redis_process;

template <class T>
T wait(std::future<T> f) {
  EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
  return f.get();
}

class FollowupStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = redis::connection::create(io_.executor(), options_for(redis_.port()));
    conn_->start();
    ASSERT_TRUE(eventually([&] { return conn_->is_connected(); }));
    meetings_ = std::make_shared<meeting_store>(conn_, [this](auto) { ++commands_; });
  }
  void TearDown() override {
    conn_->stop();
    EXPECT_TRUE(io_.finish(10s));
  }

  // A meeting created by "boss" with the given linked attendees, and one decision led by
  // `lead`, written the way a room writes them.
  void make(const std::string& id, std::vector<std::string> attendees, const std::string& lead) {
    v1::Meeting m;
    m.set_id(id);
    m.set_created_by("boss");
    m.mutable_info()->set_title(id);
    for (const auto& a : attendees) {
      auto* at = m.add_attendees();
      at->set_id("p-" + a);
      at->set_account_id(a);
      at->set_role(v1::ROLE_PARTICIPANT);
    }
    std::promise<create_status> created;
    meetings_->create(m, "e", "c", 1, [&](std::error_code ec, create_status s, std::string) {
      EXPECT_FALSE(ec);
      created.set_value(s);
    });
    ASSERT_EQ(wait(created.get_future()), create_status::created);
    v1::DecisionRecord r;
    r.set_meeting_id(id);
    r.mutable_decision()->set_id("d1");
    r.mutable_decision()->set_lead_account(lead);
    append_request q;
    q.epoch = "e";
    q.client_id = "c";
    q.client_seq = 2;
    q.event = "event";
    q.fresh_epoch = "f";
    q.index_decisions = true;
    q.decisions.push_back({id + "/d1", r.SerializeAsString(), 0});
    ASSERT_EQ(append(id, q).status, append_status::ok);
  }

  append_result append(const std::string& id, const append_request& q) {
    std::promise<append_result> done;
    meetings_->append(id, q, [&](std::error_code ec, append_result r) {
      EXPECT_FALSE(ec);
      done.set_value(r);
    });
    return wait(done.get_future());
  }

  std::vector<std::string> board_members(const std::string& reader, long long* commands = nullptr) {
    std::promise<followup_store::board_candidates> done;
    const auto before = commands_.load();
    followup_store(meetings_).board(reader,
                                    [&](std::error_code ec, followup_store::board_candidates c) {
                                      EXPECT_FALSE(ec);
                                      done.set_value(std::move(c));
                                    });
    auto c = wait(done.get_future());
    if (commands) *commands = commands_.load() - before;
    std::vector<std::string> out;
    for (const auto& r : c.records) out.push_back(r.meeting_id() + "/" + r.decision().id());
    std::sort(out.begin(), out.end());
    return out;
  }

  redis_process redis_;
  io_runner io_;
  std::shared_ptr<redis::connection> conn_;
  std::shared_ptr<meeting_store> meetings_;
  std::atomic<long long> commands_{0};
};

TEST_F(FollowupStoreTest, CandidatesAreTheReadersMeetingsAndNamedDecisions) {
  make("m1", {"ann"}, "bob");  // ann invited, bob named
  make("m2", {"cat"}, "ann");  // ann named
  make("m3", {"cat"}, "cat");  // nothing of ann's
  EXPECT_EQ(board_members("ann"), (std::vector<std::string>{"m1/d1", "m2/d1"}));
  EXPECT_EQ(board_members("bob"), (std::vector<std::string>{"m1/d1"}));
  EXPECT_EQ(board_members("boss"), (std::vector<std::string>{"m1/d1", "m2/d1", "m3/d1"}));
  EXPECT_TRUE(board_members("nobody").empty());
}

TEST_F(FollowupStoreTest, ARemovedAttendeeStaysACandidateWithTheCurrentSummary) {
  make("m1", {"ann"}, "bob");
  // The summary rewritten without ann: the index keeps her (a superset), and the summary
  // the board hands back is the current one, by which app/ refuses her.
  v1::MeetingSummary s;
  s.set_id("m1");
  s.set_created_by("boss");
  append_request q;
  q.epoch = "e";
  q.client_id = "c";
  q.client_seq = 3;
  q.expected_version = 1;
  q.event = "event";
  q.fresh_epoch = "f";
  q.summary = s.SerializeAsString();
  ASSERT_EQ(append("m1", q).status, append_status::ok);
  std::promise<followup_store::board_candidates> done;
  followup_store(meetings_).board(
      "ann", [&](std::error_code, followup_store::board_candidates c) { done.set_value(c); });
  const auto c = wait(done.get_future());
  ASSERT_EQ(c.summaries.size(), 1u);
  EXPECT_TRUE(c.summaries[0].account_ids().empty());
  EXPECT_EQ(c.summaries[0].version(), 2u);
}

TEST_F(FollowupStoreTest, CostDependsOnTheReadersMeetingsNotOnAllMeetings) {
  make("mine1", {"ann"}, "bob");
  make("mine2", {"ann"}, "bob");
  long long few = 0, many = 0;
  const auto before = board_members("ann", &few);
  for (int i = 0; i < 200; ++i) make("other" + std::to_string(i), {"cat"}, "cat");
  EXPECT_EQ(board_members("ann", &many), before);
  EXPECT_EQ(few, 3 + 2 * 2);  // two index sets, summary and decisions per meeting, one HMGET
  EXPECT_EQ(many, few);
}

TEST_F(FollowupStoreTest, BackfillRebuildsDeletedIndexesOnceAndOnlyAdds) {
  make("m1", {"ann"}, "bob");
  make("m2", {"cat"}, "ann");
  const auto full = board_members("ann");
  for (const auto& k : {reader_keys("ann").meetings, reader_keys("ann").named,
                        meeting_keys("m1").decisions, meeting_keys("m2").decisions}) {
    redis_.command({"DEL", k});
  }
  ASSERT_TRUE(board_members("ann").empty());
  auto backfill = [&] {
    std::promise<std::pair<std::error_code, bool>> done;
    followup_store(meetings_).backfill([&](std::error_code ec, bool ran) {
      done.set_value({ec, ran});
    });
    return wait(done.get_future());
  };
  EXPECT_EQ(backfill(), (std::pair<std::error_code, bool>{{}, true}));
  EXPECT_EQ(board_members("ann"), full);
  EXPECT_EQ(redis_.command({"GET", std::string(board_indexed_key)}), "1");
  // Marked: a second run does nothing, so a deleted set stays deleted.
  redis_.command({"DEL", reader_keys("ann").named});
  EXPECT_EQ(backfill(), (std::pair<std::error_code, bool>{{}, false}));
  EXPECT_EQ(board_members("ann"), (std::vector<std::string>{"m1/d1"}));
}

}  // namespace
}  // namespace huiwu::store
