// Live minutes over the real server: concurrent edits converge, old bases are transformed
// from the stored log, carets are relayed across instances.
#include <cstdio>

#include "ot/proto_codec.hpp"
#include "ot/text_operation.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

v1::Change edit(const std::string& item, std::uint64_t base, const ot::text_operation& op) {
  v1::Change c;
  c.mutable_edit_minutes()->set_item_id(item);
  c.mutable_edit_minutes()->set_base_version(base);
  ot::to_proto(op, *c.mutable_edit_minutes()->mutable_op());
  return c;
}

std::string minutes_of(ws_client& c, const std::string& meeting) {
  auto s = c.join(meeting).snapshot();
  return s.agenda_size() ? s.agenda(0).minutes() : std::string();
}

class MinutesTest : public ServerTest {
 protected:
  void SetUp() override {
    meeting_ = a_->create_meeting("m");
    a_->join(meeting_.id());
    b_->join(meeting_.id());
    auto r = a_->command(meeting_.id(), add_item_change("议题一"));
    ASSERT_TRUE(r.has_ack());
    auto e = b_->event(meeting_.id(), 1);
    ASSERT_TRUE(e);
    item_ = e->change().add_item().item().id();
  }
  // A client logged in as a new account `id` called `name`, invited to the meeting.
  std::unique_ptr<ws_client> invited(const std::string& id, const std::string& name,
                                     const std::string& client_id) {
    EXPECT_EQ(create_account(redis_.port(), id, "password-" + id, "secret", false, name), 0);
    const auto token = log_in(server_.port(), id, "password-" + id);
    EXPECT_FALSE(token.empty());
    v1::Change c;
    auto* at = c.mutable_add_attendee()->mutable_attendee();
    at->set_name(name);
    at->set_account_id(id);
    at->set_role(v1::ROLE_SECRETARY);
    EXPECT_TRUE(a_->command(meeting_.id(), c).has_ack());
    return std::make_unique<ws_client>(server_.port(), client_id, token);
  }

  std::unique_ptr<ws_client> a_ = client();
  std::unique_ptr<ws_client> b_ = client();
  v1::Meeting meeting_;
  std::string item_;
};

TEST_F(MinutesTest, ConcurrentTypingConverges) {
  ASSERT_TRUE(
      a_->command(meeting_.id(), edit(item_, 1, ot::text_operation().insert("主持人：开会")))
          .has_ack());
  // Both type on version 2, unaware of each other.
  auto ra = a_->command(meeting_.id(),
                        edit(item_, 2, ot::text_operation().retain(4).insert("现在").retain(2)));
  auto rb = b_->command(meeting_.id(), edit(item_, 2, ot::text_operation().retain(6).insert("。")));
  ASSERT_TRUE(ra.has_ack()) << ra.DebugString();
  ASSERT_TRUE(rb.has_ack()) << rb.DebugString();
  // The event b receives for a's edit, and a for b's, carry the transformed operations.
  auto e4 = a_->event(meeting_.id(), 4);
  ASSERT_TRUE(e4);
  EXPECT_EQ(e4->change().edit_minutes().base_version(), 3u);
  EXPECT_EQ(minutes_of(*client(), meeting_.id()), "主持人：现在开会。");
}

TEST_F(MinutesTest, AnEditOnAnOldBaseIsTransformedFromTheStoredLog) {
  ASSERT_TRUE(
      a_->command(meeting_.id(), edit(item_, 1, ot::text_operation().insert("ab"))).has_ack());
  // More events than the room keeps in memory (1024), none touching the text's start.
  for (int i = 0; i < 1100; ++i) {
    const std::size_t len = 2 + i;
    ASSERT_TRUE(
        a_->command(meeting_.id(), edit(item_, 2 + i, ot::text_operation().retain(len).insert("x")))
            .has_ack());
  }
  // b was away since version 2 and inserts between a and b.
  auto r = b_->command(meeting_.id(),
                       edit(item_, 2, ot::text_operation().retain(1).insert("-").retain(1)));
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  const auto text = minutes_of(*client(), meeting_.id());
  EXPECT_EQ(text.substr(0, 3), "a-b");
  EXPECT_EQ(text.size(), 3u + 1100u);
}

TEST_F(MinutesTest, BadOperationsAreRefusedAndChangeNothing) {
  ASSERT_TRUE(
      a_->command(meeting_.id(), edit(item_, 1, ot::text_operation().insert("abc"))).has_ack());
  auto r = b_->command(meeting_.id(), edit(item_, 2, ot::text_operation().retain(10).insert("x")));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(r.error().field(), "op");
  b_->send_raw(
      R"({"id": 99, "command": {"meeting_id": ")" + meeting_.id() +
      R"(", "client_id": "raw", "client_seq": 1, "change": {"edit_minutes": {"item_id": ")" +
      item_ + R"(", "base_version": 2, "op": {"ops": [{"retain": 3}, {"insert": "\udc00"}]}}}}})");
  // A lone surrogate is not JSON that maps to UTF-8: the frame cannot even be read, so
  // the error may not carry the request id.
  auto bad = b_->wait_for([](const v1::Envelope& e) { return e.has_error(); });
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->error().code(), v1::ERROR_BAD_REQUEST);
  EXPECT_EQ(minutes_of(*client(), meeting_.id()), "abc");
  // Nothing was broadcast: a's own next command is answered before any event reaches a.
  const auto id = a_->send_command(meeting_.id(), add_item_change("barrier"));
  EXPECT_TRUE(a_->nothing_before_reply(
      [](const v1::Envelope& e) { return e.has_event() && e.event().version() > 2; }, id));
}

