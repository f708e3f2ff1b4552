// Who may read a decision (the one rule, access_rules.hpp's may_read_decision), who may make
// and move decisions, and which decision an event is about (decision_logic.hpp); called by
// access_rules.cpp's check_change, redact and redact_event, and by the follow-up board.
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

bool named_on(const v1::Decision& d, const std::string& account_id) {
  return !account_id.empty() &&
         (d.lead_account() == account_id || d.supervisor_account() == account_id ||
          std::find(d.co_accounts().begin(), d.co_accounts().end(), account_id) !=
              d.co_accounts().end());
}

}  // namespace

decision_audience audience_of(const v1::Meeting& m, const v1::Decision& d,
                              const std::string& account_id) {
  const auto* it = find_item(m, d.item_id());
  return {m.info().level(), it ? it->level() : v1::LEVEL_SECRET,
          role_in(m, account_id) != meeting_role::none, named_on(d, account_id)};
}

// The record carries the levels as of its last write (decision_records(): a removed item is
// LEVEL_SECRET there too); the summary, when known, says who is invited. Both are written by
// the same append, so their meeting levels agree; should they not, the stricter one counts.
decision_audience audience_of(const v1::DecisionRecord& r, const v1::MeetingSummary* summary,
                              const std::string& account_id) {
  decision_audience a{r.meeting_level(), r.item_level(), false, named_on(r.decision(), account_id)};
  if (summary) {
    a.meeting_level = std::max(a.meeting_level, summary->info().level());
    a.invited = !account_id.empty() &&
                (summary->created_by() == account_id ||
                 std::find(summary->account_ids().begin(), summary->account_ids().end(),
                           account_id) != summary->account_ids().end());
  }
  return a;
}

bool may_read_decision(const decision_audience& a, const viewer& v) {
  return !v.account_id.empty() && cleared_for(v, a.meeting_level) && cleared_for(v, a.item_level) &&
         (a.invited || a.named);
}

const std::string& decision_item_of(const v1::Change& c, const v1::Meeting& m) {
  static const std::string none;
  const v1::Decision* d = nullptr;
  if (c.has_create_decision()) return c.create_decision().decision().item_id();
  if (c.has_decision_action()) d = &c.decision_action().decision();
  if (c.has_remind_decision()) d = &c.remind_decision().decision();
  // The stored decision is what counts: a command's decision (an assign naming a new lead
  // carries one) is the sender's word, and a decision never changes its item.
  const auto& id = c.has_decision_action() ? c.decision_action().decision_id()
                                           : c.remind_decision().decision_id();
  if (const auto* stored = find_decision(m, id)) return stored->item_id();
  return d ? d->item_id() : none;
}

// Follow-up changes: the people named on a decision act on it whether or not they are
// invited to the meeting, as far as their clearance reaches (meeting and item level).
maybe_rejection check_decision_change(const v1::Meeting& m, const viewer& v, const v1::Change& c) {
  if (c.has_remind_decision()) {
    if (v.account_id.empty()) return std::nullopt;  // the server's own scheduler
    return reject(v1::ERROR_FORBIDDEN, "reminders are recorded by the server");
  }
  if (v.account_id.empty()) return reject(v1::ERROR_FORBIDDEN, "log in first");
  if (c.has_create_decision()) {
    if (!cleared_for(v, m.info().level())) {
      return reject(v1::ERROR_FORBIDDEN, "the meeting is above your clearance", "meeting_id");
    }
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
  // Who may read a decision is the one rule (may_read_decision), the board's too. To anyone
  // else an existing decision gets the very answer a missing one gets, byte for byte, so
  // that ids cannot be probed — also when the whole meeting is above the account's
  // clearance; only a reader learns that the role asked for is not theirs.
  if (!d || !may_read_decision(audience_of(m, *d, v.account_id), v)) {
    return reject(v1::ERROR_NOT_FOUND, "no such decision", "decision_id");
  }
  const auto roles = decision_roles(m, *d, v.account_id);
  if (a.actor() != v.account_id || std::find(roles.begin(), roles.end(), a.role()) == roles.end()) {
    return reject(v1::ERROR_FORBIDDEN, "you do not hold the role '" + a.role() + "' on " + d->id(),
                  "role");
  }
  return std::nullopt;
}

}  // namespace huiwu::domain
