// The notice, its replies and the inbox through the real server and Redis (docs/protocol.md
// §6.5): issue -> an inbox entry per invitee; replies from three accounts (attend, deputy,
// leave) as the secretary's connection sees them; a reminder to the one who has not
// replied; a re-issue after a change of place (replies to confirm again); replies closed
// after the start; bad input refused with nothing changed.
#include <boost/json.hpp>

#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

namespace json = boost::json;

class NoticeTest : public ServerTest {
 protected:
  void SetUp() override {
    for (const auto* id : {"conv", "zhang", "li", "wang", "zhao", "out"}) {
      ASSERT_EQ(create_account(redis_.port(), id, std::string("password-") + id, "secret"), 0);
      tokens_[id] = log_in(server_.port(), id, std::string("password-") + id);
      ASSERT_FALSE(tokens_[id].empty()) << id;
    }
    conv_ = std::make_unique<ws_client>(server_.port(), "c-conv", tokens_["conv"]);
    meeting_ = conv_->create_meeting("关于召开2026年第三季度工作会议的通知").id();
    conv_->join(meeting_);
    v1::Change info;
    auto* i = info.mutable_update_info()->mutable_info();
    i->set_title("2026年第三季度工作会议");
    i->set_starts_at_ms(1'790'000'000'000);
    i->set_ends_at_ms(1'790'007'200'000);
    i->set_place("三楼第一会议室");
    i->set_convener("办公室");
    ASSERT_TRUE(conv_->command(meeting_, info).has_ack());
    for (const auto* id : {"zhang", "li", "wang", "zhao"}) {
      v1::Change c;
      auto* a = c.mutable_add_attendee()->mutable_attendee();
      a->set_name(std::string("人员") + id);
      a->set_account_id(id);
      a->set_role(v1::ROLE_PARTICIPANT);
      ASSERT_TRUE(conv_->command(meeting_, c).has_ack());
      attendee_[id] = state().attendees(state().attendees_size() - 1).id();
    }
  }

  v1::Meeting state() { return conv_->join(meeting_).snapshot(); }

  http_result as(const std::string& who, const std::string& target,
                 const std::string& method = "GET", const std::string& body = {}) {
    return http_request(
        server_.port(), target, method, body,
        {{"Authorization", "Bearer " + tokens_[who]}, {"Content-Type", "application/json"}});
  }

  json::object inbox(const std::string& who) {
    auto r = as(who, "/api/inbox");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  }

  http_result reply(const std::string& who, const std::string& attendee, const std::string& kind,
                    const std::string& extra = {}) {
    return as(who, "/api/notice/reply", "POST",
              R"({"meeting_id":")" + meeting_ + R"(","attendee_id":")" + attendee +
                  R"(","kind":")" + kind + "\"" + extra + "}");
  }

  std::map<std::string, std::string> tokens_, attendee_;
  std::unique_ptr<ws_client> conv_;
  std::string meeting_;
};

std::string error_field(const http_result& r) {
  auto o = json::parse(r.body).as_object();
  const auto& e = o.at("error").as_object();
  return e.contains("field") ? std::string(e.at("field").as_string()) : "";
}

