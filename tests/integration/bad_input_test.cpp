// Bad input gets a clear error, changes nothing, and hurts no other client.
#include "base/utf8.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

class BadInput : public ServerTest {
 protected:
  void SetUp() override {
    meeting_ = bad_->create_meeting("m");
    bad_->join(meeting_.id());
    good_->join(meeting_.id());
    ASSERT_TRUE(good_->command(meeting_.id(), add_item_change("first")).has_ack());
    ASSERT_TRUE(bad_->event(meeting_.id(), 1));
    ASSERT_TRUE(good_->event(meeting_.id(), 1));
  }

  // The meeting is exactly as SetUp left it, and the good client still works.
  void expect_untouched() {
    auto fresh = client()->join(meeting_.id());
    EXPECT_EQ(fresh.version(), 1u);
    EXPECT_EQ(fresh.snapshot().agenda_size(), 1);
    v1::Envelope ping;
    ping.mutable_ping();
    EXPECT_TRUE(good_->call(ping).has_pong());
    // Nothing was broadcast: the good client's own next command is answered before any
    // event reaches it (an event of the bad input would have been sent before).
    const auto id = good_->send_command(meeting_.id(), add_item_change("barrier"));
    EXPECT_TRUE(good_->nothing_before_reply(
        [](const v1::Envelope& e) { return e.has_event() && e.event().version() > 1; }, id));
  }

  v1::Error error_for(const std::string& raw) {
    bad_->send_raw(raw);
    auto r = bad_->wait_for([](const v1::Envelope& e) { return e.has_error(); });
    EXPECT_TRUE(r) << "no error for " << raw;
    return r ? r->error() : v1::Error{};
  }

  v1::Error command_error(const v1::Change& c) {
    auto r = bad_->command(meeting_.id(), c);
    EXPECT_TRUE(r.has_error()) << r.DebugString();
    return r.error();
  }

  std::unique_ptr<ws_client> bad_ = client();
  std::unique_ptr<ws_client> good_ = client();
  v1::Meeting meeting_;
};

TEST_F(BadInput, MalformedJsonIsABadRequest) {
  EXPECT_EQ(error_for("{not json").code(), v1::ERROR_BAD_REQUEST);
  EXPECT_EQ(error_for("[]").code(), v1::ERROR_BAD_REQUEST);
  EXPECT_EQ(error_for("").code(), v1::ERROR_BAD_REQUEST);
  expect_untouched();
  EXPECT_TRUE(bad_->open());
}

// Found by fuzz_envelope (docs/fuzzing.md): the JSON parser's complaint quotes the frame
// around the fault cut at a byte count, here in the middle of 会, and the error carried that
// cut character to the client — not UTF-8, so not a valid string in the reply.
TEST_F(BadInput, ABadRequestAboutChineseTextIsStillText) {
  const std::string raw = "{\"id\": 3, \"hello\": {\"client_name\": \"会会会会会会会\"x}}";
  bad_->send_raw(raw);
  auto r = bad_->reply_to(3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error().code(), v1::ERROR_BAD_REQUEST);
  EXPECT_TRUE(utf8::is_valid(r->error().message())) << r->error().message();
  EXPECT_NE(r->error().message().find("not a valid request"), std::string::npos);
  expect_untouched();
  EXPECT_TRUE(bad_->open());
}

TEST_F(BadInput, UnknownFieldsAndWrongTypesAreBadRequests) {
  auto e = error_for(R"({"id": 5, "launch_missiles": {}})");
  EXPECT_EQ(e.code(), v1::ERROR_BAD_REQUEST);
  e = error_for(R"({"id": 6, "ping": {"client_time_ms": "soon"}})");
  EXPECT_EQ(e.code(), v1::ERROR_BAD_REQUEST);
  e = error_for(R"({"id": 7, "command": {"meeting_id": 12, "change": 3}})");
  EXPECT_EQ(e.code(), v1::ERROR_BAD_REQUEST);
  expect_untouched();
}

