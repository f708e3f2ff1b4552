// The 纪要's follow-up annex after 签发, through the real server, Redis and LibreOffice
// (issue 11, decision 0038): the 纪要 is signed off and issued; then one decision is closed
// (交办 → 签收 → 办结报告 → 销号) and another extended (延期申请 → 同意延期) through
// /api/followup. The .docx downloaded afterwards, read back as text by LibreOffice, keeps the
// signed deadline in the body and shows 已办结 and the new deadline in the annex's 办理情况
// column under "督办情况截至 today"; the text, Markdown and JSON say the same; a reader below
// the secret item's level still gets no row for its decision.
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../integration/followup_support.hpp"
#include "../integration/server_fixture.hpp"

namespace huiwu::test {
namespace {

using namespace followup_support;

// "2026-12-31" → "2026年12月31日", as the documents write a date.
std::string chinese(const std::string& iso) {
  return std::to_string(std::stoi(iso.substr(0, 4))) + "年" +
         std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

// The document as LibreOffice reads it: converted to text by soffice headless, with a
// private profile. "" when the conversion failed.
std::string libreoffice_text(const std::string& docx) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "huiwu-annex-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return {};
  const fs::path dir = tmpl;
  std::ofstream(dir / "jiyao.docx", std::ios::binary) << docx;
  const std::string cmd =
      "HOME='" + dir.string() +
      "' soffice --headless --norestore --nologo --nolockcheck "
      "-env:UserInstallation=file://" +
      dir.string() + "/profile --convert-to 'txt:Text (encoded):UTF8' --outdir '" + dir.string() +
      "' '" + (dir / "jiyao.docx").string() + "' >/dev/null 2>&1";
  std::string text;
  if (std::system(cmd.c_str()) == 0) {
    std::ifstream in(dir / "jiyao.txt", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return text;
}

// Line breaks and spaces are where a reader wrapped a cell, not part of what it says.
std::string squeeze(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') continue;
    if (s.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

class JiyaoAnnexTest : public ServerTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(make_account(redis_.port(), "part", "市财政局", "李娜", "internal"), 0);
    for (const auto& [id, unit] :
         {std::pair{"lead1", "住建局"}, {"co1", "水务局"}, {"sup1", "督查室"}}) {
      ASSERT_EQ(make_account(redis_.port(), id, unit, std::string("姓名") + id), 0);
    }
    sec_ = client();
    meeting_ = sec_->create_meeting("区政府常务会议").id();
    sec_->join(meeting_);
    ASSERT_TRUE(sec_->command(meeting_, add_item_change("审议《排水管网改造方案》")).has_ack());
    auto secret = add_item_change("机密议题SENTINEL-TITLE");
    secret.mutable_add_item()->mutable_item()->set_level(v1::LEVEL_SECRET);
    ASSERT_TRUE(sec_->command(meeting_, secret).has_ack());
    v1::Change a;
    auto* at = a.mutable_add_attendee()->mutable_attendee();
    at->set_name("李娜");
    at->set_account_id("part");
    at->set_role(v1::ROLE_PARTICIPANT);
    ASSERT_TRUE(sec_->command(meeting_, a).has_ack());
    const auto s = sec_->join(meeting_).snapshot();
    const auto open = s.agenda(0).id();
    closed_deadline_ = shanghai_date(20);
    extended_deadline_ = shanghai_date(30);
    new_deadline_ = shanghai_date(60);
    for (const auto& [item, text, deadline] :
         {std::tuple{open, "完成城区排水管网改造方案", closed_deadline_},
          {open, "制定汛期应急抢险预案", extended_deadline_},
          {s.agenda(1).id(), "SENTINEL-DECISION", closed_deadline_}}) {
      auto r = create_decision(server_.port(), server_.token(), meeting_, item,
                               {{"text", text}, {"deadline", deadline}});
      ASSERT_EQ(r.status, 201) << r.body;
      decisions_.push_back(std::string(parse(r).at("decision_id").as_string()));
    }
    // Held, signed off and issued.
    for (auto kind : {0, 1}) {
      v1::Change c;
      if (kind == 0) c.mutable_start_meeting();
      if (kind == 1) c.mutable_end_meeting();
      ASSERT_TRUE(sec_->command(meeting_, c).has_ack());
    }
    for (auto step : {v1::JIYAO_CREATE, v1::JIYAO_SUBMIT, v1::JIYAO_APPROVE, v1::JIYAO_ISSUE}) {
      v1::Change c;
      c.mutable_jiyao_action()->set_step(step);
      ASSERT_TRUE(sec_->command(meeting_, c).has_ack()) << step;
    }
  }

  http_result get(const std::string& token, const std::string& format) {
    return call(server_.port(), token, "/api/meetings/jiyao?m=" + meeting_ + "&format=" + format);
  }

  std::unique_ptr<ws_client> sec_;
  std::string meeting_, closed_deadline_, extended_deadline_, new_deadline_;
  std::vector<std::string> decisions_;
};

TEST_F(JiyaoAnnexTest, ClosingAndExtendingShowInTheSignedAnnexNotInItsBody) {
  const auto port = server_.port();
  const auto sup = token_of(port, "sup1");
  const auto lead = token_of(port, "lead1");
  const auto& closed = decisions_[0];
  const auto& extended = decisions_[1];
  // Before anything is done: the annex says 立项 for both; the issued body is as signed.
  auto before = get(server_.token(), "txt");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_NE(before.body.find("｜办理情况\n"), std::string::npos) << before.body;
  EXPECT_NE(before.body.find("｜立项\n"), std::string::npos) << before.body;

  for (const auto& [who, action, role, text, date] :
       std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>>{
           {sup, "assign", "supervisor", "请抓紧办理", ""},
           {lead, "accept", "lead", "", ""},
           {lead, "report_completion", "lead", "方案已经区政府同意并印发", ""},
           {sup, "close", "supervisor", "经核实已办结", ""}}) {
    auto r = act(port, who, meeting_, closed, action, role, text, date);
    ASSERT_EQ(r.status, 200) << action << r.body;
  }
  for (const auto& [who, action, role, text, date] :
       std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>>{
           {sup, "assign", "supervisor", "", ""},
           {lead, "request_extension", "lead", "需要协调资金", new_deadline_},
           {sup, "approve_extension", "supervisor", "", ""}}) {
    auto r = act(port, who, meeting_, extended, action, role, text, date);
    ASSERT_EQ(r.status, 200) << action << r.body;
  }
  const auto zone = followup::load_time_zone("Asia/Shanghai");
  const auto today = chinese(followup::format_date(
      zone->local_date(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count())));

  // The .docx as LibreOffice reads it.
  auto docx = get(server_.token(), "docx");
  ASSERT_EQ(docx.status, 200) << docx.body;
  const auto text = libreoffice_text(docx.body);
  ASSERT_FALSE(text.empty()) << "soffice could not convert the .docx (is LibreOffice installed?)";
  const auto flat = squeeze(text);
  const auto annex = flat.find("附件议定事项督办表");
  ASSERT_NE(annex, std::string::npos) << text;
  const auto body = flat.substr(0, annex);
  const auto table = flat.substr(annex);
  // The body keeps what was signed: the first deadline of the extended decision.
  EXPECT_NE(body.find("制定汛期应急抢险预案（牵头单位：住建局；协办单位：水务局；完成时限：" +
                      chinese(extended_deadline_) + "前）"),
            std::string::npos)
      << text;
  EXPECT_EQ(body.find("已延期"), std::string::npos) << text;
  EXPECT_EQ(body.find("已办结"), std::string::npos) << text;
  // The annex: its date, the column, 已办结 with the day, the new deadline.
  EXPECT_NE(table.find("督办情况截至" + today), std::string::npos) << text;
  EXPECT_NE(table.find("办理情况"), std::string::npos) << text;
  EXPECT_NE(table.find("已办结（" + today + "）"), std::string::npos) << text;
  EXPECT_NE(table.find("已交办，已延期至" + chinese(new_deadline_)), std::string::npos) << text;
  EXPECT_NE(table.find("SENTINEL-DECISION"), std::string::npos) << "the secretary sees every row";

  // Text, Markdown and JSON say the same.
  auto txt = get(server_.token(), "txt");
  EXPECT_NE(txt.body.find("督办情况截至" + today + "\n"), std::string::npos) << txt.body;
  EXPECT_NE(txt.body.find("｜已办结（" + today + "）\n"), std::string::npos) << txt.body;
  auto md = get(server_.token(), "md");
  EXPECT_NE(md.body.find("| 办理情况 |"), std::string::npos) << md.body;
  EXPECT_NE(md.body.find("| 已交办，已延期至" + chinese(new_deadline_) + " |"), std::string::npos)
      << md.body;
  const auto json = parse(get(server_.token(), "json"));
  const auto& draft = json.at("draft").as_object();
  EXPECT_EQ(draft.at("follow_up_as_of").as_string(), today);
  const auto& d2 =
      draft.at("sections").as_array()[0].as_object().at("decisions").as_array()[1].as_object();
  EXPECT_EQ(d2.at("deadline").as_string(), extended_deadline_) << "the signed deadline";
  EXPECT_EQ(d2.at("follow_up").as_string(), "已交办，已延期至" + chinese(new_deadline_));

  // A reader below the secret item: the rows she may see, with their state; none for it.
  auto low = get(token_of(port, "part"), "txt");
  ASSERT_EQ(low.status, 200) << low.body;
  EXPECT_EQ(low.body.find("SENTINEL"), std::string::npos) << low.body;
  EXPECT_NE(low.body.find("｜已办结（" + today + "）\n"), std::string::npos) << low.body;
  EXPECT_NE(low.body.find("二、（略）"), std::string::npos) << low.body;
}

TEST_F(JiyaoAnnexTest, ADraftAfterACorrectionFollowsItsItemsAndHasNoStateColumn) {
  v1::Change c;
  c.mutable_jiyao_action()->set_step(v1::JIYAO_CORRECT);
  c.mutable_jiyao_action()->set_reason("第一项表述更正");
  ASSERT_TRUE(sec_->command(meeting_, c).has_ack());
  auto draft = get(server_.token(), "txt");
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.body.find("办理情况"), std::string::npos) << draft.body;
  EXPECT_EQ(draft.body.find("督办情况截至"), std::string::npos) << draft.body;
  // The issued version, asked for by number, still has it.
  auto issued = call(server_.port(), server_.token(),
                     "/api/meetings/jiyao?m=" + meeting_ + "&format=txt&v=1");
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_NE(issued.body.find("｜办理情况\n"), std::string::npos) << issued.body;
}

}  // namespace
}  // namespace huiwu::test
