// Follow-up (督办) over the real server and Redis: a decision from a passage of the minutes
// followed from 立项 to 销号 by the people named on it, refusals that change nothing, an
// append-only history, the board's access filter, league table and digest, and exports that
// read back.
#include <cctype>
#include <filesystem>
#include <fstream>

#include "followup_support.hpp"
#include "ot/proto_codec.hpp"
#include "ot/text_operation.hpp"
#include "support/eventually.hpp"

namespace huiwu::test {
namespace {

using namespace followup_support;

// RFC 4180, strictly: CRLF records, quoted fields with doubled quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      out.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      field += c;
    }
  }
  if (!field.empty() || !record.empty()) {
    record.push_back(std::move(field));
    out.push_back(std::move(record));
  }
  return out;
}

class FollowupTest : public ServerTest {
 protected:
  void SetUp() override {
    for (const auto& [id, unit] : {std::pair{"lead1", "住建局"},
                                   {"co1", "水务局"},
                                   {"sup1", "督查室"},
                                   {"outsider", "档案馆"}}) {
      ASSERT_EQ(make_account(redis_.port(), id, unit, std::string("姓名") + id), 0);
    }
    ASSERT_EQ(make_account(redis_.port(), "low", "水务局", "低密级", "public"), 0);
    ASSERT_EQ(make_account(redis_.port(), "mid", "水务局", "内部级", "internal"), 0);
    meeting_ = secretary_->create_meeting("区政府常务会议").id();
    secretary_->join(meeting_);
    auto item = add_item_change("城区防汛");
    item.mutable_add_item()->mutable_item()->set_level(v1::LEVEL_INTERNAL);
    ASSERT_TRUE(secretary_->command(meeting_, item).has_ack());
    v1::Change minutes;
    minutes.mutable_edit_minutes()->set_item_id("i1");
    minutes.mutable_edit_minutes()->set_base_version(1);
    ot::to_proto(ot::text_operation().insert(passage_),
                 *minutes.mutable_edit_minutes()->mutable_op());
    ASSERT_TRUE(secretary_->command(meeting_, minutes).has_ack());
    token_ = server_.token();
  }

  std::string history_json() {
    const auto d = detail(server_.port(), token_, meeting_, decision_);
    return json::serialize(d.at("history"));
  }

  std::unique_ptr<ws_client> secretary_ = client();
  std::string meeting_, decision_, token_;
  const std::string passage_ = "会议决定：由住建局牵头，水务局配合，月底前完成排水管网改造方案。";
};

