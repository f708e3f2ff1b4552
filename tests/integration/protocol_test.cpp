// The protocol as a client sees it: create, join, change, and every joined client hears it.
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>
#include <sstream>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

TEST_F(ServerTest, TwoClientsSeeEachOthersChanges) {
  auto secretary = client();
  auto leader = client();
  const auto m = secretary->create_meeting("党组会");
  ASSERT_FALSE(m.id().empty());
  EXPECT_EQ(secretary->join(m.id()).snapshot().info().title(), "党组会");
  EXPECT_EQ(leader->join(m.id()).version(), 0u);

  auto r = secretary->command(m.id(), add_item_change("审议预算", 20));
  ASSERT_TRUE(r.has_ack()) << r.DebugString();
  EXPECT_EQ(r.ack().version(), 1u);
  auto e = leader->event(m.id(), 1);
  ASSERT_TRUE(e);
  const auto item_id = e->change().add_item().item().id();
  EXPECT_EQ(e->change().add_item().item().title(), "审议预算");
  EXPECT_EQ(e->client_id(), secretary->client_id());
  ASSERT_TRUE(secretary->event(m.id(), 1));  // the author hears its own change too

  v1::Change start;  // the agenda runs only in session (docs/protocol.md §6.4)
  start.mutable_start_meeting();
  ASSERT_TRUE(secretary->command(m.id(), start).has_ack());
  v1::Change cur;
  cur.mutable_set_current()->set_item_id(item_id);
  ASSERT_TRUE(leader->command(m.id(), cur).has_ack());
  auto e2 = secretary->event(m.id(), 3);
  ASSERT_TRUE(e2);
  ASSERT_EQ(e2->change().set_current().touched_size(), 1);
  EXPECT_EQ(e2->change().set_current().touched(0).status(), v1::ITEM_ACTIVE);
  EXPECT_NE(e2->change().set_current().touched(0).timer().running_since_ms(), 0);
}

// A client written from docs/protocol.md alone: hand-written JSON, no generated code.
TEST_F(ServerTest, PlainJsonClientFromTheDocs) {
  ws_client a(server_.port()), b(server_.port());
  auto reply = [](ws_client& c, std::uint64_t id) {
    while (auto m = c.next()) {
      auto v = boost::json::parse(m->bytes).as_object();
      if (v.at("id").as_string() == std::to_string(id)) return v;
    }
    ADD_FAILURE() << "no reply " << id;
    return boost::json::object{};
  };
  a.send_raw(R"({"id": 1, "hello": {"client_id": "doc-a", "client_name": "王秘书"}})");
  const auto welcome = reply(a, 1).at("welcome").as_object();
  EXPECT_EQ(welcome.at("protocol").as_string(), "huiwu.v1");
  // The office's zone, in which the browser shows every time (default Asia/Shanghai).
  EXPECT_EQ(welcome.at("time_zone").as_string(), "Asia/Shanghai");
  a.send_raw(R"({"id": 2, "create_meeting": {"info": {"title": "周例会", "place": "三楼"},
                 "client_id": "doc-a", "client_seq": 1}})");
  auto created = reply(a, 2);
  const std::string id(created.at("created").at("meeting").at("id").as_string());
  a.send_raw(R"({"id": 3, "join": {"meeting_id": ")" + id + R"("}})");
  EXPECT_EQ(reply(a, 3).at("joined").at("version").as_string(), "0");
  b.send_raw(R"({"id": 1, "join": {"meeting_id": ")" + id + R"(", "known_version": 0}})");
  EXPECT_EQ(reply(b, 1).at("joined").at("snapshot").at("info").at("place").as_string(), "三楼");
  a.send_raw(R"({"id": 4, "command": {"meeting_id": ")" + id +
             R"(", "client_id": "doc-a", "client_seq": 2,
                 "change": {"add_item": {"item": {"title": "安全生产", "planned_minutes": 15},
                                         "position": -1}}}})");
  auto ack = reply(a, 4);
  EXPECT_EQ(ack.at("ack").at("version").as_string(), "1");
  auto ev = boost::json::parse(b.next()->bytes).as_object();
  EXPECT_EQ(ev.at("id").as_string(), "0");
  EXPECT_EQ(ev.at("event").at("change").at("add_item").at("item").at("title").as_string(),
            "安全生产");
  EXPECT_EQ(ev.at("event").at("change").at("add_item").at("item").at("status").as_string(),
            "ITEM_PENDING");
}

