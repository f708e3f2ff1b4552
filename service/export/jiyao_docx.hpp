// The 纪要 as a DOCX in the GB/T 9704-2012 layout, written into the one Office package
// writer (followup::opc_package). Parts: the document, styles, font table, settings (odd
// and even footers differ) and two footers.
//
//   page       A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (type area
//              156 × 225 mm); lines at exactly 28.95 pt (22 a page)
//   heading    方正小标宋简体 二号 (22 pt), red, centred
//   masthead   issuer left, date right, 仿宋 三号, a red rule below
//   body       仿宋_GB2312 三号 (16 pt), first line indented two characters, justified
//   一、       黑体 三号;  （一） 楷体_GB2312 三号 (the decision's number)
//   labels     出席：/请假：/列席：/记录人： 黑体 三号, names 仿宋 三号, wrapped under the names
//   版记       分送 and 印发 lines in 仿宋 四号 (14 pt), between a thick rule (first and
//              last, 0.35 mm ≈ 1 pt) and a thin one (0.25 mm ≈ ¾ pt)
//   page no.   "— 1 —" in 宋体 四号 in the footer, odd pages right, even pages left, one
//              character in from the edge of the type area
// Each Chinese face is named in w:eastAsia with a fallback chain in the font table's
// w:altName (方正小标宋简体 → 小标宋 → 华文中宋 → 宋体 → SimSun; 仿宋_GB2312 → 仿宋 →
// FangSong; 楷体_GB2312 → 楷体 → KaiTi; 黑体 → SimHei) and a Windows family in w:ascii.
// A decision's paragraph carries a bookmark named after its id (the 督办 link).
#pragma once

#include <string>

#include "export/jiyao_layout.hpp"
#include "followup/result.hpp"

namespace huiwu::exports {

// The .docx bytes, or why they cannot be made (the archive would need ZIP64).
followup::result<std::string> jiyao_docx(const std::vector<jline>& lines);

}  // namespace huiwu::exports
