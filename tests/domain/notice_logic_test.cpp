// The notice's replies (docs/protocol.md §6.5, decision 0026): who may reply when, what a
// refused reply answers (and that it changes nothing), how leave carries into attendance,
// how a re-issue marks earlier replies to confirm again, and what lands in whose inbox.
#include "domain/notice_logic.hpp"

#include <gtest/gtest.h>

#include <string>

#include "domain/access_rules.hpp"
#include "domain/meeting_logic.hpp"
#include "test_time.hpp"

namespace huiwu::domain {
namespace {

using test_support::t0;

v1::Meeting notice_sample(v1::MeetingPhase phase, int issues = 1) {
  v1::MeetingInfo info;
  info.set_title("局长办公会议");
  info.set_starts_at_ms(t0 + 3'600'000);
  info.set_ends_at_ms(t0 + 7'200'000);
  info.set_place("三楼第一会议室");
  auto m = new_meeting("m1", info, t0);
  m.set_created_by("boss");
  m.mutable_lifecycle()->set_phase(phase);
  m.mutable_lifecycle()->set_notice_issues(issues);
  for (auto [id, account, role] : {std::tuple{"p1", "sec", v1::ROLE_SECRETARY},
                                   {"p2", "chair", v1::ROLE_CHAIR},
                                   {"p3", "part", v1::ROLE_PARTICIPANT},
                                   {"p4", "obs", v1::ROLE_OBSERVER},
                                   {"p5", "", v1::ROLE_PARTICIPANT}}) {
    auto* a = m.add_attendees();
    a->set_id(id);
    a->set_name(id);
    a->set_account_id(account);
    a->set_role(role);
  }
  return m;
}

maybe_rejection notice_run(v1::Meeting& m, const v1::Change& c, const std::string& account,
                           std::int64_t now = t0, v1::Event* out = nullptr) {
  if (auto r = check_change(m, viewer{account, v1::LEVEL_SECRET}, c)) return r;
  v1::Event e;
  if (auto r = decide(m, c, now, *e.mutable_change(), {}, account)) return r;
  e.set_version(m.version() + 1);
  e.set_account_id(account);
  e.set_at_ms(now);
  apply(m, e);
  if (out) *out = e;
  return std::nullopt;
}

v1::Change reply(const std::string& attendee, v1::ReplyKind kind, const std::string& a = {},
                 const std::string& b = {}) {
  v1::Change c;
  auto* r = c.mutable_reply_notice();
  r->set_attendee_id(attendee);
  r->set_kind(kind);
  if (kind == v1::REPLY_DEPUTY) {
    r->set_deputy_name(a);
    r->set_deputy_title(b);
  }
  if (kind == v1::REPLY_LEAVE) r->set_reason(a);
  return c;
}

TEST(NoticeReplies, EachInviteeRepliesForThemselfAndASecretaryForAnyone) {
  auto m = notice_sample(v1::PHASE_NOTIFIED);
  EXPECT_FALSE(notice_run(m, reply("p3", v1::REPLY_ATTEND), "part"));
  EXPECT_FALSE(notice_run(m, reply("p4", v1::REPLY_LEAVE, "出差"), "obs"));
  EXPECT_FALSE(notice_run(m, reply("p2", v1::REPLY_DEPUTY, "王五", "副局长"), "chair"));
  EXPECT_FALSE(notice_run(m, reply("p5", v1::REPLY_ATTEND), "sec"));  // 电话回执, no account
  const auto before = m.SerializeAsString();
  auto r = notice_run(m, reply("p2", v1::REPLY_ATTEND), "part");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_FORBIDDEN);
  r = notice_run(m, reply("p3", v1::REPLY_ATTEND), "stranger");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, v1::ERROR_FORBIDDEN);
  EXPECT_EQ(m.SerializeAsString(), before);
  EXPECT_EQ(m.attendees(1).reply().deputy_name(), "王五");
  EXPECT_EQ(m.attendees(1).reply().by(), "chair");
  const auto counts = count_replies(m);
  EXPECT_EQ(counts.attend, 2);
  EXPECT_EQ(counts.deputy, 1);
  EXPECT_EQ(counts.leave, 1);
  EXPECT_EQ(counts.none, 1);  // the secretary's own
}