TEST_F(ServerTest, BinaryRequestsGetBinaryReplies) {
  auto c = client();
  v1::Envelope e;
  e.mutable_ping()->set_client_time_ms(42);
  const auto id = c->send(e, true);
  auto m = c->next();
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->binary);
  auto r = ws_client::decode(*m);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id(), id);
  EXPECT_EQ(r->pong().client_time_ms(), 42);
  EXPECT_GT(r->pong().server_time_ms(), 0);
}

TEST_F(ServerTest, RetriedCommandIsAppliedOnce) {
  auto a = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  v1::Envelope e;
  auto* c = e.mutable_command();
  c->set_meeting_id(m.id());
  c->set_client_id("retry-client");
  c->set_client_seq(7);
  *c->mutable_change() = add_item_change("once");
  auto first = a->call(e);
  auto second = a->call(e);  // as after a lost reply
  ASSERT_TRUE(first.has_ack());
  ASSERT_TRUE(second.has_ack()) << second.DebugString();
  EXPECT_FALSE(first.ack().duplicate());
  EXPECT_TRUE(second.ack().duplicate());
  EXPECT_EQ(second.ack().version(), first.ack().version());
  auto b = client();
  EXPECT_EQ(b->join(m.id()).snapshot().agenda_size(), 1);
}

TEST_F(ServerTest, RetriedCreateReturnsTheSameMeeting) {
  auto a = client();
  v1::Envelope e;
  e.mutable_create_meeting()->mutable_info()->set_title("只建一次");
  e.mutable_create_meeting()->set_client_id("creator");
  e.mutable_create_meeting()->set_client_seq(1);
  auto first = a->call(e);
  auto second = a->call(e);
  ASSERT_TRUE(first.has_created());
  ASSERT_TRUE(second.has_created());
  EXPECT_EQ(first.created().meeting().id(), second.created().meeting().id());
  v1::Envelope list;
  list.mutable_list_meetings();
  EXPECT_EQ(a->call(list).meeting_list().meetings_size(), 1);
  // The creator went on working in the meeting; a late retry of the create still finds it,
  // as it is now, and the list shows the current version.
  const auto id = first.created().meeting().id();
  a->join(id);
  v1::Envelope cmd;
  cmd.mutable_command()->set_meeting_id(id);
  cmd.mutable_command()->set_client_id("creator");
  cmd.mutable_command()->set_client_seq(2);
  *cmd.mutable_command()->mutable_change() = add_item_change("after create");
  ASSERT_TRUE(a->call(cmd).has_ack());
  auto late = a->call(e);
  ASSERT_TRUE(late.has_created()) << late.DebugString();
  EXPECT_EQ(late.created().meeting().id(), id);
  EXPECT_EQ(late.created().meeting().agenda_size(), 1);
  EXPECT_EQ(a->call(list).meeting_list().meetings(0).version(), 1u);
}

TEST_F(ServerTest, StaleExpectedVersionIsRefused) {
  auto a = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  ASSERT_TRUE(a->command(m.id(), add_item_change("x")).has_ack());
  auto r = a->command(m.id(), add_item_change("y"), /*expected_version=*/0 + 5);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_STALE_VERSION);
  EXPECT_EQ(r.error().current_version(), 1u);
  EXPECT_TRUE(a->command(m.id(), add_item_change("y"), 1).has_ack());
}

