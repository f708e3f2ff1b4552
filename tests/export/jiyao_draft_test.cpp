// The drafting rules of the formal minutes (纪要): the opening's grammar for any agenda
// title, the sections and their seeded statements, the 议定事项 with unit and deadline,
// the attendance order, the issue number, and what a reader below an item's level gets.
#include <gtest/gtest.h>

#include "domain/access_rules.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_layout.hpp"
#include "jiyao_sample.hpp"

namespace huiwu::exports {
namespace {

using test::jiyao_meeting;
using test::jiyao_sample_options;

jiyao_draft draft_as(v1::Level clearance) {
  const auto full = jiyao_meeting();
  const auto visible = domain::redact(full, domain::viewer{"reader", clearance});
  return draft_jiyao(visible, withheld_positions(full, visible), jiyao_sample_options());
}

// Every kind of title a secretary types, and the clause the opening makes of it. None may
// read "研究讨论了审议…" or put 了 anywhere but after the verb.
TEST(JiyaoOpening, ClauseIsGrammaticalForAnyTitle) {
  const std::vector<std::pair<std::string, std::string>> table = {
      // Titles that start with a verb keep it and take 了 after it.
      {"审议《市政府工作规则（修订草案）》", "审议了《市政府工作规则（修订草案）》"},
      {"听取市财政局关于预算执行情况的汇报", "听取了市财政局关于预算执行情况的汇报"},
      {"研究老旧小区改造工作", "研究了老旧小区改造工作"},
      {"研究部署今冬明春供暖保障工作", "研究部署了今冬明春供暖保障工作"},
      {"传达学习全国安全生产电视电话会议精神", "传达学习了全国安全生产电视电话会议精神"},
      {"学习贯彻党的二十届四中全会精神", "学习贯彻了党的二十届四中全会精神"},
      {"讨论通过《会议制度》", "讨论通过了《会议制度》"},
      {"通报一季度督查情况", "通报了一季度督查情况"},
      {"审议了《办法》", "审议了《办法》"},  // already has 了
      {"听取并审议2026年工作总结", "听取并审议了2026年工作总结"},
      // Reports are heard.
      {"关于2027年财政预算编制情况的汇报", "听取了关于2027年财政预算编制情况的汇报"},
      {"市审计局2026年度审计工作报告", "听取了市审计局2026年度审计工作报告"},
      {"汇报三季度经济运行", "听取了三季度经济运行汇报"},
      {"三季度经济运行情况", "听取了三季度经济运行情况汇报"},
      // Texts to adopt are deliberated.
      {"《安全生产大检查工作方案》", "审议了《安全生产大检查工作方案》"},
      {"2027年民生实事项目方案", "审议了2027年民生实事项目方案"},
      {"关于调整最低工资标准的请示", "审议了关于调整最低工资标准的请示"},
      {"市城市管理条例（草案）", "审议了市城市管理条例（草案）"},
      // 关于 + a matter: the matter is studied, without 关于.
      {"关于安全生产大检查", "研究了安全生产大检查有关事项"},
      {"关于老旧小区改造工作", "研究了老旧小区改造工作"},
      {"关于人事任免的问题", "研究了人事任免的问题"},
      // Bare noun phrases.
      {"人事任免", "研究了人事任免有关事项"},
      {"其他事项", "研究了其他事项"},
      {"防汛工作", "研究了防汛工作"},
      // Nouns that begin like a verb are nouns.
      {"研究生招生工作", "研究了研究生招生工作"},
      {"决定事项落实情况", "听取了决定事项落实情况汇报"},
      {"学习型机关建设", "研究了学习型机关建设有关事项"},
      // Punctuation and spaces around a title are dropped.
      {"  审议《办法》。 ", "审议了《办法》"},
      {"研究；", "研究了有关事项"},  // a verb alone
      {"", ""},
  };
  for (const auto& [title, clause] : table) {
    EXPECT_EQ(discussed_clause(title), clause) << "title: " << title;
    EXPECT_EQ(discussed_clause(title).find("研究讨论了审议"), std::string::npos);
  }
}

TEST(JiyaoOpening, NamesTimePlaceChairAndEveryItemDiscussed) {
  EXPECT_EQ(draft_as(v1::LEVEL_SECRET).opening,
            "2026年11月23日上午9时30分，市长王建国在市政府第一会议室主持召开市政府第12次常务会议，"
            "听取了关于2027年财政预算编制情况的汇报，审议了《安全生产大检查工作方案》，"
            "研究部署了今冬明春供暖保障工作，研究了机密议题SENTINEL-TITLE有关事项。现纪要如下：");
  // The deferred 人事任免 was not discussed; the reader below the secret item does not
  // learn its title from the opening either.
  const auto internal = draft_as(v1::LEVEL_INTERNAL).opening;
  EXPECT_EQ(internal.find("人事任免"), std::string::npos);
  EXPECT_EQ(internal.find("SENTINEL"), std::string::npos);
  EXPECT_TRUE(internal.ends_with("研究部署了今冬明春供暖保障工作。现纪要如下："));
}

TEST(JiyaoOpening, WithoutChairPlaceOrTimeStillASentence) {
  v1::Meeting m;
  m.mutable_info()->set_title("安全生产专题");
  m.add_agenda()->set_title("防汛工作");
  const auto d = draft_jiyao(m, {}, {});
  EXPECT_EQ(d.opening, "召开安全生产专题会议，研究了防汛工作。现纪要如下：");
  EXPECT_EQ(d.heading, "安全生产专题纪要");
  // A bracketed remark after the meeting's name does not hide that it is a meeting.
  m.mutable_info()->set_title("局长办公会议（扩大）");
  EXPECT_EQ(draft_jiyao(m, {}, {}).opening,
            "召开局长办公会议（扩大），研究了防汛工作。现纪要如下：");
  m.mutable_info()->set_title("安全生产专题（第二次）");
  EXPECT_EQ(draft_jiyao(m, {}, {}).opening,
            "召开安全生产专题（第二次）会议，研究了防汛工作。现纪要如下：");
}

TEST(JiyaoDraft, HeaderIssueNumberInTheOfficesFormat) {
  auto d = draft_as(v1::LEVEL_SECRET);
  EXPECT_EQ(d.heading, "市政府第12次常务会议纪要");
  EXPECT_EQ(d.issue_number, "〔2026〕12号");
  EXPECT_EQ(d.issuer, "市人民政府办公室");
  EXPECT_EQ(d.date, "2026年11月25日");
  EXPECT_EQ(issue_number_text(issue_numbering::period, 2026, 3), "第3期");
  EXPECT_EQ(issue_number_text(issue_numbering::year, 2027, 1), "〔2027〕1号");
  EXPECT_EQ(issue_number_text(issue_numbering::year, 2027, 0), "");
  // The unit prefixes the heading unless the title already starts with it.
  v1::Meeting m;
  m.mutable_info()->set_title("党组会议纪要");
  jiyao_options o;
  o.unit = "市财政局";
  EXPECT_EQ(draft_jiyao(m, {}, o).heading, "市财政局党组会议纪要");
  m.mutable_info()->set_title("市财政局党组会议");
  EXPECT_EQ(draft_jiyao(m, {}, o).heading, "市财政局党组会议纪要");
}

TEST(JiyaoDraft, OneSectionPerItemDiscussedSeededFromTheRecord) {
  const auto d = draft_as(v1::LEVEL_SECRET);
  ASSERT_EQ(d.sections.size(), 4u);  // 人事任免 was deferred
  const auto& s1 = d.sections[0];
  EXPECT_EQ(s1.item_id, "i1");
  EXPECT_EQ(s1.title, "关于2027年财政预算编制情况的汇报");
  std::vector<std::pair<statement_kind, std::string>> got;
  for (const auto& st : s1.statements) got.emplace_back(st.kind, st.text);
  const std::vector<std::pair<statement_kind, std::string>> want = {
      {statement_kind::heard, "会议听取了市财政局局长周杰关于2027年财政预算编制情况的汇报。"},
      {statement_kind::assessed, "会议认为，预算编制总体稳妥，符合上级要求。"},
      {statement_kind::decided, "会议原则同意2027年财政预算草案。"},
      {statement_kind::required,
       "会议要求财政局根据讨论意见修改完善后，按程序提请市人大常委会审议。"},
  };
  EXPECT_EQ(got, want);
  // Participants' lines stay in the record; the chair's become the meeting's view.
  const auto& s2 = d.sections[1];
  std::vector<std::string> texts;
  for (const auto& st : s2.statements) texts.push_back(st.text);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "会议审议了《安全生产大检查工作方案》。",
                       "会议认为，安全生产是底线，任何时候都不能有丝毫松懈。",
                       "会议决定，自11月下旬起在全市开展为期一个月的安全生产大检查。",
                       "会议要求：各区县一周内完成自查，重点检查𠀀𠀁类危化企业。",
                   }));
}

