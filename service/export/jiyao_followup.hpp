// The follow-up annex of a signed-off 纪要 shows what became of each 议定事项 (issue 11,
// decision 0038): the body keeps what was signed, the annex's 办理情况 column says the 督办
// item's state now — the 督办 pages' words (立项, 已交办, 已签收, 办理中, 已报办结, "已退回，待重新
// 交办"), "已办结（date）" / "已撤销（date）" for a finished one, and "，已延期至 date" when its
// deadline is no longer the signed one — under the line "督办情况截至 date". Worked out when
// the document is rendered, from the meeting's decisions as the reader may see them; the
// browser applies the same rule to the decisions it keeps from events
// (web-static/js/jiyao-annex.js). Pure: the instant and the zone are given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "export/jiyao_model.hpp"
#include "followup/time_zone.hpp"
#include "huiwu.pb.h"

namespace huiwu::exports {

// Whether a version's annex has the 办理情况 column: signed off (签发, 印发, 归档). Before
// that the 议定事项 follow their items (decision 0031) and the draft itself is the state.
bool shows_follow_up(const v1::Jiyao& j);

// The 办理情况 of one decision as it is now; `signed_deadline` is the deadline the 纪要 says.
// Dates of closing in `zone` (the office's, decision 0033).
std::string follow_up_words(const v1::Decision& now, std::string_view signed_deadline,
                            const followup::time_zone& zone);

// Sets `follow_up_as_of` (the office's day at `now_ms`) and every decision's `follow_up`
// from `visible`'s decisions (a decision the reader cannot see, or that is gone, gets "—").
void add_follow_up(jiyao_draft& d, const v1::Meeting& visible, std::int64_t now_ms,
                   const followup::time_zone& zone);

}  // namespace huiwu::exports
