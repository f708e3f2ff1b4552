#include "export/jiyao_docx.hpp"

#include <array>
#include <cctype>
#include <vector>

#include "export/docx_writer.hpp"
#include "followup/opc_package.hpp"

namespace huiwu::exports {
namespace {

constexpr std::string_view ns_w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view ns_r =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

struct face {
  const char* east_asia;
  const char* alternatives;  // the font table's w:altName, nearest first
  const char* latin;
};
constexpr face title_face{"方正小标宋简体", "小标宋;华文中宋;宋体;SimSun", "SimSun"};
constexpr face body_face{"仿宋_GB2312", "仿宋;FangSong", "FangSong"};
constexpr face label_face{"黑体", "SimHei", "SimHei"};
constexpr face kai_face{"楷体_GB2312", "楷体;KaiTi", "KaiTi"};
constexpr face page_face{"宋体", "SimSun", "SimSun"};

// The type area's width, 156 mm, in twips: where the right-hand tab stops sit.
constexpr int type_width = 8844;

std::string fonts(const face& f) {
  return std::string("<w:rFonts w:ascii=\"") + f.latin + "\" w:hAnsi=\"" + f.latin +
         "\" w:eastAsia=\"" + f.east_asia + "\" w:cs=\"" + f.latin + "\"/>";
}

std::string size(int half_points) {
  return "<w:sz w:val=\"" + std::to_string(half_points) + "\"/><w:szCs w:val=\"" +
         std::to_string(half_points) + "\"/>";
}

std::string pstyle(const char* id, const char* name, const std::string& ppr, const face& f,
                   int half_points, const std::string& extra_rpr = {}) {
  return std::string("<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"") + id +
         "\"><w:name w:val=\"" + name + "\"/><w:qFormat/><w:pPr>" + ppr + "</w:pPr><w:rPr>" +
         fonts(f) + extra_rpr + size(half_points) + "</w:rPr></w:style>";
}

std::string cstyle(const char* id, const char* name, const face& f) {
  return std::string("<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"") + id +
         "\"><w:name w:val=\"" + name + "\"/><w:rPr>" + fonts(f) + "</w:rPr></w:style>";
}

std::string border(const char* side, int eighths, const char* color = "000000") {
  return std::string("<w:") + side + " w:val=\"single\" w:sz=\"" + std::to_string(eighths) +
         "\" w:space=\"1\" w:color=\"" + color + "\"/>";
}

std::string styles() {
  const std::string line =
      R"(<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>)";
  const std::string indent2 = R"(<w:ind w:firstLineChars="200" w:firstLine="640"/>)";
  const std::string right_tab =
      "<w:tabs><w:tab w:val=\"right\" w:pos=\"" + std::to_string(type_width) + "\"/></w:tabs>";
  const std::string small_line =
      R"(<w:spacing w:before="0" w:after="0" w:line="440" w:lineRule="exact"/>)";
  std::string s =
      std::string(followup::xml_declaration) + "<w:styles xmlns:w=\"" + std::string(ns_w) + "\">";
  s += "<w:docDefaults><w:rPrDefault><w:rPr>" + fonts(body_face) + size(32) +
       R"(<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>)" +
       line + "</w:pPr></w:pPrDefault></w:docDefaults>";
  s +=
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)";
  s += pstyle("JiyaoMarking", "密级", line, label_face, 32);
  s += pstyle(
      "JiyaoHeading", "纪要标志",
      R"(<w:jc w:val="center"/><w:spacing w:before="0" w:after="200" w:line="800" w:lineRule="exact"/>)",
      title_face, 44, R"(<w:color w:val="FF0000"/>)");
  s += pstyle("JiyaoIssueNumber", "期号", R"(<w:jc w:val="center"/>)" + line, body_face, 32);
  s += pstyle("JiyaoMasthead", "发文机关与日期",
              right_tab + line + "<w:pBdr>" + border("bottom", 12, "FF0000") +
                  "</w:pBdr><w:spacing w:before=\"0\" w:after=\"579\" w:line=\"579\" "
                  "w:lineRule=\"exact\"/>",
              body_face, 32);
  s += pstyle("JiyaoBody", "正文", line + indent2 + R"(<w:jc w:val="both"/>)", body_face, 32);
  s += pstyle("JiyaoSection", "一级标题", line + indent2 + R"(<w:keepNext/>)", label_face, 32);
  s += pstyle("JiyaoNames", "出席人员", line + R"(<w:ind w:left="1600" w:hanging="960"/>)",
              body_face, 32);
  s += pstyle("JiyaoRecorder", "记录人", line + R"(<w:ind w:left="1920" w:hanging="1280"/>)",
              body_face, 32);
  s += pstyle("JiyaoDistribution", "分送",
              small_line + "<w:pBdr>" + border("top", 8) + border("bottom", 6) +
                  "</w:pBdr><w:ind w:left=\"280\" w:right=\"280\"/><w:keepNext/>",
              body_face, 28);
  s += pstyle("JiyaoPrinted", "印发",
              "<w:tabs><w:tab w:val=\"right\" w:pos=\"" + std::to_string(type_width - 280) +
                  "\"/></w:tabs>" + small_line + "<w:pBdr>" + border("bottom", 8) +
                  "</w:pBdr><w:ind w:left=\"280\" w:right=\"280\"/>",
              body_face, 28);
  // The annex: "附件" top left on a page of its own, the title centred, the table's cells.
  s += pstyle("JiyaoAnnexNote", "附件说明", line + indent2, body_face, 32);
  s += pstyle("JiyaoAnnexLabel", "附件标识", "<w:pageBreakBefore/>" + line, label_face, 32);
  s += pstyle(
      "JiyaoAnnexTitle", "附件标题",
      R"(<w:jc w:val="center"/><w:spacing w:before="200" w:after="200" w:line="579" w:lineRule="exact"/>)",
      title_face, 36);
  s += pstyle("JiyaoAnnexAsOf", "督办情况日期",
              R"(<w:jc w:val="center"/><w:spacing w:before="0" w:after="200"/><w:keepNext/>)",
              kai_face, 28);
  s += pstyle("JiyaoCell", "表格文字", R"(<w:spacing w:before="40" w:after="40"/>)", body_face, 21);
  s += pstyle("JiyaoCellHead", "表头",
              R"(<w:jc w:val="center"/><w:spacing w:before="40" w:after="40"/>)", label_face, 21);
  s += pstyle("JiyaoFooter", "页码", R"(<w:spacing w:before="0" w:after="0"/>)", page_face, 28);
  s += cstyle("JiyaoLabel", "标签", label_face);
  s += cstyle("JiyaoKai", "二级标题", kai_face);
  s += "</w:styles>";
  return s;
}

std::string font_table() {
  std::string s =
      std::string(followup::xml_declaration) + "<w:fonts xmlns:w=\"" + std::string(ns_w) + "\">";
  for (const auto& f : {title_face, body_face, label_face, kai_face, page_face}) {
    s +=
        std::string("<w:font w:name=\"") + f.east_asia + "\"><w:altName w:val=\"" + f.alternatives +
        R"("/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>)";
  }
  return s + "</w:fonts>";
}

// Odd and even pages get different footers (GB/T 9704 7.5: odd right, even left).
std::string settings() {
  return std::string(followup::xml_declaration) + "<w:settings xmlns:w=\"" + std::string(ns_w) +
         "\"><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"640\"/>"
         "<w:characterSpacingControl w:val=\"compressPunctuation\"/></w:settings>";
}

// "— N —" with N the PAGE field, one character (14 pt = 280 twips) in from the edge.
std::string footer(bool odd) {
  const std::string run_text = "<w:r><w:t xml:space=\"preserve\">";
  std::string s = std::string(followup::xml_declaration) + "<w:ftr xmlns:w=\"" + std::string(ns_w) +
                  "\" xmlns:r=\"" + std::string(ns_r) + "\">";
  s += std::string("<w:p><w:pPr><w:pStyle w:val=\"JiyaoFooter\"/><w:jc w:val=\"") +
       (odd ? "right" : "left") + "\"/><w:ind " + (odd ? "w:right" : "w:left") +
       "=\"280\"/></w:pPr>";
  s += run_text + "— </w:t></w:r>";
  s += R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r>)";
  s += R"(<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>)";
  s += R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r>)";
  s += run_text + "1</w:t></w:r>";
  s += R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)";
  s += run_text + " —</w:t></w:r></w:p></w:ftr>";
  return s;
}