TEST(JiyaoDraft, DecisionsAreTheItemsWithUnitDeadlineAndTheirId) {
  const auto d = draft_as(v1::LEVEL_SECRET);
  ASSERT_EQ(d.sections[1].decisions.size(), 1u);
  const auto& dec = d.sections[1].decisions[0];
  EXPECT_EQ(dec.decision_id, "d2");
  EXPECT_EQ(dec.lead_unit, "市应急管理局");
  EXPECT_EQ(dec.deadline, "2026-12-31");
  EXPECT_EQ(decision_sentence(dec),
            "在全市开展为期一个月的安全生产大检查（牵头单位：市应急管理局；协办单位：市住房城乡"
            "建设局、市交通运输局；完成时限：2026年12月31日前）。");
  EXPECT_EQ(decision_sentence(d.sections[0].decisions[0]),
            "修改完善2027年财政预算草案，按程序提请市人大常委会审议（责任单位：市财政局；"
            "完成时限：2026年12月15日前）。");
  jiyao_decision bare;
  bare.text = "加强宣传";
  EXPECT_EQ(decision_sentence(bare), "加强宣传。");
  EXPECT_EQ(chinese_deadline("2026-02-03"), "2026年2月3日");
  EXPECT_EQ(chinese_deadline("soon"), "soon");
}

