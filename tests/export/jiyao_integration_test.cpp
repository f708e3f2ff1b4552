// GET /api/meetings/jiyao against the real server, Redis and LibreOffice: the draft in
// every format, the cut version for a reader below the secret item, the refusals that
// change nothing and record nothing, the audit entries, and the PDF — rendered when
// soffice is installed, refused with a clear pdf_unavailable when it is not.
#include <boost/json.hpp>
#include <cstdlib>

#include "../integration/followup_support.hpp"
#include "../integration/server_fixture.hpp"
#include "zip_read.hpp"

namespace huiwu::test {
namespace {

using namespace followup_support;

class JiyaoRouteTest : public ServerTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(make_account(redis_.port(), "part", "市财政局", "李娜", "internal"), 0);
    ASSERT_EQ(make_account(redis_.port(), "out", "档案馆", "外人", "secret"), 0);
    for (const auto& [id, unit] :
         {std::pair{"lead1", "住建局"}, {"co1", "水务局"}, {"sup1", "督查室"}}) {
      ASSERT_EQ(make_account(redis_.port(), id, unit, std::string("姓名") + id), 0);
    }
    sec_ = client();
    v1::Envelope create;
    auto* info = create.mutable_create_meeting()->mutable_info();
    info->set_title("区政府常务会议");
    info->set_place("第一会议室");
    info->set_level(v1::LEVEL_INTERNAL);
    auto created = sec_->call(create);
    ASSERT_TRUE(created.has_created()) << created.DebugString();
    meeting_ = created.created().meeting().id();
    sec_->join(meeting_);
    open_ = add_item("审议《排水管网改造方案》", v1::LEVEL_PUBLIC);
    secret_ = add_item("机密议题SENTINEL-TITLE", v1::LEVEL_SECRET);
    minutes(open_, "王建国：方案可行😀。\n李娜：补充𠀀意见。\n会议要求按期完成。");
    minutes(secret_, "王建国：SENTINEL-MINUTES");
    attendee("王建国", 1, v1::ROLE_CHAIR, "");
    attendee("李娜", 2, v1::ROLE_PARTICIPANT, "part");
    for (const auto& [item, text] :
         {std::pair{open_, "完成城区排水管网改造方案"}, std::pair{secret_, "SENTINEL-DECISION"}}) {
      auto r = create_decision(server_.port(), server_.token(), meeting_, item,
                               {{"text", text}, {"deadline", "2027-01-15"}});
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }

  std::string add_item(const std::string& title, v1::Level level) {
    auto c = add_item_change(title);
    c.mutable_add_item()->mutable_item()->set_level(level);
    EXPECT_TRUE(sec_->command(meeting_, c).has_ack());
    const auto s = sec_->join(meeting_).snapshot();
    return s.agenda(s.agenda_size() - 1).id();
  }

  void minutes(const std::string& item, const std::string& text) {
    const auto s = sec_->join(meeting_).snapshot();
    v1::Change c;
    auto* e = c.mutable_edit_minutes();
    e->set_item_id(item);
    e->set_base_version(s.version());
    e->mutable_op()->add_ops()->set_insert(text);
    EXPECT_TRUE(sec_->command(meeting_, c).has_ack());
  }

  void attendee(const std::string& name, int rank, v1::Role role, const std::string& account) {
    v1::Change c;
    auto* a = c.mutable_add_attendee()->mutable_attendee();
    a->set_name(name);
    a->set_rank(rank);
    a->set_role(role);
    a->set_account_id(account);
    EXPECT_TRUE(sec_->command(meeting_, c).has_ack());
  }

  http_result get(const std::string& who, const std::string& query) {
    std::vector<std::pair<std::string, std::string>> headers;
    const std::string token = who == "sec"  ? server_.token()
                              : who.empty() ? ""
                                            : token_of(server_.port(), who);
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    return http_request(server_.port(), "/api/meetings/jiyao?" + query, "GET", {}, headers);
  }

