// The DOCX container and its XML: the parts a Word reader needs, the page and the fonts.
// The text is read back by an independent reader in docx-readback.test.mjs.
#include <gtest/gtest.h>

#include "export/docx_writer.hpp"
#include "sample_meeting.hpp"
#include "zip_read.hpp"

namespace huiwu::exports {
namespace {

using test::unzip;

minutes_doc sample_doc() {
  doc_options o;
  o.issued_at_ms = test::sample_start_ms;
  return build_minutes(test::sample_meeting(), o);
}

TEST(DocxWriter, HasThePartsOfAWordDocument) {
  auto bytes = to_docx(sample_doc());
  ASSERT_TRUE(bytes) << bytes.error().message;
  const auto parts = unzip(*bytes);
  for (const char* name :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
        "word/styles.xml", "word/fontTable.xml"}) {
    EXPECT_TRUE(parts.count(name)) << name;
  }
  EXPECT_NE(parts.at("[Content_Types].xml").find("wordprocessingml.document.main+xml"),
            std::string::npos);
  EXPECT_NE(parts.at("_rels/.rels").find("Target=\"word/document.xml\""), std::string::npos);
}

TEST(DocxWriter, DocumentHoldsTheTextInOrderWithItsStyles) {
  const auto parts = unzip(*to_docx(sample_doc()));
  const auto& doc = parts.at("word/document.xml");
  const auto title = doc.find(
      "<w:pStyle w:val=\"MinutesTitle\"/></w:pPr><w:r><w:t "
      "xml:space=\"preserve\">市政府第12次常务会议记录</w:t>");
  const auto first = doc.find("一、关于2027年财政预算的汇报");
  const auto emoji = doc.find("会议费😀");
  const auto ext_b = doc.find("𠀀𠀁类企业");
  const auto label =
      doc.find("<w:rStyle w:val=\"Label\"/></w:rPr><w:t xml:space=\"preserve\">出席：</w:t>");
  ASSERT_NE(title, std::string::npos);
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(emoji, std::string::npos);
  ASSERT_NE(ext_b, std::string::npos);
  ASSERT_NE(label, std::string::npos);
  EXPECT_LT(title, first);
  EXPECT_LT(first, emoji);
  EXPECT_LT(emoji, label);
  // A4 with the GB/T 9704 margins.
  EXPECT_NE(doc.find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), std::string::npos);
  EXPECT_NE(doc.find("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\""),
            std::string::npos);
}

TEST(DocxWriter, StylesNameTheChineseTypefacesWithFallbacks) {
  const auto parts = unzip(*to_docx(sample_doc()));
  const auto& st = parts.at("word/styles.xml");
  EXPECT_NE(st.find("w:eastAsia=\"方正小标宋简体\""), std::string::npos);
  EXPECT_NE(st.find("w:eastAsia=\"仿宋\""), std::string::npos);
  EXPECT_NE(st.find("w:eastAsia=\"黑体\""), std::string::npos);
  EXPECT_NE(st.find("<w:color w:val=\"FF0000\"/>"), std::string::npos);
  EXPECT_NE(st.find("<w:sz w:val=\"44\"/>"), std::string::npos);  // 二号
  const auto& ft = parts.at("word/fontTable.xml");
  EXPECT_NE(ft.find("<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"SimSun\"/>"),
            std::string::npos);
  EXPECT_NE(ft.find("<w:font w:name=\"仿宋\"><w:altName w:val=\"FangSong\"/>"), std::string::npos);
}

TEST(DocxWriter, XmlTextEscapesAndDropsWhatXmlCannotCarry) {
  EXPECT_EQ(xml_text("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
  EXPECT_EQ(xml_text(std::string("x\x01y\x1Fz", 5)), "xyz");
  EXPECT_EQ(xml_text("\xFF"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_text("张三😀"), "张三😀");
}

TEST(DocxWriter, SameInputSameBytes) {
  EXPECT_EQ(*to_docx(sample_doc()), *to_docx(sample_doc()));
}

}  // namespace
}  // namespace huiwu::exports
