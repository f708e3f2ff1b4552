// Drafting the formal minutes (纪要) from a meeting: a pure function of the meeting as one
// reader may see it, the decisions in it and the office's settings. No clock, no I/O.
//
// What the draft takes from where:
// - heading: the office's unit + the meeting's title (without a trailing 纪要) + 纪要; the
//   unit is left out when the title already starts with it;
// - issue number: 〔year〕N号 or 第N期 (the office's setting), year of the date of issue;
// - opening: time, place, who chaired (职务 + name, in name order), the meeting, and one
//   clause per item discussed (discussed_clause), ending "现纪要如下：";
// - one section per agenda item, in agenda order; deferred items (暂缓) were not discussed
//   and have none; an item the reader is not cleared for keeps its number and is withheld;
// - each section's statements, seeded from the item's record (seed_statements) — the
//   secretary rewrites them with the record beside the draft;
// - 议定事项: the item's decisions with unit and deadline; decisions tied to no shown item
//   make a last section "其他议定事项";
// - attendance in the meeting's name order (attendance.hpp); 记录人: given, or the
//   meeting's secretaries; 分送: given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "export/jiyao_model.hpp"
#include "followup/time_zone.hpp"
#include "huiwu.pb.h"

namespace huiwu::exports {

struct jiyao_options {
  std::string unit;    // prefix of the heading, e.g. "市人民政府"; "" = the title alone
  std::string issuer;  // the issuing office, e.g. "市人民政府办公室"
  issue_numbering numbering = issue_numbering::year;
  int number = 0;  // the issue's number; 0 = not numbered
  std::int64_t issued_at_ms = 0;
  followup::time_zone zone = followup::time_zone::fixed("Asia/Shanghai", 8 * 3600);
  std::vector<std::string> recorders;     // 记录人; empty = the meeting's secretaries
  std::vector<std::string> distribution;  // 分送
};

// `visible` is the meeting as the reader may see it (domain::redact); `withheld` says where
// the items the reader may not see were: for each, how many visible items come before it
// (withheld_positions), ascending.
jiyao_draft draft_jiyao(const v1::Meeting& visible, const std::vector<int>& withheld,
                        const jiyao_options& options);

// For each item of `full` that is not in `visible` (by id), the number of visible items
// before it; deferred items are left out, they have no section for anyone.
// One decision of the meeting as a 议定事项: text and units trimmed, the lead's name when no
// unit was given, the supervisor's name for the annex.
jiyao_decision decision_of(const v1::Decision& d);

std::vector<int> withheld_positions(const v1::Meeting& full, const v1::Meeting& visible);

// The opening's clause for one agenda title, grammatical whatever the title looks like:
//   starts with a verb (审议, 听取, 研究部署, …)  → the verb + 了 + the rest   审议了《办法》
//   names a report (…汇报/报告/说明/通报)       → 听取了 + title
//   names a situation (…情况)                   → 听取了 + title + 汇报
//   names a text to adopt (《…》, …方案/办法/草案…) → 审议了 + title
//   "关于X" otherwise                           → 研究了 + X (+ 有关事项)
//   any other noun phrase                       → 研究了 + title (+ 有关事项 unless it
//                                                  already ends in 工作/问题/事项/事宜)
// Trailing punctuation is dropped. Rules and their table: tests/export/jiyao_draft_test.cpp.
std::string discussed_clause(std::string_view title);

// The statements seeded from one item's record. `chairs` are the names of the chairs.
//   "会议…" lines (untagged): kept, classified by their verb (认为/指出 → assessed,
//     决定/同意/明确/议定/通过 → decided, 要求/强调 → required, 听取/审议 → heard);
//   a chair's tagged line: "请X…" → "会议要求X…", otherwise "会议认为，…";
//   everyone else's lines stay in the record: a 纪要 does not quote participants.
// Every statement ends with a full stop. `heard` opens the list: "会议" + the clause,
// with the presenter named when the clause is 听取了关于….
std::vector<jiyao_statement> seed_statements(const v1::AgendaItem& item,
                                             const std::vector<std::string>& chairs);

// Whether a meeting's name already says it is a meeting (ends in 会 or 会议, a closing
// bracketed remark aside: 局长办公会议（扩大）).
bool names_a_meeting(std::string_view name);

// "2026-12-31" → "2026年12月31日"; anything else is returned as it is.
std::string chinese_deadline(std::string_view iso_date);
// "〔2026〕12号" / "第12期"; "" when number ≤ 0.
std::string issue_number_text(issue_numbering style, int year, int number);

}  // namespace huiwu::exports
