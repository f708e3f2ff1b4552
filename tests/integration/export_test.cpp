// The formal minutes export (GET /api/meetings/minutes, docs/export.md) against the real
// server and Redis: who gets which document, what it holds, and the audit entries.
#include <boost/json.hpp>

#include "../export/zip_read.hpp"
#include "base/utf8.hpp"
#include "server_fixture.hpp"

namespace huiwu::test {
namespace {

constexpr const char* docx_type =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

class ExportTest : public ServerTest {
 protected:
  void SetUp() override {
    for (const auto& [id, clearance] : std::vector<std::pair<std::string, std::string>>{
             {"sec", "secret"}, {"part", "internal"}, {"out", "secret"}}) {
      ASSERT_EQ(create_account(redis_.port(), id, "password-" + id, clearance), 0) << id;
      tokens_[id] = log_in(server_.port(), id, "password-" + id);
      ASSERT_FALSE(tokens_[id].empty()) << id;
    }
    ws_ = std::make_unique<ws_client>(server_.port(), "c-sec", tokens_["sec"]);
    v1::Envelope create;
    auto* info = create.mutable_create_meeting()->mutable_info();
    info->set_title("区政府常务会议");
    info->set_place("第一会议室");
    info->set_level(v1::LEVEL_INTERNAL);
    auto created = ws_->call(create);
    ASSERT_TRUE(created.has_created()) << created.DebugString();
    meeting_ = created.created().meeting().id();
    ws_->join(meeting_);
    const auto open = add_item("公开议题", v1::LEVEL_PUBLIC);
    const auto secret = add_item("机密议题SENTINEL-TITLE", v1::LEVEL_SECRET);
    minutes(open, "王建国：同意😀。\n李娜：补充𠀀意见。\n会议要求按期完成。");
    minutes(secret, "王建国：SENTINEL-MINUTES");
    attendee("王建国", 1, v1::ROLE_CHAIR, "");
    attendee("李娜", 2, v1::ROLE_PARTICIPANT, "part");
  }

  std::string add_item(const std::string& title, v1::Level level) {
    auto c = add_item_change(title);
    c.mutable_add_item()->mutable_item()->set_level(level);
    EXPECT_TRUE(ws_->command(meeting_, c).has_ack());
    const auto s = ws_->join(meeting_).snapshot();
    return s.agenda(s.agenda_size() - 1).id();
  }

  void minutes(const std::string& item, const std::string& text) {
    const auto s = ws_->join(meeting_).snapshot();
    v1::Change c;
    auto* e = c.mutable_edit_minutes();
    e->set_item_id(item);
    e->set_base_version(s.version());
    e->mutable_op()->add_ops()->set_insert(text);
    EXPECT_TRUE(ws_->command(meeting_, c).has_ack());
    EXPECT_GT(utf8::count(text).value(), 0u);
  }

  void attendee(const std::string& name, int rank, v1::Role role, const std::string& account) {
    v1::Change c;
    auto* a = c.mutable_add_attendee()->mutable_attendee();
    a->set_name(name);
    a->set_rank(rank);
    a->set_role(role);
    a->set_account_id(account);
    EXPECT_TRUE(ws_->command(meeting_, c).has_ack());
  }

  http_result get(const std::string& who, const std::string& query) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!who.empty()) headers.emplace_back("Authorization", "Bearer " + tokens_[who]);
    return http_request(server_.port(), "/api/meetings/minutes?" + query, "GET", {}, headers);
  }

  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ws_client> ws_;
  std::string meeting_;
};