TEST_F(ServerTest, ResumeSendsOnlyWhatWasMissed) {
  auto a = client();
  auto m = a->create_meeting("m");
  auto joined = a->join(m.id());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(a->command(m.id(), add_item_change("i")).has_ack());
  auto b = client();
  auto resumed = b->join(m.id(), 3, joined.epoch());
  EXPECT_FALSE(resumed.has_snapshot());
  ASSERT_EQ(resumed.events_size(), 2);
  EXPECT_EQ(resumed.events(0).version(), 4u);
  EXPECT_EQ(resumed.events(1).version(), 5u);
  // Another epoch, or a version ahead of the server: a full snapshot instead.
  EXPECT_TRUE(client()->join(m.id(), 3, "other-epoch").has_snapshot());
  EXPECT_TRUE(client()->join(m.id(), 99, joined.epoch()).has_snapshot());
}

TEST_F(ServerTest, ListsMeetingsAndArchives) {
  auto a = client();
  auto m1 = a->create_meeting("一");
  auto m2 = a->create_meeting("二");
  a->join(m2.id());
  v1::Change arch;
  arch.mutable_archive()->set_archived(true);
  ASSERT_TRUE(a->command(m2.id(), arch).has_ack());
  v1::Envelope list;
  list.mutable_list_meetings();
  auto r = a->call(list);
  ASSERT_EQ(r.meeting_list().meetings_size(), 1);
  EXPECT_EQ(r.meeting_list().meetings(0).id(), m1.id());
  list.mutable_list_meetings()->set_include_archived(true);
  EXPECT_EQ(a->call(list).meeting_list().meetings_size(), 2);
  auto refused = a->command(m2.id(), add_item_change("x"));
  EXPECT_EQ(refused.error().code(), v1::ERROR_ARCHIVED);
}

TEST_F(ServerTest, LeaveStopsEvents) {
  auto a = client();
  auto b = client();
  auto m = a->create_meeting("m");
  a->join(m.id());
  b->join(m.id());
  v1::Envelope leave;
  leave.mutable_leave()->set_meeting_id(m.id());
  ASSERT_TRUE(b->call(leave).has_ack());
  ASSERT_TRUE(a->command(m.id(), add_item_change("x")).has_ack());
  EXPECT_EQ(b->command(m.id(), add_item_change("y")).error().code(), v1::ERROR_NOT_JOINED);
  // The change's broadcast ran before a heard its ack, so a join now is answered after it:
  // an event sent to b would arrive before the joined reply.
  v1::Envelope join;
  join.mutable_join()->set_meeting_id(m.id());
  const auto id = b->send(join);
  EXPECT_TRUE(b->nothing_before_reply([](const v1::Envelope& e) { return e.has_event(); }, id));
}

// Several identical instances on one Redis: a change made through one reaches the clients
// of the other, and concurrent writers through both are ordered by Redis without loss.
TEST_F(ServerTest, TwoInstancesShareMeetings) {
  server_process second(redis_.port());
  auto a = client();
  ws_client b(second.port());
  auto m = a->create_meeting("两台实例");
  a->join(m.id());
  b.join(m.id());
  ASSERT_TRUE(a->command(m.id(), add_item_change("from A")).has_ack());
  ASSERT_TRUE(b.event(m.id(), 1));
  ASSERT_TRUE(b.command(m.id(), add_item_change("from B")).has_ack());
  ASSERT_TRUE(a->event(m.id(), 2));
  // Interleaved writes through both instances: each is decided on the latest state.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(a->command(m.id(), add_item_change("a" + std::to_string(i))).has_ack());
    ASSERT_TRUE(b.command(m.id(), add_item_change("b" + std::to_string(i))).has_ack());
  }
  ASSERT_TRUE(a->event(m.id(), 22));
  ASSERT_TRUE(b.event(m.id(), 22));
  EXPECT_EQ(client()->join(m.id()).snapshot().agenda_size(), 22);
  ws_client c(second.port());
  EXPECT_EQ(c.join(m.id()).snapshot().agenda_size(), 22);
}

}  // namespace
}  // namespace huiwu::test

