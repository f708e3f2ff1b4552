#include "domain/resume_rules.hpp"

#include <algorithm>
#include <unordered_map>

#include "domain/decision_logic.hpp"
#include "domain/meeting_lookup.hpp"

namespace huiwu::domain {
namespace {

bool names(const std::string& account, const viewer& v) {
  return !account.empty() && account == v.account_id;
}

// The meeting reduced to what redact_event reads (levels, ids, links, decisions' items),
// plus the items removed in the gap at the level they had when removed. No minutes, no
// titles: only cheap to build once per resume.
v1::Meeting access_skeleton(const v1::Meeting& m,
                            const std::vector<std::pair<std::string, v1::Level>>& removed) {
  v1::Meeting s;
  s.set_id(m.id());
  s.mutable_info()->set_level(m.info().level());
  s.set_created_by(m.created_by());
  s.set_current_item_id(m.current_item_id());
  s.set_version(m.version());
  for (const auto& it : m.agenda()) {
    auto* x = s.add_agenda();
    x->set_id(it.id());
    x->set_level(it.level());
  }
  for (const auto& [id, level] : removed) {
    auto* x = s.add_agenda();
    x->set_id(id);
    x->set_level(level);
  }
  for (const auto& a : m.attendees()) {
    if (a.account_id().empty()) continue;  // only links decide roles
    auto* x = s.add_attendees();
    x->set_id(a.id());
    x->set_account_id(a.account_id());
    x->set_role(a.role());
  }
  for (const auto& d : m.decisions()) {
    auto* x = s.add_decisions();
    x->set_id(d.id());
    x->set_item_id(d.item_id());
  }
  return s;
}

// Whether one event of the gap may have moved what `v` sees (or cannot be judged): then the
// reader gets a snapshot. `now` is the meeting after the whole gap. Written kind by kind,
// with a default of "yes", so that a new kind is access-relevant until someone decides.
bool moves_access(const logged_event& l, const v1::Meeting& now, const viewer& v) {
  const auto& c = l.event.change();
  const auto& n = l.note;
  switch (c.kind_case()) {
    // Content only: minutes, statuses, timers, the current item, attendance, seating,
    // archiving. The whole items and attendees these carry are copies of what the state
    // held, so their levels and links are unchanged.
    case v1::Change::kArchive:
    case v1::Change::kMoveItem:
    case v1::Change::kSetCurrent:
    case v1::Change::kSetItemStatus:
    case v1::Change::kControlTimer:
    case v1::Change::kCheckIn:
    case v1::Change::kEditMinutes:
    case v1::Change::kSetChart:
    case v1::Change::kRemoveChart:
    case v1::Change::kPinSeat:
    case v1::Change::kSwapSeats:
    case v1::Change::kRecomputeChart:
    // The lifecycle: phases, times, quorum, item clocks (ids, statuses, timers; no levels).
    case v1::Change::kIssueNotice:
    case v1::Change::kStartMeeting:
    case v1::Change::kEndMeeting:
    case v1::Change::kCancelMeeting:
    case v1::Change::kPostponeMeeting:
    case v1::Change::kSetQuorum:
    // Replies and reminders: the attendee they carry is a copy with its link unchanged.
    case v1::Change::kReplyNotice:
    case v1::Change::kRemindReplies:
    // Materials: cut by their item, whose level they do not change (decision 0027).
    case v1::Change::kAddMaterial:
    case v1::Change::kRemoveMaterial:
    case v1::Change::kSetMaterialViewOnly:
    case v1::Change::KIND_NOT_SET:  // a version-only event stored as such
      return false;
    // The 纪要 carries every section with its item's level: cut when anything is hidden.
    case v1::Change::kJiyaoAction:
      return hides_anything(now, v);
    case v1::Change::kUpdateInfo:
      return !n.known ||
             cleared_for(v, n.old_level) != cleared_for(v, c.update_info().info().level());
    case v1::Change::kAddItem:
      // Above its clearance: hidden from it either way, and a snapshot says so without a
      // version-only event. Visible while the reader does not see every item: the event's
      // position counts items it does not have, as they were then, which today's state
      // cannot tell.
      return !cleared_for(v, c.add_item().item().level()) || hides_anything(now, v);
    case v1::Change::kEditItem:
      return !n.known || !n.found ||
             cleared_for(v, n.old_level) != cleared_for(v, c.edit_item().item().level());
    case v1::Change::kRemoveItem: {
      if (!n.known || !n.found || !cleared_for(v, n.old_level)) return true;
      // Its decisions leave the reader's snapshot with it; a client applying remove_item
      // keeps them. The state must be the same either way.
      const auto& id = c.remove_item().item_id();
      return std::any_of(now.decisions().begin(), now.decisions().end(),
                         [&](const v1::Decision& d) { return d.item_id() == id; });
    }
    case v1::Change::kAddAttendee:
      return names(c.add_attendee().attendee().account_id(), v);
    case v1::Change::kEditAttendee:
      return !n.known || !n.found || names(n.old_account, v) ||
             names(c.edit_attendee().attendee().account_id(), v);
    case v1::Change::kRemoveAttendee:
      return !n.known || !n.found || names(n.old_account, v);
    case v1::Change::kCreateDecision:
    case v1::Change::kDecisionAction:
    case v1::Change::kRemindDecision: {
      // Cut by its item; an item removed since then hides it now but did not then.
      const auto& item = decision_item_of(c, now);
      const auto* it = item.empty() ? nullptr : find_item(now, item);
      return !it || !cleared_for(v, it->level());
    }
  }
  return true;
}

}  // namespace

access_note note_before(const v1::Meeting& before, const v1::Event& e) {
  access_note n;
  n.known = true;
  const auto& c = e.change();
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
      n.old_level = before.info().level();
      n.found = true;
      break;
    case v1::Change::kEditItem:
    case v1::Change::kRemoveItem: {
      const auto& id = c.has_edit_item() ? c.edit_item().item().id() : c.remove_item().item_id();
      if (const auto* it = find_item(before, id)) {
        n.found = true;
        n.old_level = it->level();
      }
      break;
    }
    case v1::Change::kEditAttendee:
    case v1::Change::kRemoveAttendee: {
      const auto& id = c.has_edit_attendee() ? c.edit_attendee().attendee().id()
                                             : c.remove_attendee().attendee_id();
      if (const auto* a = find_attendee(before, id)) {
        n.found = true;
        n.old_account = a->account_id();
      }
      break;
    }
    default:
      break;
  }
  return n;
}

