// Who may read a decision is one rule (domain::may_read_decision), and every way a person
// meets a decision must agree with it, over the real server and Redis: the board, the
// decision's detail, the CSV export, the action route and the WebSocket meeting view. A
// table of readers × decisions; each reader that may not read a decision gets exactly what
// a missing decision gets, and the table's expectations are the rule spelled out once more.
#include "followup_support.hpp"

namespace huiwu::test {
namespace {

using namespace followup_support;

struct reader {
  std::string account;  // "" = the test account, the meeting's creator
  std::string clearance;
  bool invited;
  bool named;
};

class FollowupAccessTest : public ServerTest {
 protected:
  void SetUp() override {
    for (const auto& [id, unit] :
         {std::pair{"lead1", "住建局"}, {"co1", "水务局"}, {"sup1", "督查室"}}) {
      ASSERT_EQ(make_account(redis_.port(), id, unit, std::string("姓名") + id), 0);
    }
    for (const auto& r : readers_) {
      if (r.account.empty() || r.named) continue;
      ASSERT_EQ(make_account(redis_.port(), r.account, "档案馆", r.account, r.clearance), 0);
    }
    meeting_ = secretary_->create_meeting("区政府常务会议").id();
    secretary_->join(meeting_);
    for (const auto& [title, level] :
         {std::pair{"城区防汛", v1::LEVEL_INTERNAL}, {"公开议题", v1::LEVEL_PUBLIC}}) {
      auto item = add_item_change(title);
      item.mutable_add_item()->mutable_item()->set_level(level);
      ASSERT_TRUE(secretary_->command(meeting_, item).has_ack());
    }
    for (const auto& r : readers_) {
      if (!r.invited || r.account.empty()) continue;
      v1::Change invite;
      auto* a = invite.mutable_add_attendee()->mutable_attendee();
      a->set_name(r.account);
      a->set_account_id(r.account);
      a->set_role(v1::ROLE_PARTICIPANT);
      ASSERT_TRUE(secretary_->command(meeting_, invite).has_ack());
    }
    // d_internal on the 内部 item, d_public on the 公开 one; both name lead1, co1 and sup1.
    for (const auto& [item, text] :
         {std::pair<std::string, std::string>{"i1", "内部决定事项"}, {"i2", "公开决定事项"}}) {
      auto created =
          create_decision(server_.port(), server_.token(), meeting_, item, {{"text", text}});
      ASSERT_EQ(created.status, 201) << created.body;
      decisions_.push_back(
          {std::string(parse(created).at("decision_id").as_string()), text, item == "i1"});
    }
  }

  std::string token(const reader& r) {
    return r.account.empty() ? server_.token() : token_of(server_.port(), r.account);
  }

  struct decision {
    std::string id, text;
    bool internal;
  };

  const std::vector<reader> readers_ = {
      {"", "secret", true, false},           // the creator (the test account)
      {"inv_pub", "public", true, false},    // invited, cleared for 公开 only
      {"inv_int", "internal", true, false},  // invited, cleared for 内部
      {"lead1", "secret", false, true},      // named, not invited
      {"co1", "secret", false, true},
      {"outsider", "secret", false, false},  // cleared for everything, neither
      {"low", "public", false, false},
  };
  std::unique_ptr<ws_client> secretary_ = client();
  std::string meeting_;
  std::vector<decision> decisions_;
};

TEST_F(FollowupAccessTest, BoardDetailExportActionAndMeetingViewAgree) {
  ASSERT_EQ(decisions_.size(), 2u);
  const auto before = redis_cli(redis_.port(), "XLEN hw:{m:" + meeting_ + "}:log");
  int readable = 0, hidden = 0;
  for (const auto& r : readers_) {
    const auto t = token(r);
    ASSERT_FALSE(t.empty()) << r.account;
    const auto board = call(server_.port(), t, "/api/followup/board");
    ASSERT_EQ(board.status, 200) << board.body;
    const auto csv = call(server_.port(), t, "/api/followup/export.csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    const auto missing_detail =
        call(server_.port(), t, "/api/followup/decision?meeting=" + meeting_ + "&id=d99");
    const auto missing_action = act(server_.port(), t, meeting_, "d99", "accept", "lead");
    // The meeting view: only those the join lets in (invited, and cleared for the meeting).
    std::optional<v1::Meeting> view;
    if (r.invited) {
      ws_client ws(server_.port(), "c-" + r.account, t);
      view = ws.join(meeting_).snapshot();
    }
    for (const auto& d : decisions_) {
      // public < internal < secret: the decision's item is 内部 or 公开, the meeting 公开.
      const int rank = r.clearance == "secret" ? 2 : r.clearance == "internal" ? 1 : 0;
      const bool cleared = rank >= (d.internal ? 1 : 0);
      const bool expected = cleared && (r.invited || r.named);
      const std::string where = "reader '" + r.account + "' on " + d.id;
      (expected ? readable : hidden)++;

      EXPECT_EQ(board.body.find("\"id\":\"" + d.id + "\"") != std::string::npos, expected)
          << where << ": " << board.body;
      EXPECT_EQ(csv.body.find(d.text) != std::string::npos, expected) << where;
      const auto shown =
          call(server_.port(), t, "/api/followup/decision?meeting=" + meeting_ + "&id=" + d.id);
      const auto acted = act(server_.port(), t, meeting_, d.id, "accept", "lead");
      if (expected) {
        EXPECT_EQ(shown.status, 200) << where << ": " << shown.body;
        EXPECT_NE(acted.status, 404) << where << ": " << acted.body;
      } else {
        EXPECT_EQ(shown.status, 404) << where;
        EXPECT_EQ(shown.body, missing_detail.body) << where;
        EXPECT_EQ(acted.status, 404) << where;
        EXPECT_EQ(acted.body, missing_action.body) << where;
        EXPECT_EQ(acted.body, R"({"error":{"code":"not_found","message":"no such decision",)"
                              R"("field":"decision_id"}})")
            << where;
      }
      if (view) {
        bool in_view = false;
        for (const auto& vd : view->decisions()) in_view = in_view || vd.id() == d.id;
        EXPECT_EQ(in_view, expected) << where << " (meeting view)";
      }
    }
  }
  EXPECT_GE(readable, 5);
  EXPECT_GE(hidden, 5);
  // Every action above was refused (none may accept an unassigned decision): nothing moved.
  EXPECT_EQ(redis_cli(redis_.port(), "XLEN hw:{m:" + meeting_ + "}:log"), before);
}

// A decision in a meeting that does not exist is answered like a hidden one, too.
TEST_F(FollowupAccessTest, AMissingMeetingIsAnsweredLikeAHiddenDecision) {
  const auto t = token_of(server_.port(), "outsider");
  const auto hidden = act(server_.port(), t, meeting_, decisions_.at(0).id, "accept", "lead");
  const auto nowhere = act(server_.port(), t, "m-nowhere", decisions_.at(0).id, "accept", "lead");
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(nowhere.body, hidden.body);
}

}  // namespace
}  // namespace huiwu::test