  std::vector<boost::json::object> audit_entries() {
    auto audit = http_get(server_.port(), "/api/audit?action=export");
    EXPECT_EQ(audit.status, 200) << audit.body;
    std::vector<boost::json::object> out;
    const auto parsed = boost::json::parse(audit.body);
    for (const auto& e : parsed.at("entries").as_array()) {
      out.push_back(e.as_object());
    }
    return out;
  }

  std::unique_ptr<ws_client> sec_;
  std::string meeting_, open_, secret_;
};

TEST_F(JiyaoRouteTest, TheSecretaryGetsTheDraftInEveryFormat) {
  const std::string q =
      "m=" + meeting_ +
      "&number=7&numbering=period&issuer=%E5%8C%BA%E6%94%BF%E5%BA%9C%E5%8A%9E"
      "&to=%E5%90%84%E8%A1%97%E9%81%93&to=%E5%8C%BA%E7%9B%B4%E5%90%84%E9%83%A8%E9%97%A8";
  auto json = get("sec", q + "&format=json");
  ASSERT_EQ(json.status, 200) << json.body;
  const auto o = boost::json::parse(json.body).as_object();
  const auto& draft = o.at("draft").as_object();
  EXPECT_EQ(draft.at("heading").as_string(), "区政府常务会议纪要");
  EXPECT_EQ(draft.at("issue_number").as_string(), "第7期");
  EXPECT_EQ(draft.at("issuer").as_string(), "区政府办");
  const auto& s1 = draft.at("sections").as_array()[0].as_object();
  EXPECT_EQ(s1.at("item_id").as_string(), open_);
  const auto& d1 = s1.at("decisions").as_array()[0].as_object();
  EXPECT_EQ(d1.at("lead_unit").as_string(), "住建局");
  EXPECT_EQ(d1.at("deadline").as_string(), "2027-01-15");
  EXPECT_FALSE(d1.at("decision_id").as_string().empty());

  auto txt = get("sec", q + "&format=txt");
  ASSERT_EQ(txt.status, 200) << txt.body;
  EXPECT_EQ(txt.content_type, "text/plain; charset=utf-8");
  for (const char* want :
       {"机密\n区政府常务会议纪要\n第7期\n区政府办",
        "主持召开区政府常务会议，审议了《排水管网改造方案》",
        "一、审议《排水管网改造方案》\n会议审议了《排水管网改造方案》。\n会议认为，方案可行😀。",
        "（一）完成城区排水管网改造方案（牵头单位：住建局；协办单位：水务局；完成时限：2027年1月15"
        "日前）。",
        "会议要求按期完成。", "二、机密议题SENTINEL-TITLE", "出席：王建国、李娜",
        "分送：各街道，区直各部门。"}) {
    EXPECT_NE(txt.body.find(want), std::string::npos) << want << "\n" << txt.body;
  }
  EXPECT_EQ(txt.body.find("补充𠀀意见"), std::string::npos) << "a participant is not quoted";

  auto md = get("sec", q + "&format=md");
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.content_type, "text/markdown; charset=utf-8");
  EXPECT_NE(md.body.find("# 区政府常务会议纪要\n"), std::string::npos) << md.body;

