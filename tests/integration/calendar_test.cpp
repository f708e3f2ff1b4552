// Calendar invitations and feeds (GET /api/meetings/invite.ics, /api/calendar/feed.ics;
// docs/protocol.md §12) through the real server and Redis, read back by an independent
// iCalendar parser: who gets which meeting, at which hour, with whom.
#include <boost/json.hpp>

#include "../calendar/read_back.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

using test_ics::read_back;

// 2026-12-10 09:00–10:30 in Shanghai.
constexpr std::int64_t starts_ms = 1'796'864'400'000;
constexpr std::int64_t ends_ms = starts_ms + 90 * 60 * 1000;

class CalendarTest : public ServerTest {
 protected:
  void SetUp() override {
    for (const auto& [id, clearance] :
         std::vector<std::pair<std::string, std::string>>{{"sec", "secret"},
                                                          {"chair", "secret"},
                                                          {"part", "internal"},
                                                          {"away", "internal"},
                                                          {"out", "secret"}}) {
      ASSERT_EQ(create_account(redis_.port(), id, "password-" + id, clearance), 0) << id;
      tokens_[id] = log_in(server_.port(), id, "password-" + id);
      ASSERT_FALSE(tokens_[id].empty()) << id;
    }
    ws_ = std::make_unique<ws_client>(server_.port(), "c-sec", tokens_["sec"]);
    meeting_ = create("局务会议，研究年度预算", v1::LEVEL_INTERNAL, starts_ms);
    attendee(meeting_, "王建国", v1::ROLE_CHAIR, "chair", v1::ATTENDANCE_EXPECTED);
    attendee(meeting_, "李娜", v1::ROLE_PARTICIPANT, "part", v1::ATTENDANCE_EXPECTED);
    attendee(meeting_, "赵六", v1::ROLE_PARTICIPANT, "away", v1::ATTENDANCE_LEAVE);
  }

  std::string create(const std::string& title, v1::Level level, std::int64_t starts) {
    v1::Envelope create;
    auto* info = create.mutable_create_meeting()->mutable_info();
    info->set_title(title);
    info->set_place("机关三楼第一会议室");
    info->set_convener("王秘书");
    info->set_description("请带上预算草案。");
    info->set_level(level);
    info->set_starts_at_ms(starts);
    if (starts) info->set_ends_at_ms(starts + 90 * 60 * 1000);
    auto created = ws_->call(create);
    EXPECT_TRUE(created.has_created()) << created.DebugString();
    const auto id = created.created().meeting().id();
    ws_->join(id);
    return id;
  }

  void attendee(const std::string& m, const std::string& name, v1::Role role,
                const std::string& account, v1::Attendance attendance) {
    v1::Change c;
    auto* a = c.mutable_add_attendee()->mutable_attendee();
    a->set_name(name);
    a->set_role(role);
    a->set_account_id(account);
    EXPECT_TRUE(ws_->command(m, c).has_ack());
    if (attendance == v1::ATTENDANCE_EXPECTED) return;
    const auto s = ws_->join(m).snapshot();
    v1::Change in;
    in.mutable_check_in()->set_attendee_id(s.attendees(s.attendees_size() - 1).id());
    in.mutable_check_in()->set_attendance(attendance);
    in.mutable_check_in()->set_leave_reason("出差");
    EXPECT_TRUE(ws_->command(m, in).has_ack());
  }

  http_result get(const std::string& who, const std::string& target) {
    return http_request(server_.port(), target, "GET", {},
                        {{"Authorization", "Bearer " + tokens_[who]}});
  }

  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ws_client> ws_;
  std::string meeting_;
};