namespace huiwu::test {
namespace {

// Whole-item events (edit_item, set_item_status, control_timer, set_current's touched) do not
// carry the minutes: in JSON the member is absent, not "" (which would read as "now empty").
// Snapshots and add_item carry it. The same holds for events in a resumed join and in history.
TEST_F(ServerTest, WholeItemEventsLeaveTheMinutesOutAndSnapshotsCarryThem) {
  auto a = client();
  const auto m = a->create_meeting("周例会");
  a->join(m.id());
  ASSERT_TRUE(a->command(m.id(), add_item_change("安全生产")).has_ack());
  v1::Change c;
  c.mutable_edit_minutes()->set_item_id("i1");
  c.mutable_edit_minutes()->set_base_version(1);
  c.mutable_edit_minutes()->mutable_op()->add_ops()->set_insert("王建国：同意。");
  ASSERT_TRUE(a->command(m.id(), c).has_ack());

  ws_client b(server_.port());
  auto next_json = [&](auto pred) {
    while (auto f = b.next()) {
      auto v = boost::json::parse(f->bytes).as_object();
      if (pred(v)) return v;
    }
    ADD_FAILURE() << "no such frame";
    return boost::json::object{};
  };
  auto reply = [&](const char* id) {
    return next_json([&](const boost::json::object& v) { return v.at("id").as_string() == id; });
  };
  b.send_raw(R"({"id": 1, "join": {"meeting_id": ")" + m.id() + R"(", "known_version": 0}})");
  const auto snap = reply("1").at("joined").at("snapshot").as_object();
  EXPECT_EQ(snap.at("agenda").at(0).at("minutes").as_string(), "王建国：同意。");

  // Version 3: the meeting starts (timers run only in session); 4..8: one of each
  // whole-item kind, then a new item.
  c.Clear();
  c.mutable_start_meeting();
  ASSERT_TRUE(a->command(m.id(), c).has_ack());
  auto item = a->join(m.id()).snapshot().agenda(0);
  item.set_title("安全生产（修改）");
  c.Clear();
  *c.mutable_edit_item()->mutable_item() = item;
  ASSERT_TRUE(a->command(m.id(), c).has_ack());
  c.Clear();
  c.mutable_control_timer()->set_item_id("i1");
  c.mutable_control_timer()->set_action(v1::TIMER_START);
  ASSERT_TRUE(a->command(m.id(), c).has_ack());
  c.Clear();
  c.mutable_set_item_status()->set_item_id("i1");
  c.mutable_set_item_status()->set_status(v1::ITEM_DEFERRED);
  ASSERT_TRUE(a->command(m.id(), c).has_ack());
  c.Clear();
  c.mutable_set_current()->set_item_id("i1");
  ASSERT_TRUE(a->command(m.id(), c).has_ack());
  ASSERT_TRUE(a->command(m.id(), add_item_change("新议题")).has_ack());

  // Checks the change of one event (JSON) and returns its kind.
  auto check = [](const boost::json::object& event) {
    const auto& change = event.at("change").as_object();
    EXPECT_EQ(change.size(), 1u);
    const auto& [kind, body] = *change.begin();
    const auto& o = body.as_object();
    if (kind == "edit_item" || kind == "set_item_status" || kind == "control_timer") {
      EXPECT_FALSE(o.at("item").as_object().contains("minutes")) << kind;
      EXPECT_TRUE(o.at("item").as_object().contains("title")) << kind;
    } else if (kind == "set_current") {
      EXPECT_EQ(o.at("touched").as_array().size(), 1u);
      for (const auto& t : o.at("touched").as_array()) {
        EXPECT_FALSE(t.as_object().contains("minutes"));
        EXPECT_EQ(t.at("status").as_string(), "ITEM_ACTIVE");
      }
    } else if (kind == "add_item") {
      EXPECT_EQ(o.at("item").at("minutes").as_string(), "");
    }
    return std::string(kind);
  };
  std::vector<std::string> live;
  next_json([](const boost::json::object& o) { return o.contains("event"); });  // the start
  for (int v = 4; v <= 8; ++v) {
    auto f = next_json([](const boost::json::object& o) { return o.contains("event"); });
    EXPECT_EQ(f.at("event").at("version").as_string(), std::to_string(v));
    live.push_back(check(f.at("event").as_object()));
  }
  const std::vector<std::string> kinds = {"edit_item", "control_timer", "set_item_status",
                                          "set_current", "add_item"};
  EXPECT_EQ(live, kinds);

  // A resumed join from version 3, and the history, carry the same events the same way.
  ws_client r(server_.port());
  const auto fresh = a->join(m.id());
  r.send_raw(R"({"id": 5, "join": {"meeting_id": ")" + m.id() +
             R"(", "known_version": 3, "known_epoch": ")" + fresh.epoch() + R"("}})");
  auto joined = [&] {
    while (auto f = r.next()) {
      auto v = boost::json::parse(f->bytes).as_object();
      if (v.at("id").as_string() == "5") return v;
    }
    return boost::json::object{};
  }();
  ASSERT_TRUE(joined.contains("joined"));
  EXPECT_FALSE(joined.at("joined").as_object().contains("snapshot"));
  std::vector<std::string> resumed;
  for (const auto& e : joined.at("joined").at("events").as_array()) {
    resumed.push_back(check(e.as_object()));
  }
  EXPECT_EQ(resumed, kinds);
  r.send_raw(R"({"id": 6, "history": {"meeting_id": ")" + m.id() + R"(", "from_version": 4}})");
  auto page = [&] {
    while (auto f = r.next()) {
      auto v = boost::json::parse(f->bytes).as_object();
      if (v.at("id").as_string() == "6") return v;
    }
    return boost::json::object{};
  }();
  ASSERT_TRUE(page.contains("history_page")) << boost::json::serialize(page);
  std::vector<std::string> stored;
  for (const auto& e : page.at("history_page").at("events").as_array()) {
    stored.push_back(check(e.as_object()));
  }
  EXPECT_EQ(stored, kinds);
  // And the minutes are still there for everyone.
  EXPECT_EQ(fresh.snapshot().agenda(0).minutes(), "王建国：同意。");
}

}  // namespace
}  // namespace huiwu::test