TEST(JiyaoDraft, AttendanceInTheMeetingsNameOrderAndRecorder) {
  const auto d = draft_as(v1::LEVEL_SECRET);
  // Ranked first (王建国 1, 李娜 2), then the unranked by strokes (刘 6 before 赵 9).
  EXPECT_EQ(d.attended, (std::vector<std::string>{"王建国", "李娜", "刘洋", "赵敏"}));
  EXPECT_EQ(d.on_leave, (std::vector<std::string>{"张伟"}));
  // 陈 (7 strokes) before 周 (8).
  EXPECT_EQ(d.sat_in, (std::vector<std::string>{"陈刚（市应急管理局）", "周杰（市财政局）"}));
  EXPECT_EQ(d.recorders, (std::vector<std::string>{"吴芳"}));
  auto o = jiyao_sample_options();
  o.recorders = {" 李秘书 ", ""};
  EXPECT_EQ(draft_jiyao(jiyao_meeting(), {}, o).recorders, (std::vector<std::string>{"李秘书"}));
}

TEST(JiyaoDraft, ReaderBelowAnItemsLevelGetsTheSectionWithheldAndMarked) {
  const auto d = draft_as(v1::LEVEL_INTERNAL);
  ASSERT_EQ(d.sections.size(), 4u);
  EXPECT_TRUE(d.sections[3].withheld);
  EXPECT_TRUE(d.sections[3].title.empty());
  EXPECT_TRUE(d.sections[3].decisions.empty());
  EXPECT_EQ(d.marking, v1::LEVEL_INTERNAL);
  const auto text = jiyao_text(layout_jiyao(d));
  EXPECT_EQ(text.find("SENTINEL"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string("四、") + withheld_title + "\n" + withheld_notice),
            std::string::npos)
      << text;
  // Cleared, the same section is there in full, and the marking is the item's.
  const auto full = draft_as(v1::LEVEL_SECRET);
  EXPECT_EQ(full.marking, v1::LEVEL_SECRET);
  EXPECT_NE(jiyao_text(layout_jiyao(full)).find("SENTINEL-DECISION（责任单位：SENTINEL-UNIT"),
            std::string::npos);
}

TEST(JiyaoDraft, WithheldSlotsKeepTheirPlaceAndNumber) {
  v1::Meeting full;
  for (auto [id, level] : {std::pair{"a", v1::LEVEL_SECRET}, std::pair{"b", v1::LEVEL_PUBLIC},
                           std::pair{"c", v1::LEVEL_SECRET}, std::pair{"d", v1::LEVEL_PUBLIC},
                           std::pair{"e", v1::LEVEL_SECRET}}) {
    auto* it = full.add_agenda();
    it->set_id(id);
    it->set_title(std::string("议题") + id);
    it->set_level(level);
  }
  full.mutable_agenda(4)->set_status(v1::ITEM_DEFERRED);  // hidden and deferred: no slot
  const auto visible = domain::redact(full, {"reader", v1::LEVEL_PUBLIC});
  const auto slots = withheld_positions(full, visible);
  EXPECT_EQ(slots, (std::vector<int>{0, 1}));
  const auto d = draft_jiyao(visible, slots, {});
  std::vector<std::string> shape;
  for (const auto& s : d.sections) shape.push_back(s.withheld ? "-" : s.item_id);
  EXPECT_EQ(shape, (std::vector<std::string>{"-", "b", "-", "d"}));
}

TEST(JiyaoLayout, OrderOfTheDocument) {
  const auto lines = layout_jiyao(draft_as(v1::LEVEL_SECRET));
  ASSERT_GE(lines.size(), 10u);
  EXPECT_EQ(lines[0].text, "机密");
  EXPECT_EQ(lines[1].kind, jline_kind::heading);
  EXPECT_EQ(lines[2].text, "〔2026〕12号");
  EXPECT_EQ(lines[3].kind, jline_kind::masthead);
  EXPECT_EQ(lines[4].kind, jline_kind::opening);
  EXPECT_EQ(lines[5].text, "一、关于2027年财政预算编制情况的汇报");
  // Within a section: statements, the decisions, then what the meeting required.
  std::vector<std::string> s1;
  for (std::size_t i = 6; lines[i].kind != jline_kind::section_title; ++i)
    s1.push_back(lines[i].label + lines[i].text.substr(0, 12));
  EXPECT_EQ(s1, (std::vector<std::string>{"会议听取", "会议认为", "会议原则", "会议议定",
                                          "（一）修改完善", "会议要求"}));
  EXPECT_EQ(lines[lines.size() - 2].label, "分送：");
  EXPECT_EQ(lines.back().text, "2026年11月25日印发");
  EXPECT_EQ(lines.back().label, "市人民政府办公室");
}

}  // namespace
}  // namespace huiwu::exports
