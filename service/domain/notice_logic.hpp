#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

// The notice (会议通知) and its replies (回执), docs/protocol.md §6.5, decision 0026.
//
// The notice is the meeting's header, agenda and attendees plus `Meeting.notice` (reply-by
// date, contact, phone, what to bring, materials); issue_notice records it (lifecycle_logic).
// A reply lives on the attendee (`Attendee.reply`) and is taken only while the notice is out
// and the meeting has not started (已通知). Every re-issue (改期, or a change of time or place
// in the header while 已通知) counts `Lifecycle.notice_issues` up; a reply given to an
// earlier issue (`reply.notice_issue` lower) is "to confirm again" — derived, never stored,
// so every instance and page reads it the same way.

bool is_notice_change(const v1::Change& c);  // reply_notice, remind_replies

maybe_rejection decide_notice_change(const v1::Meeting& m, const v1::Change& in,
                                     std::int64_t now_ms, std::string_view actor, v1::Change& out);
void apply_notice_change(v1::Meeting& m, const v1::Change& c);

// The notice's own fields: lengths, the reply-by date's form. INVALID_FIELD / TOO_LARGE
// naming `notice.<field>`.
maybe_rejection check_notice(const v1::Notice& n);

// Replied (any kind) to an earlier issue of the notice than the latest.
bool reply_to_confirm(const v1::Meeting& m, const v1::Attendee& a);
// Replied to the notice as it stands (not NONE, not to confirm).
bool replied(const v1::Meeting& m, const v1::Attendee& a);

// The accounts a notice goes to: attendees linked to an account, in the meeting's order,
// each once.
std::vector<std::string> invited_accounts(const v1::Meeting& m);

// Whether replacing the header by `info` re-issues the notice: the notice is out (已通知)
// and the start, end or place changes.
bool reissues_notice(const v1::Meeting& m, const v1::MeetingInfo& info);
// Counts a re-issue into `l` (who, when, notice_issues + 1).
void count_reissue(v1::Lifecycle& l, std::int64_t at_ms, const std::string& by);

struct reply_counts {
  int invited = 0;  // attendees (all of them: a reply can be recorded for one without account)
  int attend = 0;
  int deputy = 0;
  int leave = 0;
  int none = 0;        // not replied
  int to_confirm = 0;  // replied to an earlier issue (counted in its kind too)
};
reply_counts count_replies(const v1::Meeting& m);

// What lands in whose inbox after event `e` made the meeting `after` (the notice's issue
// count was `issues_before`): the first issue "notice" to every invitee with an account; a
// re-issue (issue_notice again, 改期, a new time or place) "notice_update" to them; a
// 催报 "reminder" to those reminded. Nothing for other events.
struct inbox_delivery {
  std::string account_id;
  v1::InboxEntry entry;
};
std::vector<inbox_delivery> inbox_deliveries(const v1::Meeting& after, const v1::Event& e,
                                             int issues_before);

}  // namespace huiwu::domain
