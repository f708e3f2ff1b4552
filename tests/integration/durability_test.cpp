// Nothing acknowledged is ever lost: not to a server crash, not to Redis going away.
#include "server_fixture.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace {

TEST_F(ServerTest, ServerCrashLosesNothingAcknowledged) {
  auto a = client();
  auto m = a->create_meeting("m");
  auto joined = a->join(m.id());
  std::vector<std::string> titles;
  for (int i = 0; i < 30; ++i) {
    titles.push_back("议题" + std::to_string(i));
    ASSERT_TRUE(a->command(m.id(), add_item_change(titles.back())).has_ack());
  }
  a.reset();
  server_.kill();  // SIGKILL: no chance to flush anything
  server_.start();
  auto b = client();
  auto state = b->join(m.id()).snapshot();
  ASSERT_EQ(state.agenda_size(), 30);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(state.agenda(i).title(), titles[i]);
  EXPECT_EQ(state.version(), 30u);
  // A client that held version 25 before the crash resumes with just the rest.
  auto resumed = client()->join(m.id(), 25, joined.epoch());
  ASSERT_FALSE(resumed.has_snapshot());
  EXPECT_EQ(resumed.events_size(), 5);
}

TEST_F(ServerTest, RedisCrashLosesNothingAcknowledged) {
  auto a = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(a->command(m.id(), add_item_change("x")).has_ack());
  redis_.kill();  // SIGKILL: only what the AOF had fsynced survives; appendfsync always
  redis_.start();
  // The server reconnects by itself; the meeting is intact.
  ASSERT_TRUE(eventually([&] { return a->command(m.id(), add_item_change("after")).has_ack(); },
                         std::chrono::seconds(20)));
  auto state = client()->join(m.id()).snapshot();
  EXPECT_EQ(state.agenda_size(), 21);
}

TEST_F(ServerTest, RedisDownMeansStorageUnavailableAndNothingHalfApplied) {
  auto a = client();
  auto b = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  b->join(m.id());
  ASSERT_TRUE(a->command(m.id(), add_item_change("before")).has_ack());
  ASSERT_TRUE(b->event(m.id(), 1));

  redis_.stop();
  auto r = a->command(m.id(), add_item_change("while down"));
  ASSERT_TRUE(r.has_error()) << r.DebugString();
  EXPECT_EQ(r.error().code(), v1::ERROR_STORAGE_UNAVAILABLE);
  // Nothing was broadcast: b's next event, below, is the later change's.
  EXPECT_EQ(http_get(server_.port(), "/healthz").status, 503);
  v1::Envelope ping;
  ping.mutable_ping();
  EXPECT_TRUE(a->call(ping).has_pong());  // the server itself stays up

  redis_.start();
  ASSERT_TRUE(eventually([&] { return http_get(server_.port(), "/healthz").status == 200; },
                         std::chrono::seconds(20)));
  // The refused change is retried by the client (same sequence number is fine too).
  auto ok = a->command(m.id(), add_item_change("after"));
  ASSERT_TRUE(ok.has_ack()) << ok.DebugString();
  EXPECT_EQ(ok.ack().version(), 2u);
  auto next = b->wait_for([](const v1::Envelope& x) { return x.has_event(); });
  ASSERT_TRUE(next);
  EXPECT_EQ(next->event().version(), 2u);
  EXPECT_EQ(next->event().change().add_item().item().title(), "after");
  auto state = client()->join(m.id()).snapshot();
  ASSERT_EQ(state.agenda_size(), 2);
  EXPECT_EQ(state.agenda(1).title(), "after");
}

