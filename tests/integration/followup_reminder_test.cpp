// Reminders (催办) fire exactly once per transition, with two server instances racing on
// one Redis and across crashes and restarts. Time moves through HUIWU_CLOCK_OFFSET_MS (the
// servers' injectable clock): nobody sleeps for days. "Nothing more was sent" is proven by
// waiting for both schedulers to complete more ticks (huiwu_reminder_ticks_total in
// /metrics: the schedule read and every reminder sent from it answered), never by sleeping.
// The scheduler's decisions themselves are unit-tested with a manual clock in
// tests/app/reminder_planner_test.cpp.
#include <cstdlib>
#include <sstream>
#include <utility>

#include "followup_support.hpp"
#include "support/eventually.hpp"
#include "support/tcp_port.hpp"

namespace huiwu::test {
namespace {

using namespace followup_support;
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

void set_clock(std::int64_t offset_ms) {
  ::setenv("HUIWU_CLOCK_OFFSET_MS", std::to_string(offset_ms).c_str(), 1);
  ::setenv("HUIWU_FOLLOWUP_TICK_MS", "50", 1);
}

class FollowupReminderTest : public ::testing::Test {
 protected:
  FollowupReminderTest() { set_clock(0); }
  ~FollowupReminderTest() override {
    ::unsetenv("HUIWU_CLOCK_OFFSET_MS");
    ::unsetenv("HUIWU_FOLLOWUP_TICK_MS");
  }
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- server a ---\n"
                << a_->log_tail() << "\n--- server b ---\n"
                << b_->log_tail() << '\n';
    }
  }

  // Both servers stopped (the first one killed: a crash), then started with the clock moved.
  void restart_at(std::int64_t offset_ms, bool crash_a) {
    if (crash_a) {
      a_->kill();
    } else {
      a_->stop();
    }
    b_->stop();
    set_clock(offset_ms);
    a_->start();
    b_->start();
  }

  // Completed reminder-scheduler ticks of one server since it started.
  static std::uint64_t ticks(const server_process& s) {
    const auto r = http_get(s.port(), "/metrics");
    EXPECT_EQ(r.status, 200);
    std::istringstream lines(r.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("huiwu_reminder_ticks_total ", 0) == 0) {
        return std::stoull(line.substr(line.find(' ') + 1));
      }
    }
    ADD_FAILURE() << "no huiwu_reminder_ticks_total in /metrics";
    return 0;
  }

  // Waits until both servers have completed `k` more ticks: whatever either would send by
  // now has been sent and answered.
  void wait_for_ticks(std::uint64_t k) {
    const auto a0 = ticks(*a_), b0 = ticks(*b_);
    ASSERT_TRUE(eventually([&] { return ticks(*a_) >= a0 + k && ticks(*b_) >= b0 + k; },
                           std::chrono::seconds(20)))
        << "ticks: a " << a0 << " -> " << ticks(*a_) << ", b " << b0 << " -> " << ticks(*b_);
  }

  // The remind_decision events in the meeting's stored history.
  int reminder_events() {
    ws_client c(a_->port());
    c.join(meeting_);
    v1::Envelope req;
    req.mutable_history()->set_meeting_id(meeting_);
    req.mutable_history()->set_limit(1000);
    auto page = c.call(req);
    int n = 0;
    for (const auto& e : page.history_page().events()) {
      if (e.change().has_remind_decision()) ++n;
    }
    return n;
  }

  std::vector<std::string> reminder_kinds() {
    std::vector<std::string> kinds;
    const auto d = detail(a_->port(), a_->token(), meeting_, decision_);
    if (const auto* r = d.if_contains("reminders"); r && r->is_array()) {
      for (const auto& x : r->as_array()) kinds.emplace_back(x.as_object().at("kind").as_string());
    }
    return kinds;
  }

  redis_process redis_{{"--appendonly", "yes", "--appendfsync", "always"}};
  std::unique_ptr<server_process> a_ = std::make_unique<server_process>(redis_.port());
  std::unique_ptr<server_process> b_ = std::make_unique<server_process>(redis_.port());
  std::string meeting_, decision_;
};

