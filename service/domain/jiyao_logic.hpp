// The 纪要 (formal minutes) as a workflow object stored in the meeting (docs/protocol.md §6.5,
// decision 0025):
//
//   CREATE (secretary, meeting ended) ─▶ 起草 DRAFTING ─SUBMIT─▶ 送审 SUBMITTED
//   SUBMITTED ─RETURN (chair/convener, comments)─▶ 退回修改 RETURNED ─SUBMIT─▶ SUBMITTED
//   SUBMITTED ─APPROVE (chair/convener)─▶ 签发 APPROVED ─ISSUE (secretary)─▶ 印发 ISSUED
//   ISSUED ─ARCHIVE─▶ 归档 ARCHIVED;  APPROVED | ISSUED | ARCHIVED ─CORRECT (reason)─▶ a new
//   version in DRAFTING (the frozen one is kept).
//
// Sections are texts edited by EditMinutes with the section's id ("j:i3") as item_id: the
// record's OT, ties and carets, unchanged. Only the last version, and only while it is
// DRAFTING or RETURNED, takes edits; anything else is ERROR_CONFLICT, field "jiyao.state".
// Pure: no clock (now is given), no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

inline constexpr std::string_view jiyao_section_prefix = "j:";
// The opening paragraph, edited and commented like a section (with the meeting's level:
// it is one text for every reader and names only the items at the meeting's level).
inline constexpr std::string_view jiyao_opening_id = "j:_opening";

// Whether an id names a 纪要 section rather than an agenda item.
bool is_jiyao_section_id(std::string_view id);
// The agenda item whose level governs a text: the item itself, or a section's item; ""
// for a section not made from an item ("j:other", the meeting's level governs it).
std::string text_item_id(std::string_view id);

// The edited text of an item's record or of a section of the 纪要's last version; null
// when there is none with that id.
const std::string* find_text(const v1::Meeting& m, const std::string& id);
std::string* find_text(v1::Meeting& m, const std::string& id);
// Refuses an edit of a section when the last version is frozen (not DRAFTING/RETURNED).
maybe_rejection check_text_editable(const v1::Meeting& m, const std::string& id);

// Whether the actor may return or sign off the 纪要: the meeting's chair or its convener.
bool may_sign_jiyao(const v1::Meeting& m, const std::string& account_id);

// `actor_name` is recorded next to the account id in the version's history.
maybe_rejection decide_jiyao(const v1::Meeting& m, const v1::JiyaoAction& in, std::int64_t now_ms,
                             std::string_view actor, v1::JiyaoAction& out);
void apply_jiyao(v1::Meeting& m, const v1::JiyaoAction& a);
// An edit of a section (or the opening) moves the offsets of the last return's comments on
// it the way carets move (ot::transform_index), so that each still points at its passage.
void move_comment_anchors(v1::Meeting& m, const v1::EditMinutes& e);

// The 纪要 as one reader may see it: sections of items above its clearance keep their id
// and number but nothing else (withheld = true); their comments go too.
void redact_jiyao(v1::Jiyao& j, const v1::Meeting& full, v1::Level clearance);

std::string_view jiyao_state_label(v1::JiyaoState s);  // "起草", "送审", ...

}  // namespace huiwu::domain