TEST_F(FollowupTest, FromPassageToClosedWithAnAppendOnlyHistory) {
  const json::object source{
      {"quote", "月底前完成排水管网改造方案"}, {"start", 18}, {"end", 31}, {"version", 2}};
  auto created = create_decision(server_.port(), token_, meeting_, "i1", {{"source", source}});
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());

  // People joined to the meeting see the decision arrive live, as an event.
  auto ev = secretary_->wait_for([](const v1::Envelope& e) {
    return e.has_event() && e.event().change().has_create_decision();
  });
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->event().change().create_decision().decision().state(), "opened");
  EXPECT_EQ(ev->event().change().create_decision().decision().source().quote(),
            "月底前完成排水管网改造方案");

  const auto lead = token_of(server_.port(), "lead1");
  const auto co = token_of(server_.port(), "co1");
  const auto sup = token_of(server_.port(), "sup1");
  struct step {
    std::string token, action, role, text;
    int status;
    std::string state;
  };
  const std::vector<step> steps{
      {lead, "accept", "lead", "", 409, "opened"},      // not assigned yet
      {lead, "assign", "lead", "", 403, "opened"},      // not the lead's to assign
      {co, "assign", "supervisor", "", 403, "opened"},  // not the supervisor
      {sup, "assign", "supervisor", "请抓紧办理", 200, "assigned"},
      {lead, "accept", "lead", "", 200, "accepted"},
      {lead, "report_progress", "lead", "", 400, "accepted"},  // a report needs its text
      {lead, "report_progress", "lead", "已完成现场勘察", 200, "in_progress"},
      {co, "report_progress", "co_operator", "水务局已提供管网图", 200, "in_progress"},
      {lead, "close", "lead", "", 409, "in_progress"},  // not yet reported done
      {lead, "report_completion", "lead", "方案已印发", 200, "completion_reported"},
      {lead, "report_progress", "lead", "补充", 409, "completion_reported"},
      {sup, "close", "supervisor", "经核实已办结", 200, "closed"},
      {sup, "send_back", "supervisor", "重办", 409, "closed"},
      {lead, "report_progress", "lead", "再补充", 409, "closed"},  // a verified item is final
  };
  std::string before = history_json();
  for (const auto& s : steps) {
    auto r = act(server_.port(), s.token, meeting_, decision_, s.action, s.role, s.text);
    EXPECT_EQ(r.status, s.status) << s.action << " as " << s.role << ": " << r.body;
    const auto d = detail(server_.port(), token_, meeting_, decision_);
    EXPECT_EQ(d.at("state").as_string(), s.state) << s.action;
    const auto after = json::serialize(d.at("history"));
    if (s.status == 200) {
      // Append-only: what was there is still there, byte for byte, and one line is added.
      EXPECT_EQ(after.substr(0, before.size() - 1), before.substr(0, before.size() - 1));
      EXPECT_GT(after.size(), before.size());
    } else {
      EXPECT_EQ(after, before) << "a refused " << s.action << " changed the history";
    }
    before = after;
  }
  const auto d = detail(server_.port(), token_, meeting_, decision_);
  EXPECT_EQ(d.at("history").as_array().size(), 7u);  // open + 6 accepted actions
  EXPECT_EQ(d.at("history").as_array()[3].as_object().at("actor").as_string(), "lead1");
  EXPECT_EQ(d.at("source").as_object().at("quote").as_string(), "月底前完成排水管网改造方案");

  // League table: one unit, closed on time.
  auto league = parse(call(server_.port(), token_, "/api/followup/league"));
  const auto& unit = league.at("units").as_array().at(0).as_object();
  EXPECT_EQ(unit.at("unit").as_string(), "住建局");
  EXPECT_EQ(unit.at("closed_on_time").as_int64(), 1);
  EXPECT_EQ(unit.at("on_time_rate").to_number<double>(), 1.0);
  // 100 % on time, nothing overdue: good standing, not "需要关注".
  EXPECT_EQ(unit.at("standing").as_string(), "good");
}

