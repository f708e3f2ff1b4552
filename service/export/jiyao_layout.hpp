// The 纪要 draft laid out as the paper has it: a list of lines, each of one kind, that the
// DOCX writer maps to paragraph styles and the text and Markdown writers to lines. One
// layout for every format, so that the formats cannot disagree about order or wording.
//
// Order (GB/T 9704-2012, 纪要): marking, heading, issue number, issuer + date over a red
// rule; opening; per section its title (一、…), its heard/assessed and decided statements,
// "会议议定事项如下：" and the decisions ((一)… with unit and deadline), its required
// statements; a withheld section is its number and a notice; then 出席 / 请假 / 列席,
// 记录人; when there are 议定事项, the note "附件：议定事项督办表" and the annex on a page of its
// own (GB/T 9704 8.2: before the 版记) — one row per decision: its place in the body
// ("二（一）", the same for every reader, as the withheld sections keep their numbers),
// the matter, 牵头单位, 协办单位, deadline and 督办人, and for a signed-off version the
// 办理情况 now under "督办情况截至…" (jiyao_followup.hpp); last the 版记: 分送 between rules,
// and "〈issuer〉 〈date〉印发".
#pragma once

#include <string>
#include <vector>

#include "export/jiyao_model.hpp"

namespace huiwu::exports {

enum class jline_kind {
  marking,         // 内部 / 秘密 / 机密, top left, 黑体
  heading,         // "…纪要", red, 小标宋
  issue_number,    // 〔2026〕12号 / 第12期, centred
  masthead,        // label = issuer (left), text = date (right), red rule below
  opening,         // body paragraph
  section_title,   // "一、…", 黑体
  statement,       // body paragraph
  decisions_lead,  // "会议议定事项如下："
  decision,        // label = "（一）" (楷体), text = the decision with unit and deadline
  withheld,        // the notice in place of a section the reader is not cleared for
  attendance,      // label = "出席：" (黑体), text = names
  recorder,        // label = "记录人：", text = names
  distribution,    // label = "分送：", text = recipients; rules above and below
  printed,         // label = issuer (left), text = "2026年11月25日印发" (right); rule below
  annex_note,      // label = "附件：", text = "议定事项督办表", after the body
  annex_title,     // label = "附件" (黑体, new page), text = "议定事项督办表" (centred)
  annex_as_of,     // text = "督办情况截至2026年12月6日" (a signed-off version only)
  annex_head,      // cells = the column names
  annex_row,       // cells = one decision; anchor = its id
};

struct jline {
  jline_kind kind = jline_kind::statement;
  std::string label;
  std::string text;
  std::string anchor;              // decision, annex_row: the decision's id (the 督办 link)
  std::vector<std::string> cells;  // annex_head, annex_row
};

inline constexpr const char* annex_name = "议定事项督办表";

// The notice written for a withheld section (also the print page's, web-static).
inline constexpr const char* withheld_notice = "本议题内容按密级规定不予显示。";
inline constexpr const char* withheld_title = "（略）";

std::vector<jline> layout_jiyao(const jiyao_draft& d);

// One decision with its unit and deadline, as the paper writes it:
// "压缩会议费（牵头单位：财政局；协办单位：审计局；完成时限：2026年12月31日前）。"
std::string decision_sentence(const jiyao_decision& d);

// Plain UTF-8 text, one line per layout line, blank lines between the parts; the
// masthead and the 印发 line as "left　　right"; rules as a line of "—".
std::string jiyao_text(const std::vector<jline>& lines);
// Markdown (CommonMark): the heading as "#", sections as "##", labels in bold, rules as
// "---"; the decision anchors as HTML comments are not written: the id is in the JSON.
std::string jiyao_markdown(const std::vector<jline>& lines);

}  // namespace huiwu::exports