  auto docx = get("sec", q + "&format=docx");
  ASSERT_EQ(docx.status, 200);
  EXPECT_EQ(docx.content_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  const auto& cd = docx.headers["content-disposition"];
  EXPECT_NE(cd.find("filename=\"jiyao-" + meeting_ + ".docx\""), std::string::npos) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''%E5%8C%BA%E6%94%BF%E5%BA%9C"), std::string::npos) << cd;
  const auto parts = unzip(docx.body);
  ASSERT_TRUE(parts.count("word/footer1.xml"));
  EXPECT_NE(parts.at("word/document.xml").find("SENTINEL-DECISION"), std::string::npos);

  const auto entries = audit_entries();
  ASSERT_EQ(entries.size(), 4u);
  for (const auto& e : entries) {
    EXPECT_EQ(e.at("target").as_string(), "meeting " + meeting_);
    EXPECT_NE(std::string(e.at("detail").as_string()).find("sees up to LEVEL_SECRET, withheld 0"),
              std::string::npos)
        << e.at("detail").as_string();
  }
}

TEST_F(JiyaoRouteTest, AReaderBelowTheSecretItemGetsItWithheldAndMarked) {
  for (const char* format : {"txt", "md", "json", "docx"}) {
    auto r = get("part", "m=" + meeting_ + "&format=" + format);
    ASSERT_EQ(r.status, 200) << format << r.body;
    const auto body =
        std::string(format) == "docx" ? unzip(r.body).at("word/document.xml") : r.body;
    EXPECT_EQ(body.find("SENTINEL"), std::string::npos) << format << "\n" << body;
    EXPECT_NE(body.find("本议题内容按密级规定不予显示。"), std::string::npos) << format;
  }
  auto txt = get("part", "m=" + meeting_ + "&format=txt");
  EXPECT_NE(txt.body.find("内部\n区政府常务会议纪要"), std::string::npos) << txt.body;
  EXPECT_NE(txt.body.find("二、（略）\n本议题内容按密级规定不予显示。"), std::string::npos);
  const auto entries = audit_entries();
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].at("actor").as_string(), "part");
  EXPECT_NE(std::string(entries[0].at("detail").as_string()).find("LEVEL_INTERNAL, withheld 1"),
            std::string::npos);
}

TEST_F(JiyaoRouteTest, RefusalsShowNothingAndRecordNothing) {
  EXPECT_EQ(get("", "m=" + meeting_).status, 401);
  const auto outsider = get("out", "m=" + meeting_ + "&format=txt");
  EXPECT_EQ(outsider.status, 403) << outsider.body;
  EXPECT_EQ(outsider.body.find("SENTINEL"), std::string::npos);
  EXPECT_EQ(get("sec", "m=m999999&format=txt").status, 404);
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"format=txt", "m"},
           {"m=" + meeting_ + "&format=doc", "format"},
           {"m=" + meeting_ + "&number=abc", "number"},
           {"m=" + meeting_ + "&number=0", "number"},
           {"m=" + meeting_ + "&numbering=roman", "numbering"},
           {"m=" + meeting_ + "&issuer=%0A", "issuer"}}) {
    auto r = get("sec", query);
    EXPECT_EQ(r.status, 400) << query << r.body;
    EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << query << r.body;
  }
  EXPECT_TRUE(audit_entries().empty());
}

TEST_F(JiyaoRouteTest, PdfRenderedByLibreOffice) {
  auto pdf = get("sec", "m=" + meeting_ + "&format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.headers["content-disposition"].find(".pdf"), std::string::npos);
  ASSERT_EQ(audit_entries().size(), 1u);
}

TEST_F(JiyaoRouteTest, PdfWithoutLibreOfficeIsAClearRefusal) {
  // A second server on the same Redis that cannot find soffice.
  ::setenv("HUIWU_SOFFICE", "/nonexistent/soffice", 1);
  server_process other(redis_.port());  // started, and ready, when constructed
  ::unsetenv("HUIWU_SOFFICE");
  auto r = http_request(other.port(), "/api/meetings/jiyao?m=" + meeting_ + "&format=pdf", "GET",
                        {}, {{"Authorization", "Bearer " + server_.token()}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("\"code\":\"pdf_unavailable\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("LibreOffice"), std::string::npos) << r.body;
  EXPECT_TRUE(audit_entries().empty());
  // The same server still gives the .docx.
  auto docx = http_request(other.port(), "/api/meetings/jiyao?m=" + meeting_ + "&format=docx",
                           "GET", {}, {{"Authorization", "Bearer " + server_.token()}});
  EXPECT_EQ(docx.status, 200);
}

}  // namespace
}  // namespace huiwu::test