TEST_F(BadInput, ErrorRepliesCarryTheRequestIdWhenItCanBeRead) {
  bad_->send_raw(R"({"id": 77, "ping": {"client_time_ms": []}})");
  auto r = bad_->reply_to(77);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error().code(), v1::ERROR_BAD_REQUEST);
}

// A frame the JSON parser refuses as a whole (here: a lone UTF-16 surrogate in a string,
// which is not text) still has a readable id: the error carries it, so the client can match
// it to its request. An "id" that is not the top-level member's is not the request's.
TEST_F(BadInput, ErrorsCarryTheIdEvenWhenTheRestOfTheFrameCannotBeParsed) {
  const std::string m = meeting_.id();
  const std::vector<std::pair<std::string, std::uint64_t>> cases = {
      {R"({"id": 31, "hello": {"client_id": "x", "client_name": "\ud800"}})", 31},
      {R"({"hello": {"client_name": "a\udc00b", "client_id": "x"}, "id": "32"})", 32},
      {R"({"id":33,"command":{"meeting_id":")" + m +
           R"(","client_id":"c","client_seq":1,"change":{"add_item":{"item":{"title":"\ud800"}}}}})",
       33},
      {R"({"ping": {"client_time_ms": "\ud800"}, "id": 34, "tail": [1, {"x": "}"}]})", 34},
      {R"(  {"id" : 35 , "ping": {)", 35},  // cut short after the id
      {R"({"id": 18446744073709551615, "hello": {"client_name": "\ud800"}})",
       18446744073709551615ull},
      {R"({"ping": {"id": 36}, "x": "\ud800"})", 0},
      {R"({"id": 18446744073709551616, "x": "\ud800"})", 0},  // does not fit in 64 bits
      {R"({"id": -3, "x": "\ud800"})", 0},
      {R"(["id", 37, "\ud800"])", 0},
  };
  for (const auto& [raw, id] : cases) {
    SCOPED_TRACE(raw);
    bad_->send_raw(raw);
    auto r = bad_->wait_for([](const v1::Envelope& e) { return e.has_error(); });
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id(), id);
    EXPECT_EQ(r->error().code(), v1::ERROR_BAD_REQUEST);
  }
  // Nothing was applied: a fresh join finds the meeting as SetUp left it, and the others
  // (and the sender) are served as before.
  auto fresh = client()->join(m);
  EXPECT_EQ(fresh.version(), 1u);
  EXPECT_EQ(fresh.snapshot().agenda_size(), 1);
  v1::Envelope ping;
  ping.mutable_ping();
  EXPECT_TRUE(good_->call(ping).has_pong());
  EXPECT_TRUE(bad_->call(ping).has_pong());
}