TEST_F(CalendarTest, AnInvitedReaderGetsTheMeetingAtTheRightHourWithWhoIsComing) {
  const auto r = get("part", "/api/meetings/invite.ics?m=" + meeting_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/calendar; charset=utf-8");
  const auto cal = read_back(r.body);
  EXPECT_EQ(cal.at("method").as_string(), "REQUEST");
  ASSERT_EQ(cal.at("events").as_array().size(), 1u);
  const auto& e = cal.at("events").as_array()[0].as_object();
  EXPECT_EQ(e.at("uid").as_string(), meeting_ + "@huiwu");
  EXPECT_EQ(e.at("summary").as_string(), "局务会议，研究年度预算");
  EXPECT_EQ(e.at("location").as_string(), "机关三楼第一会议室");
  EXPECT_EQ(e.at("description").as_string(), "请带上预算草案。");
  EXPECT_EQ(e.at("start").as_string(), "2026-12-10T01:00:00Z");
  EXPECT_EQ(e.at("end").as_string(), "2026-12-10T02:30:00Z");
  EXPECT_EQ(e.at("tzid").as_string(), "Asia/Shanghai");
  EXPECT_EQ(e.at("class").as_string(), "CONFIDENTIAL") << "an internal meeting";
  std::vector<std::string> names;
  for (const auto& a : e.at("attendees").as_array()) {
    names.emplace_back(a.at("name").as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"王建国", "李娜"})) << "赵六 is on leave";
  EXPECT_EQ(e.at("attendees").as_array()[0].at("role").as_string(), "CHAIR");
}

TEST_F(CalendarTest, AMeetingNotYoursAnswersExactlyLikeOneThatDoesNotExist) {
  const auto hidden = get("out", "/api/meetings/invite.ics?m=" + meeting_);
  const auto missing = get("out", "/api/meetings/invite.ics?m=mnosuchmeeting");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.status, missing.status);
  EXPECT_EQ(hidden.body, missing.body);
  EXPECT_EQ(hidden.body.find("局务会议"), std::string::npos);
}

TEST_F(CalendarTest, BadRequestsAreRefusedAtTheField) {
  const auto bad = get("part", "/api/meetings/invite.ics?m=../../etc");
  EXPECT_EQ(bad.status, 400);
  const auto err = boost::json::parse(bad.body).as_object();
  EXPECT_EQ(err.at("error").as_object().at("field").as_string(), "m") << bad.body;
  const auto untimed = create("时间待定的会议", v1::LEVEL_INTERNAL, 0);
  attendee(untimed, "李娜", v1::ROLE_PARTICIPANT, "part", v1::ATTENDANCE_EXPECTED);
  const auto r = get("part", "/api/meetings/invite.ics?m=" + untimed);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("info.starts_at_ms"), std::string::npos) << r.body;
  EXPECT_EQ(http_request(server_.port(), "/api/calendar/feed.ics", "GET", {}, {}).status, 401);
}

