#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

// Who is looking: an account and how far it is cleared (docs/security.md).
struct viewer {
  std::string account_id;
  v1::Level clearance = v1::LEVEL_PUBLIC;
};

// A meeting role, or none (not invited). Ordered by what it may do.
enum class meeting_role { none, observer, participant, chair, secretary };

// The account's role: the creator is a convener (secretary rights); otherwise the role of
// the attendee linked to the account; none when neither.
meeting_role role_in(const v1::Meeting& m, const std::string& account_id);
v1::Role wire_role(const v1::Meeting& m, const std::string& account_id);

bool cleared_for(const viewer& v, v1::Level level);
// Invited and cleared for the meeting's level.
bool may_see_meeting(const v1::Meeting& m, const viewer& v);
// The same, from a stored summary (the meeting list).
bool may_see_summary(const v1::MeetingSummary& s, const viewer& v);
v1::Role wire_role(const v1::MeetingSummary& s, const std::string& account_id);

// Who may read a decision: the one rule, used by the follow-up board and its exports (from
// the stored record and summary), the action route (from the meeting, before a change is
// decided) and the meeting view (redact). Logged in; cleared for the meeting's level and for
// the level of the decision's item (an item that was removed counts as LEVEL_SECRET); and
// invited to the meeting (its creator or a linked attendee) or named on the decision (lead,
// co-operator, supervisor). To anyone else an existing decision is answered exactly like a
// missing one. The facts come from whichever form the caller holds (decision_access.cpp).
struct decision_audience {
  v1::Level meeting_level = v1::LEVEL_SECRET;
  v1::Level item_level = v1::LEVEL_SECRET;
  bool invited = false;  // the account is the meeting's creator or a linked attendee
  bool named = false;    // the account is the decision's lead, a co-operator or its supervisor
};
decision_audience audience_of(const v1::Meeting& m, const v1::Decision& d,
                              const std::string& account_id);
// `summary` may be null (the meeting's summary is unknown: then nobody is invited).
decision_audience audience_of(const v1::DecisionRecord& r, const v1::MeetingSummary* summary,
                              const std::string& account_id);
bool may_read_decision(const decision_audience& a, const viewer& v);

maybe_rejection check_join(const v1::Meeting& m, const viewer& v);
// Whether the viewer may make this change in its role, on items it may see, and without
// setting a level above its own clearance. Called before decide().
maybe_rejection check_change(const v1::Meeting& m, const viewer& v, const v1::Change& c);

// The meeting as the viewer may see it: items above its clearance left out (with their
// minutes), and the current item cleared when it is one of them.
v1::Meeting redact(const v1::Meeting& m, const viewer& v);
// Whether the redacted copy would differ from the meeting (any item hidden).
bool hides_anything(const v1::Meeting& m, const viewer& v);
// The highest level of what the viewer is shown of the meeting (for the audit of views).
v1::Level highest_visible_level(const v1::Meeting& m, const viewer& v);

// What decides visibility, taken before an event is applied (no minutes, cheap to copy).
struct access_view {
  v1::Level meeting_level = v1::LEVEL_PUBLIC;
  std::vector<std::pair<std::string, v1::Level>> items;  // id, level
  v1::Level item_level(const std::string& id, bool& found) const;
};
access_view access_of(const v1::Meeting& m);
// Whether the change can alter who sees what (levels, links, roles).
bool changes_access(const v1::Change& c);

// How one event reaches one recipient.
enum class delivery {
  as_is,         // the event itself
  replaced,      // `event` holds what this recipient gets instead
  version_only,  // only the version moves (the change is about something hidden)
  revoke,        // the recipient may no longer see the meeting: resync and drop it
};
struct redacted {
  delivery how = delivery::as_is;
  v1::Event event;  // with replaced and version_only
};
// `before` is access_of(the meeting before the event), `after` the meeting after it.
redacted redact_event(const v1::Event& e, const access_view& before, const v1::Meeting& after,
                      const viewer& v);
// For stored history, where the state at the time is not at hand: an event is shown only
// when every item it names is visible now and, when it carries the item, was visible then.
// Items that no longer exist count as LEVEL_SECRET.
bool history_visible(const v1::Event& e, const v1::Meeting& now, const viewer& v);
// What an applied change did to levels and roles, for the audit log: (action, target
// within the meeting, detail), e.g. ("level_changed", "i3", "LEVEL_INTERNAL -> LEVEL_SECRET").
struct access_change {
  std::string action, target, detail;
};
std::vector<access_change> describe_access_changes(const v1::Meeting& before,
                                                   const v1::Change& resolved);

// A version-only copy: same meeting, version and time, nothing else.
v1::Event version_only(const v1::Event& e);

}  // namespace huiwu::domain
