// Who may make and move decisions, and which decision an event is about
// (decision_logic.hpp); called by access_rules.cpp's check_change, redact and redact_event.
#include <algorithm>

#include "domain/access_rules.hpp"
#include "domain/decision_logic.hpp"
#include "domain/meeting_lookup.hpp"

namespace huiwu::domain {
namespace {

// The same answer as for an item that does not exist: a hidden item's id is no clue.
rejection hidden_decision(const std::string& id, const std::string& field) {
  return reject(v1::ERROR_NOT_FOUND, "no item with id '" + id + "'", field);
}

}  // namespace

// The item a decision belongs to; a decision whose item was removed counts as LEVEL_SECRET.
bool decision_visible(const v1::Meeting& m, const v1::Decision& d, const viewer& v) {
  const auto* it = find_item(m, d.item_id());
  return cleared_for(v, it ? it->level() : v1::LEVEL_SECRET);
}

const std::string& decision_item_of(const v1::Change& c, const v1::Meeting& m) {
  static const std::string none;
  const v1::Decision* d = nullptr;
  if (c.has_create_decision()) return c.create_decision().decision().item_id();
  if (c.has_decision_action()) d = &c.decision_action().decision();
  if (c.has_remind_decision()) d = &c.remind_decision().decision();
  if (d && !d->item_id().empty()) return d->item_id();
  const auto& id = c.has_decision_action() ? c.decision_action().decision_id()
                                           : c.remind_decision().decision_id();
  const auto* stored = find_decision(m, id);
  return stored ? stored->item_id() : none;
}

// Follow-up changes: the people named on a decision act on it whether or not they are
// invited to the meeting, as far as their clearance reaches (meeting and item level).
maybe_rejection check_decision_change(const v1::Meeting& m, const viewer& v, const v1::Change& c) {
  if (c.has_remind_decision()) {
    if (v.account_id.empty()) return std::nullopt;  // the server's own scheduler
    return reject(v1::ERROR_FORBIDDEN, "reminders are recorded by the server");
  }
  if (v.account_id.empty()) return reject(v1::ERROR_FORBIDDEN, "log in first");
  if (!cleared_for(v, m.info().level())) {
    return reject(v1::ERROR_FORBIDDEN, "the meeting is above your clearance", "meeting_id");
  }
  if (c.has_create_decision()) {
    const auto& cd = c.create_decision();
    const auto role = role_in(m, v.account_id);
    const bool ok = (cd.role() == "supervisor" && role == meeting_role::secretary) ||
                    (cd.role() == "chair" && role == meeting_role::chair);
    if (!ok || cd.actor() != v.account_id) {
      return reject(v1::ERROR_FORBIDDEN,
                    "decisions are made by the meeting's secretaries (as supervisor) or its chair",
                    "role");
    }
    const auto* it = find_item(m, cd.decision().item_id());
    if (it && !cleared_for(v, it->level())) return hidden_decision(it->id(), "item_id");
    return std::nullopt;
  }
  const auto& a = c.decision_action();
  const auto* d = find_decision(m, a.decision_id());
  const auto roles = d ? decision_roles(m, *d, v.account_id) : std::vector<std::string>{};
  // Who may read a decision is the board's rule (followup_board.cpp may_see_record):
  // cleared for its meeting and item, and invited to the meeting or named on it. To anyone
  // else an existing decision gets the very answer a missing one gets, byte for byte, so
  // that ids cannot be probed; only a reader learns that the role asked for is not theirs.
  if (!d || !decision_visible(m, *d, v) || (roles.empty() && !may_see_meeting(m, v))) {
    return reject(v1::ERROR_NOT_FOUND, "no such decision", "decision_id");
  }
  if (a.actor() != v.account_id || std::find(roles.begin(), roles.end(), a.role()) == roles.end()) {
    return reject(v1::ERROR_FORBIDDEN, "you do not hold the role '" + a.role() + "' on " + d->id(),
                  "role");
  }
  return std::nullopt;
}

}  // namespace huiwu::domain