TEST(NoticeReplies, RefusedBeforeTheNoticeAndAfterTheStartChangingNothing) {
  for (auto phase :
       {v1::PHASE_DRAFTING, v1::PHASE_IN_SESSION, v1::PHASE_ENDED, v1::PHASE_CANCELLED}) {
    auto m = notice_sample(phase, phase == v1::PHASE_DRAFTING ? 0 : 1);
    const auto before = m.SerializeAsString();
    auto r = notice_run(m, reply("p3", v1::REPLY_ATTEND), "part");
    ASSERT_TRUE(r) << phase;
    EXPECT_EQ(r->code, v1::ERROR_CONFLICT);
    EXPECT_EQ(r->field, "phase");
    EXPECT_NE(r->message.find(phase == v1::PHASE_DRAFTING ? "not been issued" : "closed"),
              std::string::npos)
        << r->message;
    EXPECT_EQ(m.SerializeAsString(), before);
  }
}

TEST(NoticeReplies, BadRepliesAreRefusedByField) {
  auto m = notice_sample(v1::PHASE_NOTIFIED);
  const auto before = m.SerializeAsString();
  struct bad {
    v1::Change c;
    v1::ErrorCode code;
    const char* field;
  };
  for (const auto& b :
       {bad{reply("p3", v1::REPLY_DEPUTY, "", "处长"), v1::ERROR_INVALID_FIELD, "deputy_name"},
        bad{reply("p3", v1::REPLY_DEPUTY, "李四", ""), v1::ERROR_INVALID_FIELD, "deputy_title"},
        bad{reply("p3", v1::REPLY_LEAVE, "  "), v1::ERROR_INVALID_FIELD, "reason"},
        bad{reply("p3", v1::REPLY_NONE), v1::ERROR_INVALID_FIELD, "kind"},
        bad{reply("p9", v1::REPLY_ATTEND), v1::ERROR_NOT_FOUND, "attendee_id"}}) {
    auto r = notice_run(m, b.c, "sec");
    ASSERT_TRUE(r) << b.field;
    EXPECT_EQ(r->code, b.code) << b.field;
    EXPECT_EQ(r->field, b.field);
  }
  EXPECT_EQ(m.SerializeAsString(), before);
}

TEST(NoticeReplies, LeaveCarriesIntoAttendanceAndBackWhenTakenBack) {
  auto m = notice_sample(v1::PHASE_NOTIFIED);
  ASSERT_FALSE(notice_run(m, reply("p3", v1::REPLY_LEAVE, "在外地出差"), "part"));
  EXPECT_EQ(m.attendees(2).attendance(), v1::ATTENDANCE_LEAVE);
  EXPECT_EQ(m.attendees(2).leave_reason(), "在外地出差");
  ASSERT_FALSE(notice_run(m, reply("p3", v1::REPLY_DEPUTY, "李四", "副处长"), "part"));
  EXPECT_EQ(m.attendees(2).attendance(), v1::ATTENDANCE_EXPECTED);
  EXPECT_EQ(m.attendees(2).leave_reason(), "");
}

TEST(NoticeReplies, AReissueMarksEarlierRepliesToConfirmAndTheyConfirmAgain) {
  auto m = notice_sample(v1::PHASE_NOTIFIED);
  ASSERT_FALSE(notice_run(m, reply("p3", v1::REPLY_ATTEND), "part"));
  EXPECT_FALSE(reply_to_confirm(m, m.attendees(2)));
  // A new place in the header while the notice is out re-issues it.
  v1::Change c;
  *c.mutable_update_info()->mutable_info() = m.info();
  c.mutable_update_info()->mutable_info()->set_place("五楼大会议室");
  v1::Event e;
  ASSERT_FALSE(notice_run(m, c, "sec", t0 + 5, &e));
  EXPECT_EQ(m.lifecycle().notice_issues(), 2);
  EXPECT_EQ(m.lifecycle().notice_issued_at_ms(), t0 + 5);
  EXPECT_TRUE(reply_to_confirm(m, m.attendees(2)));
  EXPECT_EQ(count_replies(m).to_confirm, 1);
  auto d = inbox_deliveries(m, e, 1);
  ASSERT_EQ(d.size(), 4u);  // sec, chair, part, obs; p5 has no account
  EXPECT_EQ(d[2].account_id, "part");
  EXPECT_EQ(d[2].entry.kind(), "notice_update");
  // A description edit is not a re-issue.
  *c.mutable_update_info()->mutable_info() = m.info();
  c.mutable_update_info()->mutable_info()->set_description("请准时参加");
  ASSERT_FALSE(notice_run(m, c, "sec"));
  EXPECT_EQ(m.lifecycle().notice_issues(), 2);
  ASSERT_FALSE(notice_run(m, reply("p3", v1::REPLY_ATTEND), "part"));
  EXPECT_FALSE(reply_to_confirm(m, m.attendees(2)));
}