TEST_F(FollowupReminderTest, FireOncePerTransitionAcrossInstancesAndRestarts) {
  for (const auto& [id, unit] :
       {std::pair{"lead1", "住建局"}, {"co1", "水务局"}, {"sup1", "督查室"}}) {
    ASSERT_EQ(make_account(redis_.port(), id, unit, id), 0);
  }
  ws_client secretary(a_->port());
  meeting_ = secretary.create_meeting("常务会议").id();
  secretary.join(meeting_);
  ASSERT_TRUE(secretary.command(meeting_, add_item_change("排水管网")).has_ack());
  auto created = create_decision(a_->port(), a_->token(), meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  ASSERT_EQ(decision_, "d2");
  // Scheduled: due soon two days from now (deadline in 5 days, yellow 3 days before).
  const auto member = meeting_ + "/" + decision_;
  EXPECT_FALSE(redis_cli(redis_.port(), "ZSCORE hw:due " + member).empty());
  EXPECT_EQ(reminder_events(), 0);

  // Three days on, both instances see the yellow light at once and race to remind.
  restart_at(3 * day_ms, false);
  ASSERT_TRUE(eventually([&] { return reminder_kinds().size() == 1; }, std::chrono::seconds(20)));
  wait_for_ticks(5);  // many more ticks on both
  EXPECT_EQ(reminder_kinds(), std::vector<std::string>{"due_soon"});
  EXPECT_EQ(reminder_events(), 1);

  // A crash and a restart a week on: overdue, once.
  restart_at(7 * day_ms, true);
  ASSERT_TRUE(eventually([&] { return reminder_kinds().size() == 2; }, std::chrono::seconds(20)));
  wait_for_ticks(3);
  restart_at(8 * day_ms, true);
  wait_for_ticks(5);
  EXPECT_EQ(reminder_kinds(), (std::vector<std::string>{"due_soon", "overdue"}));
  EXPECT_EQ(reminder_events(), 2);
  // Nothing left to remind of: the decision left the schedule with its last reminder.
  EXPECT_EQ(redis_cli(redis_.port(), "ZSCORE hw:due " + member), "");
  const auto d = detail(b_->port(), b_->token(), meeting_, decision_);
  EXPECT_EQ(d.at("light").as_string(), "red");
  EXPECT_GE(d.at("days_late").as_int64(), 2);
}

TEST_F(FollowupReminderTest, ExtensionStartsAFreshPairAndClosingStopsThem) {
  for (const auto& [id, unit] :
       {std::pair{"lead1", "住建局"}, {"co1", "水务局"}, {"sup1", "督查室"}}) {
    ASSERT_EQ(make_account(redis_.port(), id, unit, id), 0);
  }
  ws_client secretary(a_->port());
  meeting_ = secretary.create_meeting("专题会").id();
  secretary.join(meeting_);
  ASSERT_TRUE(secretary.command(meeting_, add_item_change("议题")).has_ack());
  auto created = create_decision(a_->port(), a_->token(), meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  const auto lead = token_of(a_->port(), "lead1");
  const auto sup = token_of(a_->port(), "sup1");
  ASSERT_EQ(act(a_->port(), sup, meeting_, decision_, "assign", "supervisor").status, 200);
  ASSERT_EQ(act(a_->port(), lead, meeting_, decision_, "accept", "lead").status, 200);
  ASSERT_EQ(act(a_->port(), lead, meeting_, decision_, "request_extension", "lead", "需要协调资金",
                shanghai_date(30))
                .status,
            200);
  ASSERT_EQ(act(a_->port(), sup, meeting_, decision_, "approve_extension", "supervisor").status,
            200);
  // A week on the old deadline has passed, the new one is far: no reminder at all.
  restart_at(7 * day_ms, false);
  wait_for_ticks(5);
  EXPECT_TRUE(reminder_kinds().empty());
  EXPECT_EQ(detail(a_->port(), a_->token(), meeting_, decision_).at("light").as_string(), "green");
  // Closed before its new deadline comes near: it leaves the schedule for good.
  const auto lead2 = token_of(a_->port(), "lead1");
  const auto sup2 = token_of(a_->port(), "sup1");
  ASSERT_EQ(
      act(a_->port(), lead2, meeting_, decision_, "report_completion", "lead", "已完成").status,
      200);
  ASSERT_EQ(act(a_->port(), sup2, meeting_, decision_, "close", "supervisor").status, 200);
  EXPECT_EQ(redis_cli(redis_.port(), "ZSCORE hw:due " + meeting_ + "/" + decision_), "");
  restart_at(40 * day_ms, false);
  wait_for_ticks(3);
  EXPECT_TRUE(reminder_kinds().empty());
}

// 退回交办: two days after the return the supervisor is reminded to assign it again, once,
// whichever instance gets there first; the deadline's own reminder comes as well (same day
// here: deadline in 5 days, yellow 3 days before). Assigned again, no reassign reminder
// follows.
TEST_F(FollowupReminderTest, AReturnedAssignmentRemindsTheSupervisorOnce) {
  for (const auto& [id, unit] :
       {std::pair{"lead1", "住建局"}, {"co1", "水务局"}, {"sup1", "督查室"}}) {
    ASSERT_EQ(make_account(redis_.port(), id, unit, id), 0);
  }
  ws_client secretary(a_->port());
  meeting_ = secretary.create_meeting("退回交办提醒").id();
  secretary.join(meeting_);
  ASSERT_TRUE(secretary.command(meeting_, add_item_change("河道清淤")).has_ack());
  auto created = create_decision(a_->port(), a_->token(), meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  const auto lead = token_of(a_->port(), "lead1");
  const auto sup = token_of(a_->port(), "sup1");
  ASSERT_EQ(act(a_->port(), sup, meeting_, decision_, "assign", "supervisor").status, 200);
  ASSERT_EQ(act(a_->port(), lead, meeting_, decision_, "return_assignment", "lead", "非本单位职责")
                .status,
            200);
  // A day on: not yet.
  restart_at(1 * day_ms, false);
  wait_for_ticks(5);
  EXPECT_TRUE(reminder_kinds().empty());
  // Two and a half days on: reminded to assign again, and the yellow light's reminder.
  restart_at(2 * day_ms + day_ms / 2, true);
  ASSERT_TRUE(eventually([&] { return reminder_kinds().size() == 2; }, std::chrono::seconds(20)));
  wait_for_ticks(5);
  EXPECT_EQ(reminder_kinds(), (std::vector<std::string>{"reassign", "due_soon"}));
  EXPECT_EQ(reminder_events(), 2);
  // Assigned again and a day later: nothing new about reassigning.
  const auto sup2 = token_of(a_->port(), "sup1");
  ASSERT_EQ(act(a_->port(), sup2, meeting_, decision_, "assign", "supervisor").status, 200);
  restart_at(3 * day_ms + day_ms / 2, false);
  wait_for_ticks(5);
  EXPECT_EQ(reminder_kinds(), (std::vector<std::string>{"reassign", "due_soon"}));
}

// The server with `env` set, as an operator would start it: its exit code and output.
std::pair<int, std::string> run_server(const std::string& env, const std::string& args) {
  const std::string cmd = "env " + env + " '" + HUIWU_SERVER_BIN + "' " + args + " 2>&1";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(ClockHooks, HelpNamesBothHooksAndWhichWayTheOffsetGoes) {
  const auto [code, out] = run_server("", "--help");
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("HUIWU_CLOCK_OFFSET_MS=N"), std::string::npos) << out;
  EXPECT_NE(out.find("N > 0: ahead"), std::string::npos) << out;
  EXPECT_NE(out.find("N < 0: behind"), std::string::npos) << out;
  EXPECT_NE(out.find("HUIWU_FOLLOWUP_TICK_MS=N"), std::string::npos) << out;
  // The document settings read from the environment are named where operators look too.
  for (const char* name : {"HUIWU_JIYAO_ISSUER=", "HUIWU_JIYAO_UNIT=", "HUIWU_JIYAO_NUMBERING=",
                           "HUIWU_SOFFICE=", "HUIWU_PDF_TIMEOUT_MS=", "[HUIWU_TIME_ZONE]"}) {
    EXPECT_NE(out.find(name), std::string::npos) << name << " is not in --help:\n" << out;
  }
}

// A malformed hook stops the server before it touches anything, with the variable named:
// better than running on a clock it half-parsed ("3d" used to be read as 3 ms).
TEST(ClockHooks, AMalformedValueIsRefusedWithExitCode2AndNothingWritten) {
  redis_process redis;
  const std::string args = "--redis 127.0.0.1:" + std::to_string(redis.port()) +
                           " --listen 127.0.0.1:" + std::to_string(free_tcp_port());
  for (const std::string env :
       {"HUIWU_CLOCK_OFFSET_MS=3d", "HUIWU_CLOCK_OFFSET_MS=1.5", "HUIWU_CLOCK_OFFSET_MS=+",
        "HUIWU_CLOCK_OFFSET_MS=99999999999999999999", "HUIWU_FOLLOWUP_TICK_MS=0",
        "HUIWU_FOLLOWUP_TICK_MS=-50", "HUIWU_FOLLOWUP_TICK_MS=fast"}) {
    const auto [code, out] = run_server(env, args);
    EXPECT_EQ(code, 2) << env << ": " << out;
    EXPECT_NE(out.find(env.substr(0, env.find('='))), std::string::npos) << out;
    EXPECT_NE(out.find("whole number of milliseconds"), std::string::npos) << out;
  }
  EXPECT_EQ(redis.command({"DBSIZE"}), "0");
}

// One clock: with the offset set, what the server says the time is, an account made
// through the command line and the audit entries of it all are on the moved clock (they
// used to be on three clocks, only the first of them moved).
TEST(ClockHooks, TheOffsetMovesTheProtocolAccountsAndTheAuditLogTogether) {
  constexpr std::int64_t ahead = 30 * day_ms;
  struct env_guard {
    env_guard() { ::setenv("HUIWU_CLOCK_OFFSET_MS", std::to_string(ahead).c_str(), 1); }
    ~env_guard() { ::unsetenv("HUIWU_CLOCK_OFFSET_MS"); }
  } offset;
  const auto machine_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const auto before = machine_ms();
  redis_process redis;
  server_process server(redis.port());  // creates and logs in its test account: audited
  ASSERT_EQ(make_account(redis.port(), "lead1", "住建局", "lead1"), 0);
  ws_client c(server.port());
  v1::Envelope ping;
  ping.mutable_ping();
  const auto pong = c.call(ping);
  const auto audit = http_get(server.port(), "/api/audit?limit=50");
  const auto after = machine_ms();

  const auto moved = [&](std::int64_t t) { return t >= before + ahead && t <= after + ahead; };
  ASSERT_TRUE(pong.has_pong()) << pong.ShortDebugString();
  EXPECT_TRUE(moved(pong.pong().server_time_ms())) << pong.pong().server_time_ms();
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto body = parse(audit);
  const auto& entries = body.at("entries").as_array();
  ASSERT_GE(entries.size(), 2U) << audit.body;  // the two accounts created, the login
  for (const auto& e : entries) {
    EXPECT_TRUE(moved(e.at("at_ms").as_int64())) << json::serialize(e);
  }
}

}  // namespace
}  // namespace huiwu::test