const char* style_of(jline_kind k) {
  switch (k) {
    case jline_kind::marking:
      return "JiyaoMarking";
    case jline_kind::heading:
      return "JiyaoHeading";
    case jline_kind::issue_number:
      return "JiyaoIssueNumber";
    case jline_kind::masthead:
      return "JiyaoMasthead";
    case jline_kind::section_title:
      return "JiyaoSection";
    case jline_kind::attendance:
      return "JiyaoNames";
    case jline_kind::recorder:
      return "JiyaoRecorder";
    case jline_kind::distribution:
      return "JiyaoDistribution";
    case jline_kind::printed:
      return "JiyaoPrinted";
    case jline_kind::annex_note:
      return "JiyaoAnnexNote";
    case jline_kind::annex_as_of:
      return "JiyaoAnnexAsOf";
    default:
      return "JiyaoBody";
  }
}

std::string run(std::string_view text, const char* char_style = nullptr) {
  std::string r = "<w:r>";
  if (char_style) r += std::string("<w:rPr><w:rStyle w:val=\"") + char_style + "\"/></w:rPr>";
  return r + "<w:t xml:space=\"preserve\">" + xml_text(text) + "</w:t></w:r>";
}

std::string paragraph(const jline& l, int& bookmark) {
  std::string s = std::string("<w:p><w:pPr><w:pStyle w:val=\"") + style_of(l.kind) + "\"/></w:pPr>";
  const bool spread = l.kind == jline_kind::masthead || l.kind == jline_kind::printed;
  if (!l.anchor.empty()) {
    // Bookmark names are letters, digits and _; decision ids are "d<n>".
    std::string name = "decision_";
    for (char c : l.anchor) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    s += "<w:bookmarkStart w:id=\"" + std::to_string(bookmark) + "\" w:name=\"" + name + "\"/>";
  }
  if (spread) {
    s += run(l.label) + "<w:r><w:tab/></w:r>" + run(l.text);
  } else {
    if (!l.label.empty()) {
      s += run(l.label, l.kind == jline_kind::decision ? "JiyaoKai" : "JiyaoLabel");
    }
    if (!l.text.empty()) s += run(l.text);
  }
  if (!l.anchor.empty()) s += "<w:bookmarkEnd w:id=\"" + std::to_string(bookmark++) + "\"/>";
  return s + "</w:p>";
}