TEST_F(ExportTest, ASecretaryGetsTheWholeMinutesAsDocxAndText) {
  auto docx = get("sec", "m=" + meeting_ + "&format=docx&group=item");
  ASSERT_EQ(docx.status, 200) << docx.body;
  EXPECT_EQ(docx.content_type, docx_type);
  EXPECT_EQ(docx.body.rfind("PK\x03\x04", 0), 0u);
  const auto& cd = docx.headers["content-disposition"];
  // 区政府常务会议记录.docx, percent-encoded UTF-8 (RFC 5987), and an ASCII fallback.
  EXPECT_NE(cd.find("filename*=UTF-8''%E5%8C%BA%E6%94%BF%E5%BA%9C"), std::string::npos) << cd;
  EXPECT_NE(cd.find(".docx"), std::string::npos) << cd;
  EXPECT_NE(cd.find("filename=\"minutes-" + meeting_ + ".docx\""), std::string::npos) << cd;
  const auto parts = unzip(docx.body);
  ASSERT_TRUE(parts.count("word/document.xml"));
  const auto& xml = parts.at("word/document.xml");
  for (const char* want :
       {"区政府常务会议记录", "一、公开议题", "王建国：同意😀。", "李娜：补充𠀀意见。",
        "二、机密议题SENTINEL-TITLE", "王建国：SENTINEL-MINUTES", "出席：", "王建国、李娜"}) {
    EXPECT_NE(xml.find(want), std::string::npos) << want;
  }

  auto txt = get("sec", "m=" + meeting_ + "&format=txt");
  ASSERT_EQ(txt.status, 200) << txt.body;
  EXPECT_EQ(txt.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(txt.body.rfind("机密\n区政府常务会议记录\n", 0), 0u) << txt.body;
  EXPECT_NE(txt.body.find("王建国在第一会议室主持召开区政府常务会议"), std::string::npos)
      << txt.body;
  EXPECT_NE(txt.body.find("出席：王建国、李娜\n"), std::string::npos) << txt.body;

  auto by_speaker =
      get("sec", "m=" + meeting_ + "&format=txt&group=speaker&number=%E7%AC%AC3%E6%9C%9F");
  ASSERT_EQ(by_speaker.status, 200) << by_speaker.body;
  EXPECT_NE(by_speaker.body.find("区政府常务会议记录\n第3期\n"), std::string::npos)
      << by_speaker.body;
  const auto wang = by_speaker.body.find(
      "一、王建国\n议题：公开议题\n同意😀。\n议题：机密议题SENTINEL-TITLE\nSENTINEL-MINUTES\n");
  const auto li = by_speaker.body.find("二、李娜\n议题：公开议题\n补充𠀀意见。\n");
  const auto other = by_speaker.body.find("三、其他\n议题：公开议题\n会议要求按期完成。\n");
  EXPECT_NE(wang, std::string::npos) << by_speaker.body;
  EXPECT_NE(li, std::string::npos) << by_speaker.body;
  EXPECT_NE(other, std::string::npos) << by_speaker.body;
}

TEST_F(ExportTest, AParticipantBelowTheSecretItemGetsNothingOfIt) {
  for (const char* group : {"item", "speaker"}) {
    auto txt = get("part", "m=" + meeting_ + "&format=txt&group=" + group);
    ASSERT_EQ(txt.status, 200) << txt.body;
    EXPECT_EQ(txt.body.find("SENTINEL"), std::string::npos) << txt.body;
    EXPECT_NE(txt.body.find("公开议题"), std::string::npos);
    EXPECT_EQ(txt.body.rfind("内部\n", 0), 0u) << "marked at the meeting's level, not secret";
    auto docx = get("part", "m=" + meeting_ + "&format=docx&group=" + group);
    ASSERT_EQ(docx.status, 200);
    for (const auto& [name, content] : unzip(docx.body)) {
      EXPECT_NE(content, "<corrupt>") << name;
      EXPECT_EQ(content.find("SENTINEL"), std::string::npos) << name;
    }
    EXPECT_NE(unzip(docx.body)["word/document.xml"].find("补充𠀀意见。"), std::string::npos);
  }
}

TEST_F(ExportTest, OthersAreRefused) {
  EXPECT_EQ(get("out", "m=" + meeting_ + "&format=docx").status, 404);  // not invited
  EXPECT_EQ(get("", "m=" + meeting_ + "&format=docx").status, 401);     // not logged in
  EXPECT_EQ(get("sec", "m=m-nonexistent&format=txt").status, 404);
  EXPECT_EQ(get("sec", "m=" + meeting_ + "&format=pdf").status, 400);
  EXPECT_EQ(get("sec", "m=" + meeting_ + "&group=unit").status, 400);
  EXPECT_EQ(get("sec", "format=txt").status, 400);
  // An org admin is not invited by being an admin.
  EXPECT_EQ(http_get(server_.port(), "/api/meetings/minutes?m=" + meeting_).status, 404);
}

// A meeting the caller may not see is answered exactly like one that does not exist — the
// same status and body, byte for byte — so meeting ids cannot be probed through the export:
// whether the caller is not invited (out, the org admin) or invited but not cleared for the
// meeting's level (low, 公开 only, in a 内部 meeting). Neither is recorded as an export.
TEST_F(ExportTest, AHiddenMeetingIsAnsweredLikeAMissingOne) {
  ASSERT_EQ(create_account(redis_.port(), "low", "password-low", "public"), 0);
  tokens_["low"] = log_in(server_.port(), "low", "password-low");
  ASSERT_FALSE(tokens_["low"].empty());
  attendee("赵六", 3, v1::ROLE_PARTICIPANT, "low");
  const std::string expected =
      R"({"error":{"code":"not_found","message":"no such meeting","field":"m"}})";
  for (const std::string format : {"docx", "txt"}) {
    for (const std::string who : {"out", "low", "sec"}) {
      // A well-formed id nobody has created, with the same length as the real one.
      const auto missing = get(who, "m=" + std::string(meeting_.size(), 'z') + "&format=" + format);
      EXPECT_EQ(missing.status, 404) << who;
      EXPECT_EQ(missing.body, expected) << who;
      if (who == "sec") continue;  // invited and cleared: gets the document
      const auto hidden = get(who, "m=" + meeting_ + "&format=" + format);
      EXPECT_EQ(hidden.status, 404) << who << " " << format;
      EXPECT_EQ(hidden.body, missing.body) << who << " " << format;
      EXPECT_EQ(hidden.content_type, missing.content_type) << who << " " << format;
    }
    const auto admin =
        http_get(server_.port(), "/api/meetings/minutes?m=" + meeting_ + "&format=" + format);
    EXPECT_EQ(admin.status, 404);
    EXPECT_EQ(admin.body, expected);
  }
  // Nothing was exported, so nothing is on the audit record.
  auto audit = http_get(server_.port(), "/api/audit?action=export");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_TRUE(boost::json::parse(audit.body).at("entries").as_array().empty()) << audit.body;
}

TEST_F(ExportTest, EveryExportIsInTheAuditLogBeforeItIsAnswered) {
  ASSERT_EQ(get("sec", "m=" + meeting_ + "&format=docx").status, 200);
  ASSERT_EQ(get("part", "m=" + meeting_ + "&format=txt&group=speaker").status, 200);
  ASSERT_EQ(get("out", "m=" + meeting_ + "&format=txt").status, 404);
  // Written before the answer: no waiting needed.
  auto audit = http_get(server_.port(), "/api/audit?action=export");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto entries = boost::json::parse(audit.body).at("entries").as_array();
  std::map<std::string, std::string> by_actor;
  for (const auto& e : entries) {
    EXPECT_EQ(e.at("action").as_string(), "export");
    EXPECT_EQ(e.at("target").as_string(), "meeting " + meeting_);
    EXPECT_FALSE(e.at("from").as_string().empty());
    by_actor[std::string(e.at("actor").as_string())] = std::string(e.at("detail").as_string());
  }
  ASSERT_EQ(entries.size(), 2u) << audit.body;  // the refused export shows nothing, records nothing
  EXPECT_EQ(by_actor["sec"].rfind("docx by item, version ", 0), 0u) << by_actor["sec"];
  EXPECT_NE(by_actor["sec"].find("sees up to LEVEL_SECRET"), std::string::npos);
  EXPECT_EQ(by_actor["part"].rfind("txt by speaker, version ", 0), 0u) << by_actor["part"];
  EXPECT_NE(by_actor["part"].find("sees up to LEVEL_INTERNAL"), std::string::npos);
}

}  // namespace
}  // namespace huiwu::test
