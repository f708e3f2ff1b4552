// Commands against a live redis-server: round trips, binary safety, pipelining, replies of
// every kind, thread safety of execute(), AUTH, name resolution.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "redis_test_helpers.hpp"
#include "support/redis_process.hpp"

namespace huiwu::redis {
namespace {

using namespace std::chrono_literals;
using huiwu::test::eventually;
using huiwu::test::redis_process;
using testing::bulk;
using testing::integer;
using testing::io_runner;
using testing::options_for;
using testing::run;
using testing::status;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = connection::create(io_.executor(), options_for(redis_.port()));
    conn_->start();
    ASSERT_TRUE(eventually([&] { return conn_->is_connected(); }));
  }
  void TearDown() override {
    conn_->stop();
    EXPECT_TRUE(io_.finish(10s)) << "io_context still had work after stop()";
  }

  redis_process redis_;
  io_runner io_;
  std::shared_ptr<connection> conn_;
};

TEST_F(ConnectionTest, SetGetRoundTrip) {
  auto set = run(*conn_, {"SET", "k", "v"});
  ASSERT_FALSE(set.ec) << set.ec.message();
  EXPECT_EQ(set.value, status("OK"));
  auto get = run(*conn_, {"GET", "k"});
  ASSERT_FALSE(get.ec);
  EXPECT_EQ(get.value, bulk("v"));
  EXPECT_EQ(redis_.command({"GET", "k"}), "v");
}

TEST_F(ConnectionTest, BinaryKeysAndValuesSurviveIncludingOneMebibyte) {
  const std::string key("key\0with\r\nnul", 13);
  const std::string small("\0\0\x01\xff\r\n$3\r\n", 10);  // looks like RESP on purpose
  std::string big(1 << 20, '\0');
  std::mt19937 rng(42);
  std::generate(big.begin(), big.end(), [&] { return static_cast<char>(rng()); });

  ASSERT_EQ(run(*conn_, {"SET", key, small}).value, status("OK"));
  EXPECT_EQ(run(*conn_, {"GET", key}).value, bulk(small));
  EXPECT_EQ(run(*conn_, {"STRLEN", key}).value, integer(10));

  ASSERT_EQ(run(*conn_, {"SET", "big", big}).value, status("OK"));
  const auto got = run(*conn_, {"GET", "big"});
  ASSERT_FALSE(got.ec);
  ASSERT_EQ(got.value.type, reply::kind::string);
  EXPECT_TRUE(got.value.str == big) << "1 MiB value differs after the round trip";
  EXPECT_EQ(run(*conn_, {"STRLEN", "big"}).value, integer(1 << 20));
}

TEST_F(ConnectionTest, PipelinesTenThousandCommandsInOrder) {
  constexpr int n = 10'000;
  // Shared with the callbacks, which may outlive a test that failed early.
  struct state {
    std::mutex mutex;
    std::vector<long long> seen;
    int failures = 0;
    std::promise<void> all_done;
  };
  auto st = std::make_shared<state>();
  auto all_done = st->all_done.get_future();
  for (int i = 0; i < n; ++i) {
    conn_->execute({"RPUSH", "list", std::to_string(i)}, [st, i](std::error_code ec, reply r) {
      std::lock_guard lock(st->mutex);
      if (ec || r.type != reply::kind::integer) ++st->failures;
      st->seen.push_back(r.integer);
      if (i == n - 1) st->all_done.set_value();
    });
  }
  ASSERT_EQ(all_done.wait_for(30s), std::future_status::ready);
  std::lock_guard lock(st->mutex);
  EXPECT_EQ(st->failures, 0);
  ASSERT_EQ(st->seen.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) ASSERT_EQ(st->seen[i], i + 1) << "reply " << i << " out of order";
  EXPECT_EQ(redis_.command({"LINDEX", "list", "0"}), "0");
  EXPECT_EQ(redis_.command({"LINDEX", "list", "-1"}), std::to_string(n - 1));
}

TEST_F(ConnectionTest, ErrorReplyIsAReplyAndTheConnectionGoesOn) {
  ASSERT_EQ(run(*conn_, {"SET", "s", "text"}).value, status("OK"));
  auto r = run(*conn_, {"INCR", "s"});
  EXPECT_FALSE(r.ec);
  EXPECT_TRUE(r.value.is_error());
  EXPECT_NE(r.value.str.find("not an integer"), std::string::npos) << r.value;
  r = run(*conn_, {"NOSUCHCOMMAND", "x"});
  EXPECT_TRUE(r.value.is_error());
  EXPECT_EQ(run(*conn_, {"GET", "s"}).value, bulk("text"));
  EXPECT_TRUE(conn_->is_connected());
}

TEST_F(ConnectionTest, EvalReturnsNestedReplies) {
  const std::string arg("v\0v", 3);
  const std::string script =
      "redis.call('SET', KEYS[1], ARGV[1]); return {KEYS[1], ARGV[1], 42, {'x'}, false}";
  const auto r = run(*conn_, {"EVAL", script, "1", "hw:{m:1}:k", arg});
  ASSERT_FALSE(r.ec);
  ASSERT_EQ(r.value.type, reply::kind::array) << r.value;
  ASSERT_EQ(r.value.elements.size(), 5U) << r.value;
  EXPECT_EQ(r.value.elements[0], bulk("hw:{m:1}:k"));
  EXPECT_EQ(r.value.elements[1], bulk(arg));
  EXPECT_EQ(r.value.elements[2], integer(42));
  ASSERT_EQ(r.value.elements[3].elements.size(), 1U);
  EXPECT_EQ(r.value.elements[3].elements[0], bulk("x"));
  EXPECT_TRUE(r.value.elements[4].is_nil());  // Lua false -> nil bulk
  EXPECT_EQ(run(*conn_, {"GET", "hw:{m:1}:k"}).value, bulk(arg));

  const auto err = run(*conn_, {"EVAL", "return redis.error_reply('NOPE refused')", "0"});
  EXPECT_FALSE(err.ec);
  EXPECT_TRUE(err.value.is_error());
  EXPECT_EQ(err.value.str, "NOPE refused");
  EXPECT_TRUE(run(*conn_, {"EVAL", "return false", "0"}).value.is_nil());
  EXPECT_TRUE(run(*conn_, {"GET", "missing"}).value.is_nil());
}