// The annex table's columns (序号, 议定事项, 牵头单位, 协办单位, 完成时限, 督办人) over the
// type area's width; a signed-off version's table adds 办理情况 (jiyao_followup.hpp).
constexpr std::array<int, 6> annex_widths{1150, 2294, 1200, 1200, 2100, 900};
constexpr std::array<int, 7> annex_widths_followed{900, 2044, 1100, 1100, 1500, 800, 1400};

std::string annex_cell(const std::string& text, int width, bool head) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) +
         "\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"" +
         (head ? "JiyaoCellHead" : "JiyaoCell") + "\"/></w:pPr>" + run(text) + "</w:p></w:tc>";
}

// Consecutive annex_head/annex_row lines from `i` as one table; `i` is left on the last.
std::string annex_table(const std::vector<jline>& lines, std::size_t& i, int& bookmark) {
  std::string s = "<w:tbl><w:tblPr><w:tblW w:w=\"" + std::to_string(type_width) +
                  "\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
    s += std::string("<w:") + side + R"( w:val="single" w:sz="4" w:space="0" w:color="000000"/>)";
  }
  s += R"(</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>)";
  const bool followed = lines[i].cells.size() == annex_widths_followed.size();
  const std::vector<int> widths =
      followed ? std::vector<int>(annex_widths_followed.begin(), annex_widths_followed.end())
               : std::vector<int>(annex_widths.begin(), annex_widths.end());
  for (int w : widths) s += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  s += "</w:tblGrid>";
  for (; i < lines.size(); ++i) {
    const auto& l = lines[i];
    const bool head = l.kind == jline_kind::annex_head;
    if (!head && l.kind != jline_kind::annex_row) break;
    s += "<w:tr><w:trPr><w:cantSplit/>";
    if (head) s += "<w:tblHeader/>";
    s += "</w:trPr>";
    for (std::size_t c = 0; c < widths.size(); ++c) {
      std::string cell =
          annex_cell(c < l.cells.size() ? l.cells[c] : std::string(), widths[c], head);
      if (c == 0 && !l.anchor.empty()) {
        // The row's decision as a bookmark too: "annex_d3".
        std::string name = "annex_";
        for (char ch : l.anchor) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        const auto at = cell.find("<w:r>");
        cell.insert(at, "<w:bookmarkStart w:id=\"" + std::to_string(bookmark) + "\" w:name=\"" +
                            name + "\"/><w:bookmarkEnd w:id=\"" + std::to_string(bookmark) +
                            "\"/>");
        ++bookmark;
      }
      s += cell;
    }
    s += "</w:tr>";
  }
  --i;
  return s + "</w:tbl>";
}