// Numbers in JSON are plain: a rate of one is `1`, never Boost.JSON's `1E0`.
TEST_F(FollowupTest, LeagueNumbersArePlain) {
  auto created = create_decision(server_.port(), token_, meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto raw = call(server_.port(), token_, "/api/followup/league");
  ASSERT_EQ(raw.status, 200) << raw.body;
  // Nothing closed and nothing overdue: the rate is 1 by definition, no days late.
  EXPECT_NE(raw.body.find(R"("on_time_rate":1,)"), std::string::npos) << raw.body;
  EXPECT_NE(raw.body.find(R"("average_days_late":0)"), std::string::npos) << raw.body;
  for (std::size_t i = 1; i + 1 < raw.body.size(); ++i) {
    const bool exponent = (raw.body[i] == 'E' || raw.body[i] == 'e') &&
                          std::isdigit(static_cast<unsigned char>(raw.body[i - 1])) &&
                          (std::isdigit(static_cast<unsigned char>(raw.body[i + 1])) ||
                           raw.body[i + 1] == '-' || raw.body[i + 1] == '+');
    EXPECT_FALSE(exponent) << "a number in exponent form at " << i << ": " << raw.body;
  }
  const auto unit = parse(raw).at("units").as_array().at(0).as_object();
  EXPECT_EQ(unit.at("on_time_rate").to_number<double>(), 1.0);
  EXPECT_EQ(unit.at("total").as_int64(), 1);
}

// An account that may not read a decision cannot tell an existing id from a missing one:
// both are the same 404, byte for byte, and neither changes anything.
TEST_F(FollowupTest, HiddenDecisionsAnswerExactlyLikeMissingOnes) {
  auto created = create_decision(server_.port(), token_, meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  const auto before = history_json();
  // outsider: cleared for everything, neither invited nor named. low: named nowhere and
  // not cleared for the item (内部).
  for (const std::string who : {"outsider", "low"}) {
    const auto token = token_of(server_.port(), who);
    for (const std::string role : {"lead", "supervisor", "chair"}) {
      auto existing = act(server_.port(), token, meeting_, decision_, "accept", role);
      auto missing = act(server_.port(), token, meeting_, "d99", "accept", role);
      EXPECT_EQ(existing.status, 404) << who << " " << role << ": " << existing.body;
      EXPECT_EQ(existing.body, missing.body) << who << " " << role;
      EXPECT_EQ(existing.body, R"({"error":{"code":"not_found","message":"no such decision",)"
                               R"("field":"decision_id"}})");
      // The read side agrees: the detail of either is the same 404.
      auto shown = call(server_.port(), token,
                        "/api/followup/decision?meeting=" + meeting_ + "&id=" + decision_);
      auto absent =
          call(server_.port(), token, "/api/followup/decision?meeting=" + meeting_ + "&id=d99");
      EXPECT_EQ(shown.status, 404) << shown.body;
      EXPECT_EQ(shown.body, absent.body);
    }
  }
  EXPECT_EQ(history_json(), before);
  // Someone who may read it still learns that the role is not theirs.
  auto co =
      act(server_.port(), token_of(server_.port(), "co1"), meeting_, decision_, "accept", "lead");
  EXPECT_EQ(co.status, 403) << co.body;
  EXPECT_NE(co.body.find(R"("code":"forbidden")"), std::string::npos) << co.body;
}

// A query string no route could read exactly is refused whole, before any route runs:
// a clear 400 in the one error shape, and nothing recorded or changed.
TEST_F(FollowupTest, MalformedQueryIsA400AndChangesNothing) {
  auto created = create_decision(server_.port(), token_, meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  const auto before = history_json();
  const auto sup = token_of(server_.port(), "sup1");
  const json::object assign{{"meeting_id", meeting_},
                            {"decision_id", decision_},
                            {"action", "assign"},
                            {"role", "supervisor"}};
  for (const std::string bad : {"%", "unit=%E4%BD", "unit=%zz", "unit=%FF", "a=1&b=%4"}) {
    for (const std::string path : {"/api/followup/export.csv", "/api/followup/export.xlsx",
                                   "/api/followup/board", "/api/meetings/minutes", "/api/audit"}) {
      auto r = call(server_.port(), token_, path + "?" + bad);
      EXPECT_EQ(r.status, 400) << path << "?" << bad << ": " << r.body;
      const auto err = parse(r).at("error").as_object();
      EXPECT_EQ(err.at("code").as_string(), "bad_request") << r.body;
      EXPECT_EQ(err.at("field").as_string(), "query") << r.body;
      EXPECT_NE(std::string(err.at("message").as_string()).find("malformed query string"),
                std::string::npos)
          << r.body;
    }
    // A write with a bad query is not applied either, though its body is good.
    auto r =
        call(server_.port(), sup, "/api/followup/action?" + bad, "POST", json::serialize(assign));
    EXPECT_EQ(r.status, 400) << r.body;
  }
  EXPECT_EQ(history_json(), before);
  EXPECT_EQ(detail(server_.port(), token_, meeting_, decision_).at("state").as_string(), "opened");
  // No export was made, so none is on the audit record.
  auto audit = parse(call(server_.port(), token_, "/api/audit?action=export"));
  EXPECT_TRUE(audit.at("entries").as_array().empty()) << json::serialize(audit);
  // The same parameters, well formed, work: %-escapes and '+' are decoded.
  EXPECT_EQ(
      call(server_.port(), token_, "/api/followup/export.csv?unit=%E4%BD%8F%E5%BB%BA%E5%B1%80")
          .status,
      200);
  auto board = parse(call(server_.port(), token_,
                          "/api/followup/board?unit=%E4%BD%8F%E5%BB%BA%E5%B1%80&state=open"));
  EXPECT_EQ(board.at("decisions").as_array().size(), 1u);
  auto none = parse(call(server_.port(), token_, "/api/followup/board?unit=%E4%BD%8F+%E5%BB%BA"));
  EXPECT_TRUE(none.at("decisions").as_array().empty());  // "住 建" is no unit
}

TEST_F(FollowupTest, BadInputIsRefusedAndChangesNothing) {
  struct bad {
    json::object extra;
    int status;
    std::string field;
  };
  const std::vector<bad> cases{
      {{{"deadline", shanghai_date(-1)}}, 400, "decision.deadline"},  // in the past
      {{{"deadline", "2026-02-30"}}, 400, "decision.deadline"},
      {{{"lead_account", "nobody"}}, 400, "lead_account"},
      {{{"co_accounts", json::array{"ghost"}}}, 400, "co_accounts"},
      {{{"lead_unit", "不存在的局"}}, 400, "lead_unit"},
      {{{"supervisor_account", "lead1"}}, 400, "decision.supervisor_account"},
      {{{"text", "  "}}, 400, "decision.text"},
      {{{"time_zone", "Mars/Olympus"}}, 400, "decision.time_zone"},
      {{{"item_id", "i99"}}, 404, "item_id"},
      {{{"source",
         json::object{{"quote", "没有这段话"}, {"start", 0}, {"end", 5}, {"version", 2}}}},
       400,
       "decision.source.quote"},
  };
  for (const auto& c : cases) {
    auto r = create_decision(server_.port(), token_, meeting_, "i1", c.extra);
    EXPECT_EQ(r.status, c.status) << r.body;
    const auto body = parse(r);
    const auto* err = body.if_contains("error");
    ASSERT_TRUE(err) << r.body;
    EXPECT_EQ(err->as_object().at("field").as_string(), c.field) << r.body;
  }
  // Nobody is made responsible for a decision they could not read (the item is 内部).
  auto low = create_decision(server_.port(), token_, meeting_, "i1",
                             {{"co_accounts", json::array{"co1", "low"}}});
  EXPECT_EQ(low.status, 400) << low.body;
  EXPECT_NE(low.body.find("\"field\":\"co_accounts\""), std::string::npos) << low.body;
  // Someone neither secretary nor chair of the meeting may not make decisions in it.
  auto r = create_decision(server_.port(), token_of(server_.port(), "lead1"), meeting_, "i1");
  EXPECT_EQ(r.status, 403) << r.body;
  // Over the WebSocket decisions are refused: the directory is checked over HTTP.
  v1::Change c;
  c.mutable_create_decision()->mutable_decision()->set_text("x");
  EXPECT_EQ(secretary_->command(meeting_, c).error().code(), v1::ERROR_FORBIDDEN);
  // Nothing was created.
  auto board = parse(call(server_.port(), token_, "/api/followup/board"));
  EXPECT_TRUE(board.at("decisions").as_array().empty());
  EXPECT_EQ(redis_cli(redis_.port(), "HLEN hw:decisions"), "0");
}

TEST_F(FollowupTest, BoardIsFilteredByAccessAndExportsReadBack) {
  auto created = create_decision(server_.port(), token_, meeting_, "i1",
                                 {{"co_accounts", json::array{"co1", "mid"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  auto rows = [&](const std::string& who, const std::string& query = {}) {
    auto b =
        parse(call(server_.port(), token_of(server_.port(), who), "/api/followup/board" + query));
    return b.at("decisions").as_array().size();
  };
  EXPECT_EQ(rows("lead1"), 1u);     // named on it, not invited to the meeting
  EXPECT_EQ(rows("outsider"), 0u);  // neither invited nor named
  EXPECT_EQ(rows("mid"), 1u);       // named, cleared for 内部
  EXPECT_EQ(rows("lead1", "?state=closed"), 0u);
  EXPECT_EQ(rows("lead1", "?unit=%E4%BD%8F%E5%BB%BA%E5%B1%80"), 1u);  // 住建局
  EXPECT_EQ(rows("lead1", "?person=sup1&light=green"), 1u);

  auto digest = parse(call(server_.port(), token_, "/api/followup/digest"));
  EXPECT_EQ(digest.at("due_this_week").as_array().size(), 1u);
  EXPECT_TRUE(digest.at("overdue").as_array().empty());

  auto csv = call(server_.port(), token_, "/api/followup/export.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);  // a BOM: Excel reads UTF-8
  const auto records = parse_csv(csv.body.substr(3));
  ASSERT_EQ(records.size(), 2u) << csv.body;
  // The columns of docs/followup-core.md §4, in order.
  const std::vector<std::string> header{
      "序号",     "决定事项", "来源会议", "议题",     "牵头单位", "牵头责任人",
      "协办单位", "督办人",   "截止日期", "状态",     "灯",       "剩余天数",
      "逾期天数", "最近进展", "进展时间", "退回交办", "退回理由"};
  EXPECT_EQ(records[0], header);
  const std::vector<std::string> expected{"1",
                                          "完成城区排水管网改造方案",
                                          "区政府常务会议",
                                          "城区防汛",
                                          "住建局",
                                          "姓名lead1",
                                          "水务局",
                                          "姓名sup1",
                                          shanghai_date(5),
                                          "立项",
                                          "绿灯",
                                          "5",
                                          "0"};
  ASSERT_GE(records[1].size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(records[1][i], expected[i]) << i;

  auto xlsx = call(server_.port(), token_, "/api/followup/export.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  const auto path = std::filesystem::temp_directory_path() / "huiwu-followup-test.xlsx";
  std::ofstream(path, std::ios::binary) << xlsx.body;
  FILE* p = ::popen(("unzip -p '" + path.string() + "' xl/worksheets/sheet1.xml").c_str(), "r");
  ASSERT_TRUE(p);
  std::string sheet;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) sheet.append(buf, n);
  ::pclose(p);
  std::filesystem::remove(path);
  EXPECT_NE(sheet.find("<t xml:space=\"preserve\">完成城区排水管网改造方案</t>"), std::string::npos)
      << sheet.substr(0, 2000);
  EXPECT_NE(sheet.find("区政府常务会议"), std::string::npos);
  // The same header row as the CSV, in the same order.
  std::size_t at = 0;
  for (const auto& h : header) {
    const auto found = sheet.find("<t xml:space=\"preserve\">" + h + "</t>", at);
    ASSERT_NE(found, std::string::npos) << h;
    at = found;
  }

  // The item raised above mid's clearance: the board's record follows at once.
  v1::Change raise;
  auto* item = raise.mutable_edit_item()->mutable_item();
  item->set_id("i1");
  item->set_title("城区防汛");
  item->set_level(v1::LEVEL_CONFIDENTIAL);
  ASSERT_TRUE(secretary_->command(meeting_, raise).has_ack());
  EXPECT_EQ(rows("mid"), 0u);
  EXPECT_EQ(rows("lead1"), 1u);

  // Both exports are on the audit record.
  auto audit = parse(call(server_.port(), token_, "/api/audit?action=export"));
  EXPECT_EQ(audit.at("entries").as_array().size(), 2u);
}

// The board is a query over the reader's own meetings and decisions, not over the newest
// meetings: a decision in a meeting older than 500 newer ones is on the board of everyone
// invited to that meeting, not only of the people named on it, and never of a reader
// cleared below its item.
TEST_F(FollowupTest, BoardShowsDecisionsOfMeetingsOfAnyAge) {
  v1::Change invite;
  auto* a = invite.mutable_add_attendee()->mutable_attendee();
  a->set_name("档案馆馆长");
  a->set_account_id("outsider");
  a->set_role(v1::ROLE_PARTICIPANT);
  ASSERT_TRUE(secretary_->command(meeting_, invite).has_ack());
  v1::Change invite_low = invite;
  invite_low.mutable_add_attendee()->mutable_attendee()->set_name("低密级");
  invite_low.mutable_add_attendee()->mutable_attendee()->set_account_id("low");
  ASSERT_TRUE(secretary_->command(meeting_, invite_low).has_ack());
  auto created = create_decision(server_.port(), token_, meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());

  // 500 newer meetings, so the decision's meeting is the 501st newest.
  for (int i = 0; i < 500; ++i) {
    ASSERT_FALSE(secretary_->create_meeting("例会" + std::to_string(i)).id().empty()) << i;
  }
  ASSERT_EQ(redis_cli(redis_.port(), "ZCARD hw:meetings"), "501");

  auto ids = [&](const std::string& token) {
    std::vector<std::string> out;
    const auto board = parse(call(server_.port(), token, "/api/followup/board"));
    for (const auto& d : board.at("decisions").as_array()) {
      out.emplace_back(d.as_object().at("id").as_string());
    }
    return out;
  };
  const std::vector<std::string> just_it{decision_};
  EXPECT_EQ(ids(token_), just_it);                                // convener, not named
  EXPECT_EQ(ids(token_of(server_.port(), "outsider")), just_it);  // invited, not named
  EXPECT_EQ(ids(token_of(server_.port(), "lead1")), just_it);     // named, not invited
  EXPECT_TRUE(ids(token_of(server_.port(), "low")).empty());      // invited, item above
  EXPECT_TRUE(ids(token_of(server_.port(), "mid")).empty());      // neither
  EXPECT_EQ(detail(server_.port(), token_of(server_.port(), "outsider"), meeting_, decision_)
                .at("id")
                .as_string(),
            decision_);
}

// Data written before the board's reader indexes existed has none: a restarted server
// rebuilds them once, and the invited reader who is not named sees the decision again.
TEST_F(FollowupTest, ARestartRebuildsTheBoardIndexesOfOlderData) {
  v1::Change invite;
  auto* a = invite.mutable_add_attendee()->mutable_attendee();
  a->set_name("档案馆馆长");
  a->set_account_id("outsider");
  a->set_role(v1::ROLE_PARTICIPANT);
  ASSERT_TRUE(secretary_->command(meeting_, invite).has_ack());
  auto created = create_decision(server_.port(), token_, meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto outsider = token_of(server_.port(), "outsider");
  auto rows = [&] {
    return parse(call(server_.port(), outsider, "/api/followup/board"))
        .at("decisions")
        .as_array()
        .size();
  };
  ASSERT_EQ(rows(), 1u);

  // As before the indexes: every index set and the mark gone, records and meetings kept.
  const auto port = std::to_string(redis_.port());
  redis_cli(redis_.port(), "--scan --pattern 'hw:{a:*' | xargs -r redis-cli -p " + port + " DEL");
  redis_cli(redis_.port(),
            "--scan --pattern 'hw:{m:*}:decisions' | xargs -r redis-cli -p " + port + " DEL");
  redis_cli(redis_.port(), "DEL hw:board:indexed:v1");
  ASSERT_EQ(redis_cli(redis_.port(), "--scan --pattern 'hw:{a:*'"), "");
  ASSERT_EQ(redis_cli(redis_.port(), "HLEN hw:decisions"), "1");
  ASSERT_EQ(rows(), 0u);

  server_.stop();
  server_.start();
  EXPECT_TRUE(eventually([&] { return rows() == 1u; }));
  EXPECT_EQ(redis_cli(redis_.port(), "GET hw:board:indexed:v1"), "1");
  EXPECT_EQ(parse(call(server_.port(), token_of(server_.port(), "mid"), "/api/followup/board"))
                .at("decisions")
                .as_array()
                .size(),
            0u);  // neither invited nor named: the rebuilt indexes grant nothing new
}

}  // namespace
}  // namespace huiwu::test

namespace huiwu::test {
namespace {

// 退回交办 over the real server: the lead returns an assignment that is not its unit's, with a
// reason; the supervisor hands it to another lead, who must be cleared for the item; the
// history says who returned it, why, and to whom it went; the new lead sees it on their
// board and the old one no longer does. Refusals change nothing.
TEST_F(FollowupTest, TheLeadReturnsTheAssignmentAndTheSupervisorReassignsIt) {
  auto created = create_decision(server_.port(), token_, meeting_, "i1");
  ASSERT_EQ(created.status, 201) << created.body;
  decision_ = std::string(parse(created).at("decision_id").as_string());
  const auto lead = token_of(server_.port(), "lead1");
  const auto co = token_of(server_.port(), "co1");
  const auto sup = token_of(server_.port(), "sup1");
  ASSERT_EQ(act(server_.port(), sup, meeting_, decision_, "assign", "supervisor", "请办理").status,
            200);

  std::string before = history_json();
  auto blank = act(server_.port(), lead, meeting_, decision_, "return_assignment", "lead", " ");
  EXPECT_EQ(blank.status, 400) << blank.body;
  EXPECT_NE(blank.body.find(R"("field":"text")"), std::string::npos) << blank.body;
  auto not_lead = act(server_.port(), co, meeting_, decision_, "return_assignment", "co_operator",
                      "不是我们的");
  EXPECT_EQ(not_lead.status, 403) << not_lead.body;
  EXPECT_EQ(history_json(), before);

  auto returned = act(server_.port(), lead, meeting_, decision_, "return_assignment", "lead",
                      "河道清淤属水务局职责，非本单位职责");
  ASSERT_EQ(returned.status, 200) << returned.body;
  auto d = detail(server_.port(), token_, meeting_, decision_);
  EXPECT_EQ(d.at("state").as_string(), "opened");
  const auto& last = d.at("history").as_array().back().as_object();
  EXPECT_EQ(last.at("action").as_string(), "return_assignment");
  EXPECT_EQ(last.at("action_zh").as_string(), "退回交办");
  EXPECT_EQ(last.at("actor").as_string(), "lead1");
  EXPECT_EQ(last.at("text").as_string(), "河道清淤属水务局职责，非本单位职责");
  // The supervisor is to assign it again within two days (the reminder's day).
  EXPECT_EQ(last.at("deadline").as_string(), shanghai_date(2));

  // The board and the exports say it was returned, why, and by when to assign it again.
  {
    const auto row_of = [&](const json::array& rows) -> json::object {
      for (const auto& r : rows) {
        if (r.as_object().at("id").as_string() == decision_) return r.as_object();
      }
      return {};
    };
    const auto board = parse(call(server_.port(), sup, "/api/followup/board"));
    const auto row = row_of(board.at("decisions").as_array());
    ASSERT_TRUE(row.contains("returned")) << json::serialize(row);
    const auto& ret = row.at("returned").as_object();
    EXPECT_TRUE(ret.at("pending").as_bool());
    EXPECT_EQ(ret.at("reason").as_string(), "河道清淤属水务局职责，非本单位职责");
    EXPECT_EQ(ret.at("assign_by").as_string(), shanghai_date(2));
    auto csv = call(server_.port(), sup, "/api/followup/export.csv");
    ASSERT_EQ(csv.status, 200);
    const auto records = parse_csv(csv.body.substr(3));
    ASSERT_GE(records.size(), 2u);
    ASSERT_EQ(records[0].size(), 17u);
    EXPECT_EQ(records[0][15], "退回交办");
    EXPECT_EQ(records[0][16], "退回理由");
    bool found = false;
    for (std::size_t i = 1; i < records.size(); ++i) {
      ASSERT_EQ(records[i].size(), 17u) << i;  // every row as wide as the header
      if (records[i][16].empty()) continue;
      EXPECT_EQ(records[i][15],
                shanghai_date(0) + " 退回，待重新交办（" + shanghai_date(2) + " 前）");
      EXPECT_EQ(records[i][16], "河道清淤属水务局职责，非本单位职责");
      found = true;
    }
    EXPECT_TRUE(found) << csv.body;
  }

  // Reassigned: not to someone without the item's clearance, nor to nobody.
  before = history_json();
  const auto reassign = [&](const std::string& to, const std::string& unit) {
    json::object body{{"meeting_id", meeting_}, {"decision_id", decision_}, {"action", "assign"},
                      {"role", "supervisor"},   {"text", "改由水务局牵头"}, {"lead_account", to},
                      {"lead_unit", unit}};
    return call(server_.port(), sup, "/api/followup/action", "POST", json::serialize(body));
  };
  for (const auto& [to, unit, field] : {std::tuple{"low", "水务局", "lead_account"},
                                        {"nobody", "水务局", "lead_account"},
                                        {"mid", "没有的单位", "lead_unit"},
                                        {"sup1", "督查室", "lead_account"}}) {
    auto r = reassign(to, unit);
    EXPECT_EQ(r.status, 400) << to << ": " << r.body;
    EXPECT_NE(r.body.find(std::string(R"("field":")") + field + '"'), std::string::npos) << r.body;
  }
  EXPECT_EQ(history_json(), before);

  auto moved = reassign("mid", "水务局");
  ASSERT_EQ(moved.status, 200) << moved.body;
  d = detail(server_.port(), token_, meeting_, decision_);
  EXPECT_EQ(d.at("state").as_string(), "assigned");
  EXPECT_EQ(d.at("lead_account").as_string(), "mid");
  EXPECT_EQ(d.at("lead_unit").as_string(), "水务局");
  EXPECT_EQ(d.at("lead_name").as_string(), "内部级");
  const auto& handed = d.at("history").as_array().back().as_object();
  EXPECT_EQ(handed.at("action").as_string(), "assign");
  EXPECT_EQ(handed.at("lead_account").as_string(), "mid");
  EXPECT_EQ(handed.at("lead_unit").as_string(), "水务局");
  {
    // Assigned again: the export says it was returned once, and why.
    const auto records =
        parse_csv(call(server_.port(), sup, "/api/followup/export.csv").body.substr(3));
    bool found = false;
    for (std::size_t i = 1; i < records.size(); ++i) {
      if (records[i].size() != 17u || records[i][16].empty()) continue;  // never returned
      EXPECT_EQ(records[i][15], shanghai_date(0) + " 退回，已重新交办");
      found = true;
    }
    EXPECT_TRUE(found);
  }

  // The new lead has it on their board and signs; the old lead no longer sees it.
  const auto mid = token_of(server_.port(), "mid");
  auto board = call(server_.port(), mid, "/api/followup/board");
  EXPECT_NE(board.body.find(R"("id":")" + decision_ + '"'), std::string::npos) << board.body;
  EXPECT_EQ(act(server_.port(), mid, meeting_, decision_, "accept", "lead").status, 200);
  auto old = call(server_.port(), lead, "/api/followup/board");
  EXPECT_EQ(old.body.find(R"("id":")" + decision_ + '"'), std::string::npos) << old.body;
  EXPECT_EQ(
      act(server_.port(), lead, meeting_, decision_, "return_assignment", "lead", "再退").status,
      404);
}

}  // namespace
}  // namespace huiwu::test