// An unknown agenda item or attendee is reported at the field of the request that named it
// (docs/protocol.md §10): item_id, or item.id inside edit_item's item; attendee_id, or
// attendee.id inside edit_attendee's attendee. Nothing is applied.
TEST_F(BadInput, AnUnknownItemOrAttendeeIsReportedAtTheFieldThatNamedIt) {
  const auto item = client()->join(meeting_.id()).snapshot().agenda(0);
  std::vector<std::pair<v1::Change, std::string>> cases;
  v1::Change c;
  *c.mutable_edit_item()->mutable_item() = item;
  c.mutable_edit_item()->mutable_item()->set_id("i99");
  cases.emplace_back(c, "item.id");
  for (auto kind : {"remove_item", "move_item", "set_current", "set_item_status", "control_timer",
                    "edit_minutes"}) {
    c.Clear();
    const std::string k = kind;
    if (k == "remove_item") c.mutable_remove_item()->set_item_id("i99");
    if (k == "move_item") c.mutable_move_item()->set_item_id("i99");
    if (k == "set_current") c.mutable_set_current()->set_item_id("i99");
    if (k == "set_item_status") {
      c.mutable_set_item_status()->set_item_id("i99");
      c.mutable_set_item_status()->set_status(v1::ITEM_DONE);
    }
    if (k == "control_timer") c.mutable_control_timer()->set_item_id("i99");
    if (k == "edit_minutes") {
      c.mutable_edit_minutes()->set_item_id("i99");
      c.mutable_edit_minutes()->set_base_version(1);
      c.mutable_edit_minutes()->mutable_op()->add_ops()->set_insert("x");
    }
    cases.emplace_back(c, "item_id");
  }
  c.Clear();
  auto* a = c.mutable_edit_attendee()->mutable_attendee();
  a->set_id("p99");
  a->set_name("无此人");
  cases.emplace_back(c, "attendee.id");
  c.Clear();
  c.mutable_remove_attendee()->set_attendee_id("p99");
  cases.emplace_back(c, "attendee_id");
  c.Clear();
  c.mutable_check_in()->set_attendee_id("p99");
  c.mutable_check_in()->set_attendance(v1::ATTENDANCE_PRESENT);
  cases.emplace_back(c, "attendee_id");
  for (const auto& [change, field] : cases) {
    SCOPED_TRACE(change.ShortDebugString());
    const auto e = command_error(change);
    EXPECT_EQ(e.code(), v1::ERROR_NOT_FOUND);
    EXPECT_EQ(e.field(), field);
  }
  auto fresh = client()->join(meeting_.id());
  EXPECT_EQ(fresh.version(), 1u);
  EXPECT_EQ(fresh.snapshot().agenda(0).title(), item.title());
}

TEST_F(BadInput, ABinaryFrameWhoseIdIsReadableGetsItsErrorWithThatId) {
  v1::Envelope e;
  e.set_id(77);
  e.mutable_ping();
  std::string bytes;
  ASSERT_TRUE(e.SerializeToString(&bytes));
  bytes += std::string("\x0f\x01", 2);  // a field of wire type 7: not protobuf
  bad_->send_raw(bytes, true);
  auto r = bad_->wait_for([](const v1::Envelope& x) { return x.has_error(); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id(), 77u);
  EXPECT_EQ(r->error().code(), v1::ERROR_BAD_REQUEST);
  // A length running past the end after the id: the id still counts.
  std::string cut;
  v1::Envelope e2;
  e2.set_id(78);
  ASSERT_TRUE(e2.SerializeToString(&cut));
  cut += std::string("\x52\x7f", 2);  // field 10, length 127, no bytes
  bad_->send_raw(cut, true);
  auto r2 = bad_->wait_for([](const v1::Envelope& x) { return x.has_error(); });
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->id(), 78u);
  expect_untouched();
}

