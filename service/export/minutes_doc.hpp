// The verbatim record (会议记录) as a document, in the layout of the minutes (DOMAIN.md
// "Minutes document layout"; the formal 纪要 itself is jiyao_draft.hpp), as a list of blocks,
// made from a meeting as one reader may see it: the caller passes the meeting already
// redacted for that reader (domain::redact), so an item above the reader's clearance is
// not in the input and cannot be in the document. Pure: no clock, no files.
//
// Layout, in order: the level marking (内部/秘密/机密, when anything shown is above public),
// the heading "〈meeting〉记录", the issue number when given, the opening paragraph (time in
// the given zone, place, who chaired, what was discussed), the body, the attendance lines
// (出席 / 请假 / 列席, in the meeting's name order, attendance.hpp) and the date of issue.
// The body is either item by item (each item's minutes, one paragraph per line) or
// speaker by speaker (each speaker's statements across items, with the item each came
// from; lines without a speaker tag under "其他").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "followup/time_zone.hpp"
#include "huiwu.pb.h"

namespace huiwu::exports {

enum class grouping { by_item, by_speaker };

struct doc_options {
  grouping group = grouping::by_item;
  std::string issue_number;       // e.g. "〔2026〕12号" or "第3期"; "" = none
  std::int64_t issued_at_ms = 0;  // the date of issue (unix ms)
  // The zone the time and the date are written in. The meeting has no zone of its own
  // yet: the server passes Asia/Shanghai.
  followup::time_zone zone = followup::time_zone::fixed("Asia/Shanghai", 8 * 3600);
};

enum class block_kind {
  marking,       // 密级 at the top left
  heading,       // "〈meeting〉记录" / "〈name〉会议记录", red
  issue_number,  // 〔2026〕12号
  opening,       // time, place, chair, what was discussed
  section,       // "一、〈item title〉" or "一、〈speaker〉"
  source,        // by speaker: the item the next statements come from (label + title)
  body,          // one paragraph of the record
  spacer,        // an empty line (before the attendance and the date)
  attendance,    // label ("出席：") + names
  date,          // date of issue, right-aligned
};

struct block {
  block_kind kind = block_kind::body;
  std::string label;  // attendance and source: "出席：", "议题："
  std::string text;
};

struct minutes_doc {
  std::string title;  // the heading's text, also the file name
  std::vector<block> blocks;
};

minutes_doc build_minutes(const v1::Meeting& visible, const doc_options& options);

// Plain UTF-8 text, one block a line, blank lines between the parts; ends with a newline.
std::string to_text(const minutes_doc& doc);

// Helpers, exposed for tests.
std::string chinese_number(int n);  // 1 → 一, 10 → 十, 21 → 二十一 (1..99)
std::string chinese_date(const followup::civil_date& d);  // 2026年11月3日
// "2026年11月3日上午9时30分" / "下午3时" in `zone`.
std::string chinese_time(std::int64_t unix_ms, const followup::time_zone& zone);
// Lines of the minutes that hold something (trailing CR and surrounding spaces removed).
std::vector<std::string> paragraphs_of(const std::string& minutes);

}  // namespace huiwu::exports
