// Pub/Sub on a connection of its own: delivery, resubscription after a restart,
// unsubscribe, the ban on regular commands while subscribed.
#include <gtest/gtest.h>

#include "redis_test_helpers.hpp"
#include "support/redis_process.hpp"

namespace huiwu::redis {
namespace {

using namespace std::chrono_literals;
using huiwu::test::eventually;
using huiwu::test::redis_process;
using testing::event_log;
using testing::io_runner;
using testing::options_for;
using testing::run;
using testing::status;

class PubSubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto o = options_for(redis_.port());
    o.backoff_max = 200ms;
    sub_ = connection::create(io_.executor(), o);
    events_ = event_log::attach(*sub_);
  }
  void TearDown() override {
    sub_->stop();
    EXPECT_TRUE(io_.finish(10s));
  }
  // PUBLISH answers how many subscribers got the message: a deterministic probe.
  std::string publish(const std::string& channel, const std::string& payload) {
    return redis_.command({"PUBLISH", channel, payload});
  }

  redis_process redis_;
  io_runner io_;
  std::shared_ptr<connection> sub_;
  std::shared_ptr<event_log> events_;
};

TEST_F(PubSubTest, ReceivesMessagesAndResubscribesAfterRestart) {
  const std::string binary_channel("ch\0bin", 6);
  const std::string payload("hello\0world\xff", 12);
  sub_->subscribe("ch:a");
  sub_->subscribe(binary_channel);
  sub_->start();
  // on_connected comes after the confirmations: publishing now must reach us.
  ASSERT_TRUE(eventually([&] { return events_->connected.load() == 1; }));
  EXPECT_EQ(publish("ch:a", payload), "1");
  EXPECT_EQ(publish(binary_channel, "b"), "1");
  EXPECT_EQ(publish("ch:other", "x"), "0");
  ASSERT_TRUE(eventually([&] { return events_->message_count() == 2; }));
  EXPECT_EQ(events_->message(0), std::make_pair(std::string("ch:a"), payload));
  EXPECT_EQ(events_->message(1), std::make_pair(binary_channel, std::string("b")));

  redis_.kill();
  ASSERT_TRUE(eventually([&] { return events_->disconnected.load() == 1; }));
  redis_.start();
  ASSERT_TRUE(eventually([&] { return events_->connected.load() == 2; }));
  EXPECT_EQ(publish("ch:a", "after"), "1");
  EXPECT_EQ(publish(binary_channel, "after"), "1");
  ASSERT_TRUE(eventually([&] { return events_->message_count() == 4; }));
  EXPECT_EQ(events_->message(2), std::make_pair(std::string("ch:a"), std::string("after")));
}

TEST_F(PubSubTest, SubscribeAndUnsubscribeWhileConnected) {
  sub_->start();  // no channel yet: the handshake is a PING
  ASSERT_TRUE(eventually([&] { return sub_->is_connected(); }));
  sub_->subscribe("late");
  sub_->subscribe("other");
  ASSERT_TRUE(eventually([&] { return publish("late", "1") == "1"; }));
  ASSERT_TRUE(eventually([&] { return events_->message_count() >= 1; }));

  sub_->unsubscribe("late");
  EXPECT_TRUE(eventually([&] { return publish("late", "2") == "0"; }));
  EXPECT_EQ(publish("other", "3"), "1");
  sub_->unsubscribe("never-subscribed");  // no-op
  sub_->subscribe("late");                // again
  EXPECT_TRUE(eventually([&] { return publish("late", "4") == "1"; }));
  EXPECT_TRUE(sub_->is_connected());
  EXPECT_EQ(events_->disconnected.load(), 0);
}

TEST_F(PubSubTest, SubscribedConnectionRefusesCommandsUntilUnsubscribed) {
  sub_->subscribe("c");
  sub_->start();
  ASSERT_TRUE(eventually([&] { return events_->connected.load() == 1; }));
  const auto refused = run(*sub_, {"GET", "k"});
  EXPECT_FALSE(refused.ec);
  EXPECT_TRUE(refused.value.is_error()) << refused.value;

  sub_->unsubscribe("c");
  // Once the UNSUBSCRIBE is confirmed, hiredis leaves subscribed mode and so do we.
  EXPECT_TRUE(eventually([&] { return run(*sub_, {"PING"}).value == status("PONG"); }));
  EXPECT_EQ(run(*sub_, {"SET", "k", "v"}).value, status("OK"));
  EXPECT_EQ(events_->disconnected.load(), 0);
}

TEST_F(PubSubTest, UnconfirmedSubscribeTimesOutAndIsReissuedOnReconnect) {
  auto o = options_for(redis_.port());
  o.command_timeout = 300ms;
  o.connect_timeout = 500ms;
  o.backoff_max = 200ms;
  auto sub = connection::create(io_.executor(), o);
  auto events = event_log::attach(*sub);
  sub->subscribe("first");
  sub->start();
  ASSERT_TRUE(eventually([&] { return events->connected.load() == 1; }));

  redis_.pause();
  sub->subscribe("second");  // its confirmation cannot come
  ASSERT_TRUE(eventually([&] { return events->disconnected.load() == 1; }));
  EXPECT_EQ(events->last_reason(), "command timeout");
  redis_.resume();
  ASSERT_TRUE(eventually([&] { return events->connected.load() == 2; }));
  EXPECT_EQ(publish("first", "x"), "1");
  EXPECT_EQ(publish("second", "y"), "1");
  sub->stop();
  EXPECT_TRUE(eventually([&] { return events->disconnected.load() == 2; }));
  EXPECT_EQ(events->last_reason(), "stopped");
}

}  // namespace
}  // namespace huiwu::redis