TEST_F(BadInput, GarbageBinaryFrame) {
  bad_->send_raw(std::string("\xff\xff\xff\xff\x0f\x01\x02", 7), true);
  auto r = bad_->wait_for([](const v1::Envelope& e) { return e.has_error(); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error().code(), v1::ERROR_BAD_REQUEST);
  expect_untouched();
}

TEST_F(BadInput, RepliesAndEventsAreNotRequests) {
  EXPECT_EQ(error_for(R"({"id": 3, "ack": {"version": 9}})").code(), v1::ERROR_BAD_REQUEST);
  EXPECT_EQ(error_for(R"({"id": 4})").code(), v1::ERROR_BAD_REQUEST);
  expect_untouched();
}

TEST_F(BadInput, AbsurdValuesAreRefusedWithTheField) {
  auto huge = add_item_change(std::string(100 * 1024, 'x'));
  auto e = command_error(huge);
  EXPECT_EQ(e.code(), v1::ERROR_TOO_LARGE);
  EXPECT_EQ(e.field(), "item.title");
  e = command_error(add_item_change("负数", -5));
  EXPECT_EQ(e.code(), v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(e.field(), "item.planned_minutes");
  e = command_error(add_item_change("bell\x07"));
  EXPECT_EQ(e.field(), "item.title");
  v1::Change unknown;
  unknown.mutable_remove_item()->set_item_id("i999");
  EXPECT_EQ(command_error(unknown).code(), v1::ERROR_NOT_FOUND);
  v1::Change none;
  EXPECT_EQ(command_error(none).code(), v1::ERROR_BAD_REQUEST);
  expect_untouched();
}

TEST_F(BadInput, CommandsNeedAJoinAndAClient) {
  v1::Envelope e;
  e.mutable_command()->set_meeting_id("not-joined");
  e.mutable_command()->set_client_id("x");
  e.mutable_command()->set_client_seq(1);
  *e.mutable_command()->mutable_change() = add_item_change("x");
  EXPECT_EQ(bad_->call(e).error().code(), v1::ERROR_NOT_JOINED);
  e.mutable_command()->set_meeting_id(meeting_.id());
  e.mutable_command()->set_client_id("");
  EXPECT_EQ(bad_->call(e).error().field(), "client_id");
  e.mutable_command()->set_client_id("x");
  e.mutable_command()->set_client_seq(0);
  EXPECT_EQ(bad_->call(e).error().field(), "client_seq");
  expect_untouched();
}

TEST_F(BadInput, UnknownAndMalformedMeetingIds) {
  v1::Envelope j;
  j.mutable_join()->set_meeting_id("nope");
  EXPECT_EQ(bad_->call(j).error().code(), v1::ERROR_NOT_FOUND);
  j.mutable_join()->set_meeting_id("x}:evil{");
  EXPECT_EQ(bad_->call(j).error().code(), v1::ERROR_INVALID_FIELD);
  expect_untouched();
}

TEST_F(BadInput, OversizedFrameClosesWith1009AndOnlyThatConnection) {
  bad_->send_raw(std::string(1024 * 1024 + 1, ' '));
  ASSERT_TRUE(bad_->wait_closed());
  EXPECT_EQ(bad_->close_reason().code, boost::beast::websocket::close_code::too_big);
  expect_untouched();
}

TEST_F(BadInput, AFrameJustUnderTheLimitIsRead) {
  // 1 MiB of padding inside valid JSON is read and judged (too long a title), not cut off.
  std::string title(1000 * 1000, 'x');
  auto e = command_error(add_item_change(title));
  EXPECT_EQ(e.code(), v1::ERROR_TOO_LARGE);
  EXPECT_TRUE(bad_->open());
}

}  // namespace
}  // namespace huiwu::test

namespace huiwu::test {
namespace {

// A connection that floods is refused past its bucket (a clear error per request, the
// connection kept), while another client of the same server is served as usual.
TEST(RateLimit, AFloodingConnectionIsSlowedAndAnotherIsServed) {
  redis_process redis;
  server_process server(redis.port(), {"--max-requests-per-second", "5"});
  ws_client flood(server.port());
  ws_client calm(server.port());
  auto meeting = calm.create_meeting("限流");

  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 60; ++i) {
    v1::Envelope ping;
    ping.mutable_ping()->set_client_time_ms(i);
    ids.push_back(flood.send(ping));
  }
  int pongs = 0;
  int limited = 0;
  for (auto id : ids) {
    auto r = flood.reply_to(id);
    ASSERT_TRUE(r) << "no reply to request " << id;
    if (r->has_pong()) ++pongs;
    if (r->has_error()) {
      EXPECT_EQ(r->error().code(), v1::ERROR_RATE_LIMITED);
      EXPECT_NE(r->error().message().find("too many requests"), std::string::npos);
      ++limited;
    }
  }
  // A burst of twice the rate (less what the hello took), plus what refilled while sending.
  EXPECT_GT(pongs, 0);
  EXPECT_GT(limited, 0);
  EXPECT_EQ(pongs + limited, 60);
  EXPECT_TRUE(flood.open()) << "a flood is slowed, not cut off";

  // The other client is not touched by its neighbour's flood.
  calm.join(meeting.id());
  EXPECT_TRUE(calm.command(meeting.id(), add_item_change("议题")).has_ack());
  v1::Envelope ping;
  ping.mutable_ping();
  EXPECT_TRUE(calm.call(ping).has_pong());
}

}  // namespace
}  // namespace huiwu::test