TEST_F(ConnectionTest, RefusesCommandsHiredisCannotFollow) {
  for (const char* name : {"SUBSCRIBE", "psubscribe", "Unsubscribe", "MONITOR", "HELLO"}) {
    const auto r = run(*conn_, {name, "x"});
    EXPECT_FALSE(r.ec);
    EXPECT_TRUE(r.value.is_error()) << name;
  }
  EXPECT_TRUE(run(*conn_, {}).value.is_error());
  EXPECT_EQ(run(*conn_, {"PING"}).value, status("PONG"));
}

TEST_F(ConnectionTest, ExecuteFromManyThreadsAtOnce) {
  constexpr int threads = 4;
  constexpr int per_thread = 500;
  struct counts {
    std::atomic<int> ok{0};
    std::atomic<int> done{0};
  };
  auto c = std::make_shared<counts>();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([this, c, t] {
      for (int i = 0; i < per_thread; ++i) {
        conn_->execute({"INCR", "counter:" + std::to_string(t)}, [c](std::error_code ec, reply r) {
          if (!ec && r.type == reply::kind::integer) ++c->ok;
          ++c->done;
        });
      }
    });
  }
  for (auto& w : workers) w.join();
  ASSERT_TRUE(eventually([&] { return c->done.load() == threads * per_thread; }, 30s));
  EXPECT_EQ(c->ok.load(), threads * per_thread);
  for (int t = 0; t < threads; ++t) {
    EXPECT_EQ(redis_.command({"GET", "counter:" + std::to_string(t)}), std::to_string(per_thread));
  }
}

TEST(ConnectionStandalone, ExecuteBeforeStartIsNotConnectedAndNeverInline) {
  boost::asio::io_context ioc;
  auto conn = connection::create(ioc.get_executor(), options_for(1));
  bool called = false;
  std::error_code got;
  conn->execute({"PING"}, [&](std::error_code ec, reply) {
    called = true;
    got = ec;
  });
  EXPECT_FALSE(called) << "the callback ran inside execute()";
  ioc.run();
  EXPECT_TRUE(called);
  EXPECT_EQ(got, errc::not_connected);
}

TEST(ConnectionStandalone, AuthWithPasswordAndWrongPassword) {
  redis_process redis({"--requirepass", "s3cret"});
  io_runner io(2);

  auto o = options_for(redis.port());
  o.password = "s3cret";
  auto good = connection::create(io.executor(), o);
  good->start();
  ASSERT_TRUE(eventually([&] { return good->is_connected(); }));
  EXPECT_EQ(run(*good, {"SET", "a", "1"}).value, status("OK"));

  o.password = "wrong";
  auto bad = connection::create(io.executor(), o);
  auto bad_events = testing::event_log::attach(*bad);
  bad->start();
  ASSERT_TRUE(eventually([&] { return bad->attempts() >= 3; }));  // it keeps retrying
  EXPECT_FALSE(bad->is_connected());
  EXPECT_EQ(bad_events->connected.load(), 0);
  EXPECT_EQ(run(*bad, {"GET", "a"}).ec, errc::not_connected);

  auto none = connection::create(io.executor(), options_for(redis.port()));
  none->start();  // PING during the handshake gets -NOAUTH: never "connected"
  ASSERT_TRUE(eventually([&] { return none->attempts() >= 3; }));
  EXPECT_FALSE(none->is_connected());

  good->stop();
  bad->stop();
  none->stop();
  EXPECT_TRUE(io.finish(10s));
}

TEST(ConnectionStandalone, ResolvesAHostName) {
  redis_process redis;
  io_runner io;
  auto o = options_for(redis.port());
  o.host = "localhost";  // may resolve to ::1 first, where nothing listens: next address
  auto conn = connection::create(io.executor(), o);
  conn->start();
  ASSERT_TRUE(eventually([&] { return conn->is_connected(); }));
  EXPECT_EQ(run(*conn, {"PING"}).value, status("PONG"));
  conn->stop();
  EXPECT_TRUE(io.finish(10s));
}

TEST(ConnectionStandalone, DroppingTheLastReferenceWithoutStopLeavesNoWork) {
  redis_process redis;
  io_runner io;
  {
    auto conn = connection::create(io.executor(), options_for(redis.port()));
    conn->start();
    ASSERT_TRUE(eventually([&] { return conn->is_connected(); }));
    EXPECT_EQ(run(*conn, {"PING"}).value, status("PONG"));
  }
  EXPECT_TRUE(io.finish(10s));
  // Only the connection that asks is left.
  const auto clients = [&] {
    const auto list = redis.command({"CLIENT", "LIST"});
    return std::count(list.begin(), list.end(), '\n');
  };
  EXPECT_TRUE(eventually([&] { return clients() == 1; }))
      << "our connection was not closed: " << redis.command({"CLIENT", "LIST"});
}

}  // namespace
}  // namespace huiwu::redis