// Redis stops answering mid-write: the server cannot know whether the append happened.
// The writer is told "storage unavailable", retries with the same sequence number once
// Redis is back, and the change exists exactly once whichever way it went.
TEST_F(ServerTest, WriteWithUnknownOutcomeIsAppliedExactlyOnce) {
  auto a = client();
  auto b = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  b->join(m.id());
  v1::Envelope e;
  auto* c = e.mutable_command();
  c->set_meeting_id(m.id());
  c->set_client_id("unsure");
  c->set_client_seq(1);
  *c->mutable_change() = add_item_change("maybe");

  redis_.pause();  // SIGSTOP: the connection stays open, nothing answers
  auto first = a->call(e);
  redis_.resume();
  ASSERT_TRUE(first.has_error()) << first.DebugString();
  EXPECT_EQ(first.error().code(), v1::ERROR_STORAGE_UNAVAILABLE);
  ASSERT_TRUE(eventually([&] { return http_get(server_.port(), "/healthz").status == 200; },
                         std::chrono::seconds(20)));
  auto retry = a->call(e);
  ASSERT_TRUE(retry.has_ack()) << retry.DebugString();
  EXPECT_EQ(retry.ack().version(), 1u);
  ASSERT_TRUE(b->event(m.id(), 1));
  auto state = client()->join(m.id()).snapshot();
  ASSERT_EQ(state.agenda_size(), 1);
  EXPECT_EQ(state.agenda(0).title(), "maybe");
  // The other client hears it once: the next event it gets is a later change's.
  ASSERT_TRUE(a->command(m.id(), add_item_change("later")).has_ack());
  auto next = b->wait_for([](const v1::Envelope& x) { return x.has_event(); });
  ASSERT_TRUE(next);
  EXPECT_EQ(next->event().version(), 2u);
  EXPECT_EQ(next->event().change().add_item().item().title(), "later");
}

// A wake-up lost on the way (here: published by hand on nobody's behalf is not needed;
// the write goes straight into Redis behind the server's back) is made up by the room's
// periodic look at the log.
TEST_F(ServerTest, RoomsNoticeWritesWithoutAWakeUp) {
  auto a = client();
  auto m = a->create_meeting("m");
  auto joined = a->join(m.id());
  // Append version 1 the way another instance would, but without PUBLISH.
  v1::Event ev;
  ev.set_meeting_id(m.id());
  ev.set_version(1);
  ev.set_client_id("elsewhere");
  ev.set_client_seq(1);
  auto* item = ev.mutable_change()->mutable_add_item()->mutable_item();
  item->set_id("i1");
  item->set_title("written behind the server's back");
  ev.mutable_change()->mutable_add_item()->set_position(0);
  const std::string key = "hw:{m:" + m.id() + "}:";
  redis_.command({"XADD", key + "log", "1-0", "e", ev.SerializeAsString()});
  redis_.command({"HSET", key + "meta", "version", "1"});
  auto got = a->event(m.id(), 1, std::chrono::seconds(15));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->change().add_item().item().title(), "written behind the server's back");
}

// A clean shutdown drains (decision 0036): the client is told to reconnect elsewhere at once.
TEST_F(ServerTest, CleanShutdownSaysServiceRestart) {
  auto a = client();
  v1::Envelope ping;
  ping.mutable_ping();
  ASSERT_TRUE(a->call(ping).has_pong());
  server_.stop();
  ASSERT_TRUE(a->wait_closed());
  EXPECT_EQ(a->close_reason().code, boost::beast::websocket::close_code::service_restart);
}

// Snapshots are taken every 100 events; a join after a restart reads the snapshot plus
// the tail and gets the same state as one that replayed everything.
TEST_F(ServerTest, SnapshotPlusTailEqualsFullHistory) {
  auto a = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  for (int i = 0; i < 150; ++i) {
    auto c = add_item_change("t" + std::to_string(i));
    c.mutable_add_item()->set_position(i % 7);
    ASSERT_TRUE(a->command(m.id(), c).has_ack());
  }
  auto before = client()->join(m.id()).snapshot();
  EXPECT_EQ(redis_.command({"HGET", "hw:{m:" + m.id() + "}:meta", "snap_version"}), "100");
  server_.kill();
  server_.start();
  auto after = client()->join(m.id()).snapshot();
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

}  // namespace
}  // namespace huiwu::test
