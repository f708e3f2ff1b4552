// A meeting_store (and the other stores) on one connection to a real redis-server, with
// blocking helpers for the tests of tests/store.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "redis_test_helpers.hpp"
#include "store/meeting_store.hpp"
#include "support/redis_process.hpp"

namespace huiwu::store::testing {

using namespace std::chrono_literals;

template <class T>
T wait(std::future<T> f) {
  EXPECT_EQ(f.wait_for(20s), std::future_status::ready);
  return f.get();
}

// Wraps a callback API into a future of its arguments.
template <class... A>
struct waiter {
  std::shared_ptr<std::promise<std::tuple<std::decay_t<A>...>>> p =
      std::make_shared<std::promise<std::tuple<std::decay_t<A>...>>>();
  auto cb() {
    return [p = p](A... a) { p->set_value(std::make_tuple(std::move(a)...)); };
  }
  std::tuple<std::decay_t<A>...> get() { return wait(p->get_future()); }
};

inline v1::Meeting a_meeting(const std::string& id, const std::vector<std::string>& accounts) {
  v1::Meeting m;
  m.set_id(id);
  m.set_created_by("boss");
  m.set_created_at_ms(1700000000000);
  m.mutable_info()->set_title(id);
  for (const auto& a : accounts) {
    auto* at = m.add_attendees();
    at->set_id("p-" + a);
    at->set_account_id(a);
    at->set_role(v1::ROLE_PARTICIPANT);
  }
  return m;
}

class StoreTest : public ::testing::Test {
 protected:
  explicit StoreTest(std::vector<std::string> redis_args = {}) : redis_(std::move(redis_args)) {}
  void connect() {
    conn_ = redis::connection::create(io_.executor(), redis::testing::options_for(redis_.port()));
    conn_->start();
    ASSERT_TRUE(huiwu::test::eventually([&] { return conn_->is_connected(); }));
    store_ = std::make_shared<meeting_store>(conn_);
  }
  void TearDown() override {
    if (conn_) conn_->stop();
    EXPECT_TRUE(io_.finish(10s));
  }

  create_status create(const v1::Meeting& m, std::string client = "c", std::uint64_t seq = 1) {
    waiter<std::error_code, create_status, std::string> w;
    store_->create(m, "e1", client, seq, w.cb());
    auto [ec, st, epoch] = w.get();
    EXPECT_FALSE(ec) << ec.message();
    return st;
  }
  append_result append(const std::string& id, const append_request& q) {
    waiter<std::error_code, append_result> w;
    store_->append(id, q, w.cb());
    auto [ec, r] = w.get();
    EXPECT_FALSE(ec) << ec.message();
    return r;
  }
  // A request for the next event of a meeting at `version` (epoch "e1").
  static append_request next(std::uint64_t version, std::uint64_t seq,
                             const std::string& client = "c") {
    append_request q;
    q.expected_version = version;
    q.epoch = "e1";
    q.client_id = client;
    q.client_seq = seq;
    v1::Event e;
    e.set_version(version + 1);
    q.event = e.SerializeAsString();
    q.fresh_epoch = "f" + std::to_string(version) + "x" + std::to_string(seq) + client;
    return q;
  }
  // A board record of decision `d` in `meeting`, led by `lead`, due at `due_ms` (0: none).
  static append_request::decision_index_entry record(const std::string& meeting,
                                                     const std::string& d, const std::string& lead,
                                                     std::int64_t due_ms) {
    v1::DecisionRecord r;
    r.set_meeting_id(meeting);
    r.mutable_decision()->set_id(d);
    r.mutable_decision()->set_lead_account(lead);
    return {meeting + "/" + d, r.SerializeAsString(), due_ms};
  }
  std::string cmd(const std::vector<std::string>& args) { return redis_.command(args); }

  huiwu::test::redis_process redis_;
  redis::testing::io_runner io_;
  std::shared_ptr<redis::connection> conn_;
  std::shared_ptr<meeting_store> store_;
};

}  // namespace huiwu::store::testing