TEST(NoticeReplies, TheFirstIssueCarriesTheNoticeToEveryInvitedAccount) {
  auto m = notice_sample(v1::PHASE_DRAFTING, 0);
  v1::Change c;
  auto* n = c.mutable_issue_notice()->mutable_notice();
  n->set_reply_by("2026-09-20");
  n->set_contact("张秘书");
  n->set_phone("010-12345678");
  n->add_materials("2026年工作要点（征求意见稿）");
  v1::Event e;
  ASSERT_FALSE(notice_run(m, c, "sec", t0, &e));
  EXPECT_EQ(m.notice().contact(), "张秘书");
  ASSERT_EQ(e.change().issue_notice().invited_size(), 4);
  auto d = inbox_deliveries(m, e, 0);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].entry.kind(), "notice");
  EXPECT_EQ(d[0].entry.title(), "局长办公会议");
  // A bad reply-by date is refused and nothing is issued.
  auto m2 = notice_sample(v1::PHASE_DRAFTING, 0);
  n->set_reply_by("9月20日");
  auto r = notice_run(m2, c, "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "notice.reply_by");
  EXPECT_EQ(m2.lifecycle().phase(), v1::PHASE_DRAFTING);
  n->set_reply_by("2026-02-30");  // no such day
  r = notice_run(m2, c, "sec");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "notice.reply_by");
}

TEST(NoticeReplies, AReminderGoesToThoseWithAnAccountWhoHaveNotReplied) {
  auto m = notice_sample(v1::PHASE_NOTIFIED);
  ASSERT_FALSE(notice_run(m, reply("p3", v1::REPLY_ATTEND), "part"));
  v1::Change c;
  c.mutable_remind_replies();
  EXPECT_TRUE(notice_run(m, c, "part"));  // not the invitees' to send
  v1::Event e;
  ASSERT_FALSE(notice_run(m, c, "sec", t0 + 9, &e));
  auto d = inbox_deliveries(m, e, 1);
  ASSERT_EQ(d.size(), 3u);
  for (const auto& x : d) {
    EXPECT_NE(x.account_id, "part");
    EXPECT_EQ(x.entry.kind(), "reminder");
  }
  EXPECT_EQ(m.attendees(1).reply().reminded_at_ms(), t0 + 9);
  EXPECT_EQ(m.attendees(1).reply().kind(), v1::REPLY_NONE);
}

// 印发: the issued 纪要 goes to each recipient's inbox once, whatever the phase of the notice.
TEST(NoticeReplies, AnIssuedJiyaoGoesToEachRecipientsInboxOnce) {
  auto m = notice_sample(v1::PHASE_ENDED);
  v1::Event e;
  e.set_at_ms(t0 + 5);
  e.set_account_id("sec");
  auto* a = e.mutable_change()->mutable_jiyao_action();
  a->set_step(v1::JIYAO_ISSUE);
  for (const char* id : {"part", "lead", "part"}) a->add_recipients(id);
  auto d = inbox_deliveries(m, e, m.lifecycle().notice_issues());
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].account_id, "part");
  EXPECT_EQ(d[1].account_id, "lead");
  EXPECT_EQ(d[0].entry.kind(), "jiyao");
  EXPECT_EQ(d[0].entry.meeting_id(), m.id());
  // Other 纪要 steps put nothing in anyone's inbox.
  a->set_step(v1::JIYAO_SUBMIT);
  EXPECT_TRUE(inbox_deliveries(m, e, m.lifecycle().notice_issues()).empty());
}

}  // namespace
}  // namespace huiwu::domain