TEST_F(CalendarTest, TheFeedHoldsEveryMeetingTheAccountIsInvitedToAndClearedFor) {
  const auto secret = create("涉密专题会", v1::LEVEL_SECRET, starts_ms + 86400'000);
  attendee(secret, "李娜", v1::ROLE_PARTICIPANT, "part", v1::ATTENDANCE_EXPECTED);
  attendee(secret, "王建国", v1::ROLE_CHAIR, "chair", v1::ATTENDANCE_EXPECTED);
  const auto other = create("与我无关的会议", v1::LEVEL_PUBLIC, starts_ms + 2 * 86400'000);

  auto uids = [&](const std::string& who) {
    const auto r = get(who, "/api/calendar/feed.ics");
    EXPECT_EQ(r.status, 200) << r.body;
    const auto cal = read_back(r.body);
    EXPECT_EQ(cal.at("method").as_string(), "PUBLISH");
    std::set<std::string> out;
    for (const auto& e : cal.at("events").as_array()) {
      out.emplace(e.at("uid").as_string());
      EXPECT_EQ(e.at("tzid").as_string(), "Asia/Shanghai");
    }
    return out;
  };
  EXPECT_EQ(uids("part"), (std::set<std::string>{meeting_ + "@huiwu"}))
      << "not the secret meeting (clearance internal), not a meeting she is not invited to";
  EXPECT_EQ(uids("chair"), (std::set<std::string>{meeting_ + "@huiwu", secret + "@huiwu"}));
  EXPECT_EQ(uids("out"), (std::set<std::string>{}));
  EXPECT_TRUE(uids("sec").contains(other + "@huiwu")) << "the convener's own meetings";
}

TEST_F(CalendarTest, EveryDownloadIsInTheAuditLogBeforeItIsAnswered) {
  ASSERT_EQ(get("part", "/api/meetings/invite.ics?m=" + meeting_).status, 200);
  ASSERT_EQ(get("out", "/api/meetings/invite.ics?m=" + meeting_).status, 404);
  ASSERT_EQ(get("chair", "/api/calendar/feed.ics").status, 200);
  // Written before the answer: no waiting needed.
  const auto audit = http_get(server_.port(), "/api/audit?action=calendar");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto entries = boost::json::parse(audit.body).at("entries").as_array();
  ASSERT_EQ(entries.size(), 2u) << "the refused one shows nothing, records nothing: " << audit.body;
  std::map<std::string, std::pair<std::string, std::string>> by_actor;
  for (const auto& e : entries) {
    by_actor[std::string(e.at("actor").as_string())] = {std::string(e.at("target").as_string()),
                                                        std::string(e.at("detail").as_string())};
  }
  EXPECT_EQ(by_actor["part"].first, "meeting " + meeting_);
  EXPECT_EQ(by_actor["part"].second.rfind("invitation, version ", 0), 0u);
  EXPECT_EQ(by_actor["chair"].second, "feed, 1 meetings");
}

TEST_F(CalendarTest, APostponedThenCancelledMeetingUpdatesAndThenCancelsTheSameEvent) {
  auto invite = [&] {
    const auto r = get("part", "/api/meetings/invite.ics?m=" + meeting_);
    EXPECT_EQ(r.status, 200) << r.body;
    return read_back(r.body);
  };
  EXPECT_EQ(invite().at("events").as_array()[0].at("sequence").as_int64(), 0);
  v1::Change postpone;
  postpone.mutable_postpone_meeting()->set_starts_at_ms(starts_ms + 86400'000);
  postpone.mutable_postpone_meeting()->set_ends_at_ms(ends_ms + 86400'000);
  postpone.mutable_postpone_meeting()->set_reason("与全市大会冲突");
  ASSERT_TRUE(ws_->command(meeting_, postpone).has_ack());
  const auto moved = invite();
  EXPECT_EQ(moved.at("method").as_string(), "REQUEST");
  const auto& m = moved.at("events").as_array()[0];
  EXPECT_EQ(m.at("uid").as_string(), meeting_ + "@huiwu");
  EXPECT_EQ(m.at("sequence").as_int64(), 1);
  EXPECT_EQ(m.at("start").as_string(), "2026-12-11T01:00:00Z") << "a day later";

  v1::Change cancel;
  cancel.mutable_cancel_meeting()->set_reason("主要领导临时公出");
  ASSERT_TRUE(ws_->command(meeting_, cancel).has_ack());
  const auto gone = invite();
  EXPECT_EQ(gone.at("method").as_string(), "CANCEL");
  const auto& g = gone.at("events").as_array()[0];
  EXPECT_EQ(g.at("uid").as_string(), meeting_ + "@huiwu");
  EXPECT_EQ(g.at("sequence").as_int64(), 2);
  EXPECT_EQ(g.at("status").as_string(), "CANCELLED");
  // The feed keeps it, marked cancelled.
  const auto feed = read_back(get("part", "/api/calendar/feed.ics").body);
  ASSERT_EQ(feed.at("events").as_array().size(), 1u);
  EXPECT_EQ(feed.at("events").as_array()[0].at("status").as_string(), "CANCELLED");
}

}  // namespace
}  // namespace huiwu::test
