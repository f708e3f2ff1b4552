// The follow-up annex of a signed-off 纪要 (decision 0038): the 办理情况 words for every state
// of a 督办 item, in the office's zone; the body keeps the signed text while the annex says
// what became of each decision, under "督办情况截至…", in every format (lines, text,
// Markdown, JSON, DOCX); a version not signed off has no such column; a reader below an
// item's level gets no row for its decision. web-static/js/jiyao-annex.js says the same
// words (tests/js/jiyao-annex.test.mjs has these cases).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "domain/access_rules.hpp"
#include "export/jiyao_docx.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_followup.hpp"
#include "export/jiyao_json.hpp"
#include "export/jiyao_stored.hpp"
#include "jiyao_sample.hpp"
#include "zip_read.hpp"

namespace huiwu::exports {
namespace {

const auto shanghai = followup::time_zone::fixed("Asia/Shanghai", 8 * 3600);
constexpr std::int64_t day_ms = 86'400'000;
// 2026-12-20 09:30 in Shanghai: the day the annex is read.
constexpr std::int64_t now_ms = test::jiyao_start_ms + 27 * day_ms;
// 2026-12-19 16:30 UTC, which is already 2026-12-20 00:30 in Shanghai.
constexpr std::int64_t closed_ms = test::jiyao_start_ms + 26 * day_ms + 15 * 3'600'000;

v1::Decision decision(const std::string& state, const std::string& deadline) {
  v1::Decision d;
  d.set_id("d1");
  d.set_state(state);
  d.set_deadline(deadline);
  return d;
}

bool has(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

TEST(JiyaoFollowUp, WordsForEveryState) {
  const std::string due = "2026-12-31";
  auto closed = decision("closed", due);
  closed.set_closed_at_ms(closed_ms);
  EXPECT_EQ(follow_up_words(closed, due, shanghai), "已办结（2026年12月20日）");
  auto cancelled = decision("cancelled", due);
  cancelled.set_closed_at_ms(closed_ms);
  EXPECT_EQ(follow_up_words(cancelled, due, shanghai), "已撤销（2026年12月20日）");
  for (const auto& [state, words] :
       std::vector<std::pair<std::string, std::string>>{{"opened", "立项"},
                                                        {"assigned", "已交办"},
                                                        {"accepted", "已签收"},
                                                        {"in_progress", "办理中"},
                                                        {"completion_reported", "已报办结"}}) {
    EXPECT_EQ(follow_up_words(decision(state, due), due, shanghai), words) << state;
  }
  // 退回交办 and not assigned again: the board's words.
  auto returned = decision("opened", due);
  returned.add_history()->set_action("assign");
  returned.add_history()->set_action("return_assignment");
  EXPECT_EQ(follow_up_words(returned, due, shanghai), "已退回，待重新交办");
  // The deadline moved from the one the 纪要 says: later is an extension.
  EXPECT_EQ(follow_up_words(decision("in_progress", "2027-01-15"), due, shanghai),
            "办理中，已延期至2027年1月15日");
  EXPECT_EQ(follow_up_words(decision("accepted", "2026-12-25"), due, shanghai),
            "已签收，完成时限调整为2026年12月25日");
  EXPECT_EQ(follow_up_words(decision("assigned", "2027-01-15"), "", shanghai),
            "已交办，完成时限调整为2027年1月15日");
  // Closed after an extension: finished is what counts.
  closed.set_deadline("2027-01-15");
  EXPECT_EQ(follow_up_words(closed, due, shanghai), "已办结（2026年12月20日）");
}

// The sample meeting's 纪要, signed off and issued, after d1 was closed and d2 extended.
struct signed_case {
  v1::Meeting full;
  v1::Jiyao issued;
};

signed_case after_issue() {
  signed_case c;
  c.full = test::jiyao_meeting();
  for (auto& d : *c.full.mutable_decisions()) d.set_state("assigned");
  const auto draft = draft_jiyao(c.full, {}, test::jiyao_sample_options());
  c.issued = stored_jiyao(draft, c.full.info().level());
  c.issued.set_state(v1::JIYAO_ISSUED);
  *c.full.add_jiyao() = c.issued;
  auto* d1 = c.full.mutable_decisions(0);
  d1->set_state("closed");
  d1->set_closed_at_ms(closed_ms);
  c.full.mutable_decisions(1)->set_deadline("2027-01-31");
  return c;
}

jiyao_draft rendered(const signed_case& c, v1::Level clearance) {
  const auto visible = domain::redact(c.full, domain::viewer{"reader", clearance});
  auto d = draft_of(visible.jiyao(0), c.full.id());
  EXPECT_TRUE(shows_follow_up(visible.jiyao(0)));
  add_follow_up(d, visible, now_ms, shanghai);
  return d;
}

TEST(JiyaoFollowUp, TheSignedBodyStaysTheAnnexSaysWhatBecameOfIt) {
  const auto c = after_issue();
  const auto d = rendered(c, v1::LEVEL_SECRET);
  EXPECT_EQ(d.follow_up_as_of, "2026年12月20日");
  const auto lines = layout_jiyao(d);
  const auto text = jiyao_text(lines);
  // The body: the deadline as signed.
  EXPECT_TRUE(has(text,
                  "（一）在全市开展为期一个月的安全生产大检查（牵头单位：市应急管理局；协办单位："
                  "市住房城乡建设局、市交通运输局；完成时限：2026年12月31日前）。"))
      << text;
  const auto annex = text.substr(text.find("附件\n议定事项督办表"));
  EXPECT_TRUE(has(annex,
                  "附件\n议定事项督办表\n督办情况截至2026年12月20日\n"
                  "序号｜议定事项｜牵头单位｜协办单位｜完成时限｜督办人｜办理情况\n"))
      << annex;
  EXPECT_TRUE(has(annex,
                  "一（一）｜修改完善2027年财政预算草案，按程序提请市人大常委会审议｜市财政局｜—｜"
                  "2026年12月15日｜钱进｜已办结（2026年12月20日）\n"))
      << annex;
  EXPECT_TRUE(has(annex, "｜2026年12月31日｜郑丽｜已交办，已延期至2027年1月31日\n")) << annex;
  EXPECT_TRUE(has(annex,
                  "三（一）｜做好今冬明春煤炭储备和供暖设施检修｜市发展改革委｜市城管局｜"
                  "2026年12月10日｜—｜已交办\n"))
      << annex;
  EXPECT_TRUE(has(annex, "四（一）｜SENTINEL-DECISION")) << annex;
  // Nothing of it in the body.
  EXPECT_FALSE(has(text.substr(0, text.find("附件：")), "已延期")) << text;

  const auto md = jiyao_markdown(lines);
  EXPECT_TRUE(
      has(md,
          "督办情况截至2026年12月20日\n\n| 序号 | 议定事项 | 牵头单位 | 协办单位 | 完成时限 | "
          "督办人 | 办理情况 |\n| --- | --- | --- | --- | --- | --- | --- |\n"))
      << md;
  const auto json = boost::json::serialize(jiyao_json(d, lines));
  EXPECT_TRUE(has(json, R"("follow_up_as_of":"2026年12月20日")")) << json;
  EXPECT_TRUE(has(json, R"("kind":"annex_as_of","label":"","text":"督办情况截至2026年12月20日")"))
      << json;
  EXPECT_TRUE(has(
      json,
      R"("deadline":"2026-12-31","supervisor":"郑丽","follow_up":"已交办，已延期至2027年1月31日")"))
      << json;

  auto docx = jiyao_docx(lines);
  ASSERT_TRUE(docx);
  const auto doc = test::unzip(*docx).at("word/document.xml");
  EXPECT_TRUE(has(doc, R"(<w:pStyle w:val="JiyaoAnnexAsOf"/>)")) << "the as-of line's style";
  EXPECT_TRUE(has(doc, "督办情况截至2026年12月20日"));
  EXPECT_TRUE(has(doc, R"(<w:gridCol w:w="1400"/></w:tblGrid>)")) << "seven columns";
  EXPECT_TRUE(has(doc, "已办结（2026年12月20日）"));
  EXPECT_TRUE(has(test::unzip(*docx).at("word/styles.xml"), R"(w:styleId="JiyaoAnnexAsOf")"));
}

TEST(JiyaoFollowUp, AReaderBelowAnItemsLevelGetsNoRowForIt) {
  const auto c = after_issue();
  const auto text = jiyao_text(layout_jiyao(rendered(c, v1::LEVEL_INTERNAL)));
  // (This stored version was made without the workflow's opening rule: the annex is what
  // is checked here.)
  EXPECT_FALSE(has(text, "SENTINEL-DECISION")) << text;
  EXPECT_FALSE(has(text, "SENTINEL-UNIT")) << text;
  EXPECT_FALSE(has(text, "程督查")) << text;
  EXPECT_TRUE(has(text, "已办结（2026年12月20日）")) << text;
  EXPECT_TRUE(has(text, "四、（略）")) << text;
}

TEST(JiyaoFollowUp, AVersionNotSignedOffHasNoStateColumn) {
  auto c = after_issue();
  for (auto s : {v1::JIYAO_DRAFTING, v1::JIYAO_SUBMITTED, v1::JIYAO_RETURNED}) {
    c.issued.set_state(s);
    EXPECT_FALSE(shows_follow_up(c.issued)) << s;
  }
  for (auto s : {v1::JIYAO_APPROVED, v1::JIYAO_ISSUED, v1::JIYAO_ARCHIVED}) {
    c.issued.set_state(s);
    EXPECT_TRUE(shows_follow_up(c.issued)) << s;
  }
  // Without add_follow_up the annex is the six columns, as before.
  const auto text = jiyao_text(layout_jiyao(draft_of(c.issued, c.full.id())));
  EXPECT_TRUE(has(text, "序号｜议定事项｜牵头单位｜协办单位｜完成时限｜督办人\n")) << text;
  EXPECT_FALSE(has(text, "督办情况截至")) << text;
  const auto doc = test::unzip(*jiyao_docx(layout_jiyao(draft_of(c.issued, c.full.id()))))
                       .at("word/document.xml");
  EXPECT_TRUE(has(doc, R"(<w:gridCol w:w="900"/></w:tblGrid>)")) << "six columns";
}

TEST(JiyaoFollowUp, ADecisionTheReaderCannotSeeHasADash) {
  auto c = after_issue();
  const auto visible = domain::redact(c.full, domain::viewer{"reader", v1::LEVEL_SECRET});
  auto d = draft_of(visible.jiyao(0), c.full.id());
  v1::Meeting none = visible;
  none.clear_decisions();
  add_follow_up(d, none, now_ms, shanghai);
  EXPECT_EQ(d.sections[0].decisions[0].follow_up, "—");
}

}  // namespace
}  // namespace huiwu::exports