namespace huiwu::test {
namespace {

// What an operator reads: every line the server writes is one JSON object (stderr is not a
// terminal here) with ts, level and msg; the start says where it listens.
TEST_F(ServerTest, TheServerLogsOneJsonObjectPerLine) {
  std::string log = server_.log_tail();
  if (log.size() >= 4000) log.erase(0, log.find('\n') + 1);  // the tail may start mid-line
  std::istringstream lines(log);
  bool listening = false;
  std::size_t n = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("--- ")) continue;
    boost::system::error_code ec;
    const auto v = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << "not JSON: " << line;
    ASSERT_TRUE(v.is_object()) << line;
    const auto& o = v.as_object();
    EXPECT_TRUE(o.contains("ts") && o.contains("level") && o.contains("msg")) << line;
    if (o.at("msg") == "listening") {
      listening = true;
      EXPECT_NE(std::string(o.at("url").as_string()).find(std::to_string(server_.port())),
                std::string::npos);
    }
    ++n;
  }
  EXPECT_GT(n, 0u);
  EXPECT_TRUE(listening) << log;
}

// A bad log flag or office zone is refused before anything starts, with the flag named.
TEST(ServerFlags, ABadLogLevelOrFormatOrZoneIsRefusedWithExitCode2) {
  for (const std::string flag :
       {"--log-level loud", "--log-format xml", "--time-zone Nowhere/Land", "--time-zone ../x"}) {
    const std::string cmd = std::string("'") + HUIWU_SERVER_BIN + "' " + flag + " 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_TRUE(p);
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    const int status = ::pclose(p);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2) << flag;
    EXPECT_NE(out.find(flag.substr(0, flag.find(' '))), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace huiwu::test
