// The minutes as a DOCX (Office Open XML WordprocessingML, ECMA-376), written by hand into
// the follow-up module's ZIP writer. Parts: [Content_Types].xml, _rels/.rels,
// word/document.xml, word/styles.xml, word/fontTable.xml, word/_rels/document.xml.rels.
//
// Print layout after GB/T 9704-2012, roughly: A4, margins top 37 mm, bottom 35 mm, left
// 28 mm, right 26 mm (a 156 × 225 mm type area), lines at a fixed 28.95 pt (22 a page);
// the heading in 方正小标宋简体 二号 (22 pt), red; body text in 仿宋 三号 (16 pt), first line
// indented two characters; section titles and labels (出席：…) in 黑体 三号; the date of
// issue right-aligned four characters in. Every Chinese typeface is named with w:eastAsia
// and given a common Windows font as its alternative in the font table (方正小标宋简体 →
// SimSun, 仿宋 → FangSong, 黑体 → SimHei), so a machine without it still shows Chinese.
#pragma once

#include <string>
#include <string_view>

#include "export/minutes_doc.hpp"
#include "followup/result.hpp"

namespace huiwu::exports {

// The .docx bytes, or why they cannot be made (the archive would need ZIP64).
followup::result<std::string> to_docx(const minutes_doc& doc);

// Text as XML character data: & < > " escaped, characters XML 1.0 cannot carry dropped,
// invalid UTF-8 replaced by U+FFFD. Exposed for tests.
std::string xml_text(std::string_view s);

}  // namespace huiwu::exports