TEST_F(NoticeTest, IssueRepliesReminderReissueAndTheStart) {
  // Before the notice: nothing to reply to, and no inbox entry.
  auto early = reply("zhang", attendee_["zhang"], "attend");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(error_field(early), "phase");
  EXPECT_EQ(inbox("zhang").at("entries").as_array().size(), 0u);
  const auto g0 = inbox("zhang").at("generation").to_number<std::uint64_t>();

  v1::Change issue;
  auto* n = issue.mutable_issue_notice()->mutable_notice();
  n->set_reply_by("2026-09-20");
  n->set_contact("张秘书");
  n->set_phone("010-66668888");
  n->set_bring("笔记本");
  n->add_materials("第三季度工作总结（讨论稿）");
  ASSERT_TRUE(conv_->command(meeting_, issue).has_ack());

  // The wake-up of the inbox pages (answers at once: the counter moved past g0).
  auto woke = as("zhang", "/api/inbox/changes?after=" + std::to_string(g0));
  ASSERT_EQ(woke.status, 200);
  EXPECT_GT(json::parse(woke.body).at("generation").to_number<std::uint64_t>(), g0);
  for (const auto* id : {"zhang", "li", "wang", "zhao"}) {
    auto box = inbox(id);
    ASSERT_EQ(box.at("entries").as_array().size(), 1u) << id;
    const auto& e = box.at("entries").as_array()[0].as_object();
    EXPECT_EQ(e.at("kind").as_string(), "notice");
    EXPECT_EQ(e.at("meeting_id").as_string(), meeting_);
    EXPECT_EQ(e.at("title").as_string(), "2026年第三季度工作会议");
    EXPECT_EQ(box.at("unread").as_int64(), 1);
  }
  EXPECT_EQ(inbox("out").at("entries").as_array().size(), 0u);
  EXPECT_EQ(state().notice().contact(), "张秘书");
  // The notice as .docx for the invitee (the layout is read back by LibreOffice and mammoth
  // in tests/export/notice-readback.test.mjs); nobody else gets it.
  auto docx = as("zhang", "/api/meetings/notice.docx?m=" + meeting_);
  ASSERT_EQ(docx.status, 200) << docx.body;
  EXPECT_EQ(docx.body.substr(0, 2), "PK");
  EXPECT_NE(docx.headers["content-disposition"].find("notice-" + meeting_ + ".docx"),
            std::string::npos);
  EXPECT_EQ(as("out", "/api/meetings/notice.docx?m=" + meeting_).status, 404);

  // The invitee opens the notice: the meeting as they may see it, with their attendee.
  auto opened = as("zhang", "/api/notice?m=" + meeting_);
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(json::parse(opened.body).at("attendee_id").as_string(), attendee_["zhang"]);
  EXPECT_EQ(as("out", "/api/notice?m=" + meeting_).status, 404);

  // Three replies; the secretary's connection sees each as an event.
  const auto v = state().version();
  ASSERT_EQ(reply("zhang", attendee_["zhang"], "attend").status, 200);
  ASSERT_EQ(reply("li", attendee_["li"], "deputy",
                  R"(,"deputy_name":"王五","deputy_title":"综合处副处长")")
                .status,
            200);
  ASSERT_EQ(reply("wang", attendee_["wang"], "leave", R"(,"reason":"赴省里开会")").status, 200);
  for (std::uint64_t k = 1; k <= 3; ++k) {
    auto e = conv_->event(meeting_, v + k);
    ASSERT_TRUE(e) << k;
    EXPECT_TRUE(e->change().has_reply_notice());
  }
  // Someone else's reply, a deputy without a name, an unknown kind: refused, nothing changed.
  const auto before = state();
  auto other = reply("zhang", attendee_["zhao"], "attend");
  EXPECT_EQ(other.status, 403) << other.body;
  auto nameless = reply("zhao", attendee_["zhao"], "deputy", R"(,"deputy_title":"处长")");
  EXPECT_EQ(nameless.status, 400);
  EXPECT_EQ(error_field(nameless), "deputy_name");
  EXPECT_EQ(error_field(reply("zhao", attendee_["zhao"], "maybe")), "kind");
  EXPECT_EQ(state().SerializeAsString(), before.SerializeAsString());

  auto s = state();
  auto find = [&](const std::string& id) -> const v1::Attendee& {
    for (const auto& a : s.attendees()) {
      if (a.id() == attendee_[id]) return a;
    }
    throw std::runtime_error("no attendee " + id);
  };
  EXPECT_EQ(find("zhang").reply().kind(), v1::REPLY_ATTEND);
  EXPECT_EQ(find("li").reply().deputy_name(), "王五");
  EXPECT_EQ(find("wang").attendance(), v1::ATTENDANCE_LEAVE);  // leave carries into check-in
  EXPECT_EQ(find("wang").leave_reason(), "赴省里开会");
  EXPECT_EQ(find("zhao").reply().kind(), v1::REPLY_NONE);

  // 催报: only zhao has not replied.
  v1::Change remind;
  remind.mutable_remind_replies();
  ASSERT_TRUE(conv_->command(meeting_, remind).has_ack());
  auto zhao = inbox("zhao").at("entries").as_array();
  ASSERT_EQ(zhao.size(), 2u);
  EXPECT_EQ(zhao[0].at("kind").as_string(), "reminder");  // newest first
  EXPECT_EQ(inbox("zhang").at("entries").as_array().size(), 1u);

  // Opening marks read; an id the account does not have is 404.
  const auto first = std::string(zhao[1].at("id").as_string());
  ASSERT_EQ(as("zhao", "/api/inbox/read", "POST", R"({"id":")" + first + "\"}").status, 200);
  EXPECT_EQ(inbox("zhao").at("unread").as_int64(), 1);
  EXPECT_EQ(as("zhao", "/api/inbox/read", "POST", R"({"id":"999"})").status, 404);
  EXPECT_EQ(as("zhao", "/api/inbox/read", "POST", R"({"id":"x"})").status, 400);

  // A new place re-issues the notice: an update in every inbox, replies to confirm.
  v1::Change moved;
  *moved.mutable_update_info()->mutable_info() = state().info();
  moved.mutable_update_info()->mutable_info()->set_place("五楼大会议室");
  ASSERT_TRUE(conv_->command(meeting_, moved).has_ack());
  s = state();
  EXPECT_EQ(s.lifecycle().notice_issues(), 2);
  // The invitation follows the re-issue: the same event, one version on.
  auto ics = as("zhang", "/api/meetings/invite.ics?m=" + meeting_);
  ASSERT_EQ(ics.status, 200) << ics.body;
  EXPECT_NE(ics.body.find("SEQUENCE:1\r\n"), std::string::npos) << ics.body;
  EXPECT_NE(ics.body.find("五楼大会议室"), std::string::npos);
  auto zhang = inbox("zhang").at("entries").as_array();
  ASSERT_EQ(zhang.size(), 2u);
  EXPECT_EQ(zhang[0].at("kind").as_string(), "notice_update");
  auto reopened = json::parse(as("zhang", "/api/notice?m=" + meeting_).body);
  EXPECT_TRUE(reopened.at("to_confirm").as_bool());
  ASSERT_EQ(reply("zhang", attendee_["zhang"], "attend").status, 200);
  EXPECT_FALSE(
      json::parse(as("zhang", "/api/notice?m=" + meeting_).body).at("to_confirm").as_bool());

  // After the start replies are closed.
  v1::Change start;
  start.mutable_start_meeting();
  ASSERT_TRUE(conv_->command(meeting_, start).has_ack());
  auto late = reply("zhao", attendee_["zhao"], "attend");
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(error_field(late), "phase");
}

}  // namespace
}  // namespace huiwu::test
