// The 纪要 DOCX: the parts a Word document needs (with the odd/even footers), the GB/T 9704
// page, the faces named for CJK with fallbacks, the page number "— N —", the decision
// bookmarks, and nothing of a withheld section; plus the Markdown and JSON forms.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "domain/access_rules.hpp"
#include "export/jiyao_docx.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_json.hpp"
#include "jiyao_sample.hpp"
#include "zip_read.hpp"

namespace huiwu::exports {
namespace {

std::vector<jline> lines_as(v1::Level clearance) {
  const auto full = test::jiyao_meeting();
  const auto visible = domain::redact(full, domain::viewer{"reader", clearance});
  return layout_jiyao(
      draft_jiyao(visible, withheld_positions(full, visible), test::jiyao_sample_options()));
}

std::map<std::string, std::string> parts_as(v1::Level clearance) {
  auto bytes = jiyao_docx(lines_as(clearance));
  EXPECT_TRUE(bytes);
  return test::unzip(*bytes);
}

bool has(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

TEST(JiyaoDocx, PartsWithOddAndEvenFooters) {
  const auto parts = parts_as(v1::LEVEL_SECRET);
  for (const char* name : {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                           "word/_rels/document.xml.rels", "word/styles.xml", "word/fontTable.xml",
                           "word/settings.xml", "word/footer1.xml", "word/footer2.xml"}) {
    ASSERT_TRUE(parts.count(name)) << name;
  }
  const auto& rels = parts.at("word/_rels/document.xml.rels");
  EXPECT_TRUE(has(
      rels,
      R"(Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml")"));
  EXPECT_TRUE(has(
      rels,
      R"(Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml")"));
  EXPECT_TRUE(has(parts.at("[Content_Types].xml"),
                  "footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.footer+xml\""));
  EXPECT_TRUE(has(parts.at("word/settings.xml"), "<w:evenAndOddHeaders/>"));
  const auto& doc = parts.at("word/document.xml");
  EXPECT_TRUE(has(doc, R"(<w:footerReference w:type="default" r:id="rId4"/>)"));
  EXPECT_TRUE(has(doc, R"(<w:footerReference w:type="even" r:id="rId5"/>)"));
  // A4, margins 37 (top) / 26 (right) / 35 (bottom) / 28 (left) mm in twips.
  EXPECT_TRUE(has(doc, R"(<w:pgSz w:w="11906" w:h="16838"/>)"));
  EXPECT_TRUE(has(doc, R"(w:top="2098" w:right="1474" w:bottom="1984" w:left="1588")"));
}

TEST(JiyaoDocx, PageNumberIsDashNumberDashOddRightEvenLeft) {
  const auto parts = parts_as(v1::LEVEL_SECRET);
  for (const auto& [name, side] :
       {std::pair{"word/footer1.xml", "right"}, std::pair{"word/footer2.xml", "left"}}) {
    const auto& f = parts.at(name);
    EXPECT_TRUE(has(f, std::string("<w:jc w:val=\"") + side + "\"/>")) << name;
    EXPECT_TRUE(has(f, "<w:t xml:space=\"preserve\">— </w:t>")) << name;
    EXPECT_TRUE(has(f, "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>")) << name;
    EXPECT_TRUE(has(f, "<w:t xml:space=\"preserve\"> —</w:t>")) << name;
  }
}

TEST(JiyaoDocx, FacesNamedForChineseWithFallbacks) {
  const auto parts = parts_as(v1::LEVEL_SECRET);
  const auto& styles = parts.at("word/styles.xml");
  const auto& fonts = parts.at("word/fontTable.xml");
  EXPECT_TRUE(has(styles, R"(w:eastAsia="方正小标宋简体")"));
  EXPECT_TRUE(has(styles, R"(w:eastAsia="仿宋_GB2312")"));
  EXPECT_TRUE(has(styles, R"(w:eastAsia="黑体")"));
  EXPECT_TRUE(has(styles, R"(w:eastAsia="楷体_GB2312")"));
  EXPECT_TRUE(has(styles, R"(<w:color w:val="FF0000"/>)"));  // the red heading
  EXPECT_TRUE(has(styles, R"(w:val="single" w:sz="12" w:space="1" w:color="FF0000")"));  // red rule
  EXPECT_TRUE(has(styles, R"(<w:sz w:val="32"/>)"));                                     // 三号
  EXPECT_TRUE(
      has(fonts,
          R"(<w:font w:name="方正小标宋简体"><w:altName w:val="小标宋;华文中宋;宋体;SimSun"/>)"));
  EXPECT_TRUE(has(fonts, R"(<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋;FangSong"/>)"));
}

TEST(JiyaoDocx, DecisionsCarryTheirIdAsBookmark) {
  const auto doc = parts_as(v1::LEVEL_SECRET).at("word/document.xml");
  for (const char* id : {"d1", "d2", "d3", "d4"}) {
    EXPECT_TRUE(has(doc, std::string("w:name=\"decision_") + id + "\"")) << id;
  }
  EXPECT_TRUE(has(doc, "（一）"));
  EXPECT_TRUE(has(doc, "完成时限：2026年12月31日前"));
}

TEST(JiyaoDocx, WithheldSectionLeavesNoTraceInAnyFormat) {
  const auto lines = lines_as(v1::LEVEL_INTERNAL);
  const auto doc = parts_as(v1::LEVEL_INTERNAL).at("word/document.xml");
  const auto md = jiyao_markdown(lines);
  const auto json = boost::json::serialize(
      jiyao_json(draft_jiyao(domain::redact(test::jiyao_meeting(), {"reader", v1::LEVEL_INTERNAL}),
                             {3}, test::jiyao_sample_options()),
                 lines));
  for (const auto* text : {&doc, &md, &json}) {
    EXPECT_FALSE(has(*text, "SENTINEL")) << *text;
    EXPECT_TRUE(has(*text, withheld_notice)) << *text;
  }
  EXPECT_FALSE(has(doc, "decision_d4"));
  EXPECT_FALSE(has(json, R"("d4")"));
  EXPECT_TRUE(has(json, R"({"withheld":true})"));
  EXPECT_TRUE(has(doc, ">内部<"));
}

TEST(JiyaoMarkdown, HeadingsLabelsRulesAndEscapes) {
  auto draft = draft_jiyao(test::jiyao_meeting(), {}, test::jiyao_sample_options());
  draft.sections[0].statements[0].text = "会议认为*不*需要#改";
  const auto md = jiyao_markdown(layout_jiyao(draft));
  EXPECT_TRUE(has(md, "# 市政府第12次常务会议纪要\n")) << md;
  EXPECT_TRUE(has(md, "## 一、关于2027年财政预算编制情况的汇报\n"));
  EXPECT_TRUE(has(md, "**出席：**王建国、李娜、刘洋、赵敏\n"));
  EXPECT_TRUE(
      has(md, "---\n\n**分送：**市委办公室，市人大常委会办公室，各区县人民政府，市政府各部门。\n"));
  EXPECT_TRUE(has(md, "会议认为\\*不\\*需要\\#改"));
}

TEST(JiyaoDocx, SameInputSameBytes) {
  EXPECT_EQ(*jiyao_docx(lines_as(v1::LEVEL_SECRET)), *jiyao_docx(lines_as(v1::LEVEL_SECRET)));
}

}  // namespace
}  // namespace huiwu::exports