TEST_F(MinutesTest, CaretsAreRelayedAcrossInstancesAndClearedOnLeave) {
  server_process second(redis_.port());
  ws_client c(second.port(), "caret-c");
  c.join(meeting_.id());
  auto w = invited("wang", "王秘书", "caret-a");
  w->join(meeting_.id());
  // Carets carry the account's name; what a client calls itself does not matter.
  v1::Envelope hello;
  hello.mutable_hello()->set_client_id("caret-a");
  hello.mutable_hello()->set_client_name("冒名顶替");
  ASSERT_TRUE(w->call(hello).has_welcome());
  v1::Envelope p;
  p.mutable_presence()->set_meeting_id(meeting_.id());
  p.mutable_presence()->set_item_id(item_);
  p.mutable_presence()->set_anchor(0);
  p.mutable_presence()->set_head(0);
  p.mutable_presence()->set_version(2);
  p.mutable_presence()->set_typing(true);
  w->send(p);
  auto is_caret = [](const v1::Envelope& e) {
    return e.has_presence() && e.presence().item_id() != "";
  };
  auto local = b_->wait_for(is_caret);
  ASSERT_TRUE(local);
  EXPECT_EQ(local->presence().client_name(), "王秘书");
  EXPECT_EQ(local->presence().client_id(), "caret-a");
  auto remote = c.wait_for(is_caret);  // through Redis, from the other instance
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->presence().item_id(), item_);
  // Not echoed to its sender, from this instance or back through Redis: c's own caret,
  // published on the meeting's channel after w's had gone round it, is the first caret
  // w hears (pub/sub keeps a channel's order).
  v1::Envelope pc = p;
  pc.mutable_presence()->set_anchor(1);
  pc.mutable_presence()->set_head(1);
  c.send(pc);
  auto first = w->wait_for(is_caret);
  ASSERT_TRUE(first);
  EXPECT_NE(first->presence().client_id(), "caret-a");
  EXPECT_EQ(first->presence().anchor(), 1u);  // c's
  // Someone who joins later sees the caret at once, on either instance, without waiting
  // for its owner to move.
  for (auto port : {server_.port(), second.port()}) {
    ws_client late(port, "late-" + std::to_string(port));
    late.join(meeting_.id());
    auto shown = late.wait_for(
        [&](const v1::Envelope& e) { return is_caret(e) && e.presence().client_id() == "caret-a"; },
        std::chrono::seconds(2));
    ASSERT_TRUE(shown) << port;
    EXPECT_EQ(shown->presence().client_name(), "王秘书");
  }
  w.reset();  // disconnect: the caret goes away everywhere

  auto gone = c.wait_for([](const v1::Envelope& e) {
    return e.has_presence() && e.presence().item_id().empty() &&
           e.presence().client_id() == "caret-a";
  });
  EXPECT_TRUE(gone);
}

TEST_F(MinutesTest, HistoryShowsWhoChangedWhat) {
  auto li = invited("li", "李秘书", "hist-a");  // version 2
  li->join(meeting_.id());
  ASSERT_TRUE(
      li->command(meeting_.id(), edit(item_, 2, ot::text_operation().insert("记录"))).has_ack());
  v1::Envelope h;
  h.mutable_history()->set_meeting_id(meeting_.id());
  h.mutable_history()->set_from_version(1);
  h.mutable_history()->set_limit(1);
  auto page = b_->call(h);
  ASSERT_TRUE(page.has_history_page()) << page.DebugString();
  ASSERT_EQ(page.history_page().events_size(), 1);
  EXPECT_TRUE(page.history_page().events(0).change().has_add_item());
  EXPECT_EQ(page.history_page().next_version(), 2u);
  h.mutable_history()->set_from_version(3);
  page = b_->call(h);
  ASSERT_EQ(page.history_page().events_size(), 1);
  EXPECT_EQ(page.history_page().events(0).client_name(), "李秘书");
  EXPECT_EQ(page.history_page().events(0).account_id(), "li");
  EXPECT_GT(page.history_page().events(0).at_ms(), 0);
  EXPECT_EQ(page.history_page().next_version(), 0u);
}

}  // namespace
}  // namespace huiwu::test

