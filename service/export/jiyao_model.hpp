// The formal minutes (会议纪要, DOMAIN.md "Minutes document layout") as plain data: what a
// secretary edits, what the chair will sign off, what every format (DOCX, PDF, Markdown,
// the print page) is rendered from. A draft is made from the meeting by draft_jiyao
// (jiyao_draft.hpp) and owes nothing to the meeting afterwards: the review, sign-off and
// co-editing that come later store and change this structure, they do not re-derive it.
//
// Shape (GB/T 9704-2012, 纪要):
//   版头   heading "〈unit〉〈meeting〉纪要" (red), issue number (〔2026〕12号 or 第12期),
//          the issuing office left and the date right above a red rule;
//   正文   the opening paragraph, then one numbered section per agenda item: statements of
//          what the meeting heard and assessed (会议听取了… / 会议认为…), what it decided
//          (会议决定 / 会议明确…) and what it required (会议要求…), and the item's 议定事项
//          (the decisions, each with responsible unit and deadline and the decision's id,
//          which is the 督办 item's id);
//          then the attendance lines 出席 / 请假 / 列席 and 记录人;
//   版记   分送 and 印发 lines between rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "huiwu.pb.h"

namespace huiwu::exports {

// The three kinds of statement of a 纪要 body, in the order they are written; "heard" and
// "assessed" are one kind in the layout standard, kept apart so that the editor can offer
// the right opening words.
enum class statement_kind {
  heard,     // 会议听取了… / 会议审议了…
  assessed,  // 会议认为… / 会议指出…
  decided,   // 会议决定… / 会议同意… / 会议明确…
  required,  // 会议要求… / 会议强调…
};

struct jiyao_statement {
  statement_kind kind = statement_kind::heard;
  std::string text;  // one paragraph, complete, ending with its full stop
};

// One 议定事项: a decision of the meeting, the same object as the 督办 item.
struct jiyao_decision {
  std::string decision_id;  // Meeting.decisions[].id: the follow-up link
  std::string text;
  std::string lead_unit;              // 牵头单位 (or the responsible person's name)
  std::vector<std::string> co_units;  // 协办单位
  std::string deadline;               // "YYYY-MM-DD", "" = none set
  std::string supervisor;             // 督办人 (the follow-up annex)
  // 办理情况: the 督办 item's state now, in the annex of a signed-off version ("办理中",
  // "已办结（2026年12月20日）", "办理中，已延期至2027年1月15日"); "" = not shown. Filled when the
  // document is rendered (jiyao_followup.hpp), never stored: the signed text stays as signed.
  std::string follow_up;
};

struct jiyao_section {
  std::string item_id;  // "" for a section not made from an agenda item
  std::string title;    // as the heading shows it, without the number
  // A section the reader is not cleared for: its number is kept, its title and content are
  // not in the draft at all, the layout writes a notice in their place.
  bool withheld = false;
  v1::Level level = v1::LEVEL_PUBLIC;
  std::vector<jiyao_statement> statements;  // in kind order
  std::vector<jiyao_decision> decisions;    // 议定事项, in the order they were taken
};

enum class issue_numbering {
  year,    // 〔2026〕12号
  period,  // 第12期
};

struct jiyao_draft {
  std::string meeting_id;
  std::uint64_t meeting_version = 0;     // the state the draft was made from
  v1::Level marking = v1::LEVEL_PUBLIC;  // the highest level shown (内部 / 秘密 / 机密)
  std::string heading;                   // "市人民政府常务会议纪要"
  std::string issue_number;              // "〔2026〕12号", "" = not numbered
  std::string issuer;                    // the office that issues it (版头, 印发)
  std::string date;                      // "2026年11月23日", the date of issue
  std::string opening;
  std::vector<jiyao_section> sections;
  std::vector<std::string> attended, on_leave, sat_in;  // in the meeting's name order
  std::vector<std::string> recorders;                   // 记录人
  std::vector<std::string> distribution;                // 分送
  // "2026年12月6日": the annex has the 办理情况 column, as of this day ("督办情况截至…");
  // "" = no such column (a version not signed off yet).
  std::string follow_up_as_of;
};

}  // namespace huiwu::exports
