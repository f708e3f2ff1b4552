#include "export/docx_writer.hpp"

#include "base/utf8.hpp"
#include "followup/opc_package.hpp"
#include "followup/text_util.hpp"

namespace huiwu::exports {
namespace {

constexpr std::string_view ns_w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view ns_r =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Typefaces: the Chinese name for East Asian text, the Windows family for the rest.
struct face {
  const char* east_asia;
  const char* latin;
};
constexpr face title_face{"方正小标宋简体", "SimSun"};
constexpr face body_face{"仿宋", "FangSong"};
constexpr face label_face{"黑体", "SimHei"};

std::string fonts(const face& f) {
  return std::string("<w:rFonts w:ascii=\"") + f.latin + "\" w:hAnsi=\"" + f.latin +
         "\" w:eastAsia=\"" + f.east_asia + "\" w:cs=\"" + f.latin + "\"/>";
}

// sz in half points: 二号 22 pt = 44, 三号 16 pt = 32.
std::string paragraph_style(const char* id, const char* name, const std::string& ppr, const face& f,
                            int half_points, const std::string& extra_rpr = {}) {
  return std::string("<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"") + id +
         "\"><w:name w:val=\"" + name + "\"/><w:qFormat/><w:pPr>" + ppr + "</w:pPr><w:rPr>" +
         fonts(f) + extra_rpr + "<w:sz w:val=\"" + std::to_string(half_points) +
         "\"/><w:szCs w:val=\"" + std::to_string(half_points) + "\"/></w:rPr></w:style>";
}

std::string styles() {
  // 22 lines on the 225 mm type area: 28.95 pt = 579 twips, exactly.
  const std::string line =
      R"(<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>)";
  const std::string indent2 = R"(<w:ind w:firstLineChars="200" w:firstLine="640"/>)";
  std::string s =
      std::string(followup::xml_declaration) + "<w:styles xmlns:w=\"" + std::string(ns_w) + "\">";
  s += "<w:docDefaults><w:rPrDefault><w:rPr>" + fonts(body_face) +
       R"(<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>)"
       "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>" +
       line + "</w:pPr></w:pPrDefault></w:docDefaults>";
  s +=
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)";
  s += paragraph_style("Marking", "密级", line, label_face, 32);
  s += paragraph_style(
      "MinutesTitle", "纪要标题",
      R"(<w:jc w:val="center"/><w:spacing w:before="0" w:after="579" w:line="579" w:lineRule="exact"/>)",
      title_face, 44, R"(<w:color w:val="FF0000"/>)");
  s += paragraph_style("IssueNumber", "期号", R"(<w:jc w:val="center"/>)" + line, body_face, 32);
  s += paragraph_style("BodyText", "正文", line + indent2 + R"(<w:jc w:val="both"/>)", body_face,
                       32);
  s += paragraph_style("SectionTitle", "一级标题", line + indent2 + R"(<w:keepNext/>)", label_face,
                       32);
  s +=
      paragraph_style("SourceLine", "议题来源", line + indent2 + R"(<w:keepNext/>)", body_face, 32);
  // Names wrap under the first name: left = 2 characters + "出席：" (3), hanging 3.
  s += paragraph_style("Attendance", "出席人员", line + R"(<w:ind w:left="1600" w:hanging="960"/>)",
                       body_face, 32);
  s += paragraph_style("IssueDate", "成文日期",
                       line + R"(<w:jc w:val="right"/><w:ind w:right="1280" w:rightChars="400"/>)",
                       body_face, 32);
  s +=
      R"(<w:style w:type="character" w:customStyle="1" w:styleId="Label"><w:name w:val="标签"/><w:rPr>)" +
      fonts(label_face) + "</w:rPr></w:style>";
  s += "</w:styles>";
  return s;
}

std::string font_table() {
  std::string s =
      std::string(followup::xml_declaration) + "<w:fonts xmlns:w=\"" + std::string(ns_w) + "\">";
  for (const auto& f : {title_face, body_face, label_face}) {
    s +=
        std::string("<w:font w:name=\"") + f.east_asia + "\"><w:altName w:val=\"" + f.latin +
        R"("/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>)";
  }
  s += "</w:fonts>";
  return s;
}

const char* style_of(block_kind k) {
  switch (k) {
    case block_kind::marking:
      return "Marking";
    case block_kind::heading:
      return "MinutesTitle";
    case block_kind::issue_number:
      return "IssueNumber";
    case block_kind::section:
      return "SectionTitle";
    case block_kind::source:
      return "SourceLine";
    case block_kind::attendance:
      return "Attendance";
    case block_kind::date:
      return "IssueDate";
    case block_kind::opening:
    case block_kind::body:
    case block_kind::spacer:
      break;
  }
  return "BodyText";
}

std::string run(std::string_view text, const char* char_style = nullptr) {
  std::string r = "<w:r>";
  if (char_style) r += std::string("<w:rPr><w:rStyle w:val=\"") + char_style + "\"/></w:rPr>";
  return r + "<w:t xml:space=\"preserve\">" + xml_text(text) + "</w:t></w:r>";
}

std::string document(const minutes_doc& doc) {
  std::string s = std::string(followup::xml_declaration) + "<w:document xmlns:w=\"" +
                  std::string(ns_w) + "\" xmlns:r=\"" + std::string(ns_r) + "\"><w:body>";
  for (const auto& b : doc.blocks) {
    s += std::string("<w:p><w:pPr><w:pStyle w:val=\"") + style_of(b.kind) + "\"/></w:pPr>";
    if (!b.label.empty()) s += run(b.label, "Label");
    if (!b.text.empty()) s += run(b.text);
    s += "</w:p>";
  }
  // A4 (210 × 297 mm) in twips; margins 37/26/35/28 mm.
  s +=
      R"(<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>)"
      R"(<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>)"
      "</w:sectPr></w:body></w:document>";
  return s;
}

}  // namespace

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    const auto cp = utf8::decode(s, pos);
    if (!cp) {
      ++pos;
      out += "\xEF\xBF\xBD";
      continue;
    }
    if (*cp == '&') {
      out += "&amp;";
    } else if (*cp == '<') {
      out += "&lt;";
    } else if (*cp == '>') {
      out += "&gt;";
    } else if (*cp == '"') {
      out += "&quot;";
    } else if ((*cp < 0x20 && *cp != '\t') || *cp == 0xFFFE || *cp == 0xFFFF) {
      continue;  // not allowed in XML 1.0 (a line break is a paragraph here, never in a run)
    } else {
      out.append(s, start, pos - start);
    }
  }
  return out;
}

followup::result<std::string> to_docx(const minutes_doc& doc) {
  const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  followup::opc_package pkg;
  pkg.add("word/document.xml", wml + "document.main+xml", document(doc));
  pkg.add("word/styles.xml", wml + "styles+xml", styles());
  pkg.add("word/fontTable.xml", wml + "fontTable+xml", font_table());
  pkg.relate("", followup::relationship_type("officeDocument"), "word/document.xml");
  pkg.relate("word/document.xml", followup::relationship_type("styles"), "styles.xml");
  pkg.relate("word/document.xml", followup::relationship_type("fontTable"), "fontTable.xml");
  return pkg.write();
}

}  // namespace huiwu::exports
