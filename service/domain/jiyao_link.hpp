// The 议定事项 of the 纪要 are the 督办 items (issue 11, decision 0025 "Limits", closed here):
// while the working version is not signed off (起草, 送审, 退回修改), each decision in it
// shows the 督办 item as it is now — text, 牵头单位, 协办单位, deadline, 督办人 — and a
// decision created after the draft joins its item's section (else 其他议定事项). From 签发
// on the version keeps what was signed. Applied with every decision event, in the same
// order as the record, so every instance and every replay agree; the browser mirrors the
// same rule on the events it receives (web-static/js/jiyao-link.js). Pure, no I/O.
#pragma once

#include "huiwu.pb.h"

namespace huiwu::domain {

// Whether a version still follows its 督办 items (not signed off yet).
bool jiyao_follows_decisions(const v1::Jiyao& j);

// Puts the decision into the version: in place where it is already, else at the end of its
// item's section, else of "j:other" (made, at the meeting's level, when there is none).
void follow_decision(v1::Jiyao& j, const v1::Decision& d, v1::Level meeting_level);

// The meeting's last version after a decision event, when it follows its items.
void follow_decision(v1::Meeting& m, const v1::Decision& d);

}  // namespace huiwu::domain