std::string document(const std::vector<jline>& lines) {
  std::string s = std::string(followup::xml_declaration) + "<w:document xmlns:w=\"" +
                  std::string(ns_w) + "\" xmlns:r=\"" + std::string(ns_r) + "\"><w:body>";
  int bookmark = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    // An empty line before the 版记, as on paper.
    const auto k = lines[i].kind;
    const bool after_distribution = i > 0 && lines[i - 1].kind == jline_kind::distribution;
    if (k == jline_kind::distribution || (k == jline_kind::printed && !after_distribution)) {
      s += R"(<w:p><w:pPr><w:pStyle w:val="JiyaoBody"/></w:pPr></w:p>)";
    }
    if (k == jline_kind::annex_title) {
      s += R"(<w:p><w:pPr><w:pStyle w:val="JiyaoAnnexLabel"/></w:pPr>)" + run(lines[i].label) +
           "</w:p>";
      s += R"(<w:p><w:pPr><w:pStyle w:val="JiyaoAnnexTitle"/></w:pPr>)" + run(lines[i].text) +
           "</w:p>";
      continue;
    }
    if (k == jline_kind::annex_head || k == jline_kind::annex_row) {
      s += annex_table(lines, i, bookmark);
      continue;
    }
    s += paragraph(lines[i], bookmark);
  }
  // rId1..3 are styles, font table, settings; rId4 the odd footer, rId5 the even one.
  s +=
      R"(<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>)"
      R"(<w:pgSz w:w="11906" w:h="16838"/>)"
      R"(<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1304" w:gutter="0"/>)"
      R"(<w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr></w:body></w:document>)";
  return s;
}

}  // namespace

followup::result<std::string> jiyao_docx(const std::vector<jline>& lines) {
  const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  followup::opc_package pkg;
  pkg.add("word/document.xml", wml + "document.main+xml", document(lines));
  pkg.add("word/styles.xml", wml + "styles+xml", styles());
  pkg.add("word/fontTable.xml", wml + "fontTable+xml", font_table());
  pkg.add("word/settings.xml", wml + "settings+xml", settings());
  pkg.add("word/footer1.xml", wml + "footer+xml", footer(true));
  pkg.add("word/footer2.xml", wml + "footer+xml", footer(false));
  pkg.relate("", followup::relationship_type("officeDocument"), "word/document.xml");
  const std::string doc = "word/document.xml";
  pkg.relate(doc, followup::relationship_type("styles"), "styles.xml");
  pkg.relate(doc, followup::relationship_type("fontTable"), "fontTable.xml");
  pkg.relate(doc, followup::relationship_type("settings"), "settings.xml");
  pkg.relate(doc, followup::relationship_type("footer"), "footer1.xml");
  pkg.relate(doc, followup::relationship_type("footer"), "footer2.xml");
  return pkg.write();
}

}  // namespace huiwu::exports