std::optional<std::vector<v1::Event>> resume_events(const std::vector<const logged_event*>& gap,
                                                    const v1::Meeting& now, const viewer& v) {
  if (!may_see_meeting(now, v)) return std::nullopt;
  std::vector<std::pair<std::string, v1::Level>> removed;
  for (const auto* l : gap) {
    if (moves_access(*l, now, v)) return std::nullopt;
    if (l->event.change().has_remove_item()) {
      removed.emplace_back(l->event.change().remove_item().item_id(), l->note.old_level);
    }
  }
  // Nothing in the gap moved what this reader sees, so one view serves as the state before
  // and after every event: the live cut of each event, reproduced.
  const auto skeleton = access_skeleton(now, removed);
  const auto view = access_of(skeleton);
  std::vector<v1::Event> out;
  out.reserve(gap.size());
  for (const auto* l : gap) {
    if (l->event.change().has_add_item()) {
      // Visible, and the reader sees every item (moves_access): its position is theirs.
      out.push_back(l->event);
      continue;
    }
    auto r = redact_event(l->event, view, skeleton, v);
    switch (r.how) {
      case delivery::as_is:
        out.push_back(l->event);
        break;
      case delivery::version_only:
        out.push_back(std::move(r.event));
        break;
      case delivery::replaced:
        // An item newly visible would need its content, which the skeleton lacks; moves_access
        // rules that out, and this keeps it so if the rules ever drift apart.
        if (l->event.change().has_edit_item()) return std::nullopt;
        out.push_back(std::move(r.event));
        break;
      case delivery::revoke:
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace huiwu::domain