namespace huiwu::test {
namespace {

TEST_F(MinutesTest, HistoryIsKeptUntilTrimmedByPolicyAndTrimmingIsSafe) {
  // 250 edits: the snapshot written at version 200 holds everything up to there.
  for (std::uint64_t v = 1; v < 251; ++v) {
    ASSERT_TRUE(
        a_->command(meeting_.id(),
                    edit(item_, v,
                         ot::text_operation().retain(static_cast<std::size_t>(v - 1)).insert("字")))
            .has_ack());
  }
  auto trim = [&](const std::string& before) {
    std::string cmd = std::string("'") + HUIWU_SERVER_BIN +
                      "' --redis 127.0.0.1:" + std::to_string(redis_.port()) + " --trim-history " +
                      meeting_.id() + " --before-version " + before;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[256] = {};
    std::string out = std::fgets(buf, sizeof buf, p) ? buf : "";
    EXPECT_EQ(::pclose(p), 0) << out;
    return out;
  };
  // Nothing is trimmed until asked; then never past the snapshot.
  EXPECT_EQ(trim("150"), "trimmed 149 events of meeting " + meeting_.id() + " below version 150\n");
  EXPECT_EQ(trim("999"), "trimmed 51 events of meeting " + meeting_.id() + " below version 201\n");
  v1::Envelope h;
  h.mutable_history()->set_meeting_id(meeting_.id());
  h.mutable_history()->set_from_version(1);
  auto page = b_->call(h);
  ASSERT_TRUE(page.has_history_page());
  ASSERT_GT(page.history_page().events_size(), 0);
  EXPECT_EQ(page.history_page().events(0).version(), 201u);  // starts later than asked
  // A fresh server loads the meeting from the snapshot and what follows it...
  server_.kill();
  server_.start();
  auto c = client();
  const auto text = minutes_of(*c, meeting_.id());
  EXPECT_EQ(text.size(), 250u * 3);  // 250 × "字"
  // ...and an edit based on a trimmed version is refused instead of being misplaced.
  c->join(meeting_.id());
  auto old =
      c->command(meeting_.id(), edit(item_, 100, ot::text_operation().insert("旧").retain(99)));
  ASSERT_TRUE(old.has_error()) << old.DebugString();
  EXPECT_EQ(old.error().code(), v1::ERROR_STALE_VERSION);
  EXPECT_EQ(minutes_of(*c, meeting_.id()), text);
  auto audit = http_get(server_.port(), "/api/audit?action=history_trimmed");
  EXPECT_NE(audit.body.find("149 events below version 150"), std::string::npos) << audit.body;
}

}  // namespace
}  // namespace huiwu::test

namespace huiwu::test {
namespace {

// docs/protocol.md §6.3.1: an insert that continues its writer's run goes first at a tie,
// and the flag travels in the events (JSON here), so every client transforms the same way.
TEST_F(MinutesTest, AnInsertThatContinuesItsWritersRunWinsTheTieAndTheEventSaysSo) {
  ASSERT_TRUE(
      a_->command(meeting_.id(), edit(item_, 1, ot::text_operation().insert("abc"))).has_ack());
  // b starts "X" at the end, a types on "de" there; both on version 2, b's sequenced first.
  ASSERT_TRUE(b_->command(meeting_.id(), edit(item_, 2, ot::text_operation().retain(3).insert("X")))
                  .has_ack());
  ASSERT_TRUE(
      a_->command(meeting_.id(), edit(item_, 2, ot::text_operation().retain(3).insert("de", true)))
          .has_ack());
  EXPECT_EQ(minutes_of(*client(), meeting_.id()), "abcdeX");
  const auto e4 = b_->event(meeting_.id(), 4);
  ASSERT_TRUE(e4);
  const auto& ops = e4->change().edit_minutes().op().ops();
  ASSERT_EQ(ops.size(), 3);
  EXPECT_EQ(ops[1].insert(), "de");
  EXPECT_TRUE(ops[1].continues());
  // Without the flag the same race splits the run: server order.
  ASSERT_TRUE(b_->command(meeting_.id(), edit(item_, 4, ot::text_operation().retain(6).insert("Y")))
                  .has_ack());
  ASSERT_TRUE(
      a_->command(meeting_.id(), edit(item_, 4, ot::text_operation().retain(6).insert("fg")))
          .has_ack());
  EXPECT_EQ(minutes_of(*client(), meeting_.id()), "abcdeXYfg");
  // `continues` on a retain is refused and changes nothing.
  b_->send_raw(
      R"({"id": 77, "command": {"meeting_id": ")" + meeting_.id() +
      R"(", "client_id": "raw-c", "client_seq": 1, "change": {"edit_minutes": {"item_id": ")" +
      item_ + R"(", "base_version": 6, "op": {"ops": [{"retain": 9, "continues": true}]}}}}})");
  const auto bad = b_->reply_to(77);
  ASSERT_TRUE(bad);
  ASSERT_TRUE(bad->has_error()) << bad->DebugString();
  EXPECT_EQ(bad->error().code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(bad->error().field(), "op");
  EXPECT_EQ(minutes_of(*client(), meeting_.id()), "abcdeXYfg");
}

}  // namespace
}  // namespace huiwu::test
