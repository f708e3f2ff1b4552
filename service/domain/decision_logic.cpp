#include "domain/decision_logic.hpp"

#include <algorithm>

#include "domain/access_rules.hpp"
#include "domain/jiyao_link.hpp"
#include "domain/meeting_logic.hpp"
#include "domain/meeting_lookup.hpp"
#include "domain/text_rules.hpp"
#include "followup/state_machine.hpp"

namespace huiwu::domain {
namespace {

namespace fu = followup;

constexpr text_rule decision_text_rule{text_kind::multi_line, 2000, true};
constexpr text_rule unit_rule{text_kind::single_line, 100, true};
constexpr text_rule person_name_rule{text_kind::single_line, 64, false};
constexpr text_rule quote_rule{text_kind::multi_line, 2000, true};

rejection from_core(const fu::rejection& r) {
  v1::ErrorCode code = v1::ERROR_CONFLICT;
  switch (r.code) {
    case fu::rejection_code::invalid_field:
      code = v1::ERROR_INVALID_FIELD;
      break;
    case fu::rejection_code::too_large:
      code = v1::ERROR_TOO_LARGE;
      break;
    case fu::rejection_code::forbidden:
      code = v1::ERROR_FORBIDDEN;
      break;
    default:
      break;
  }
  // The core names its inputs ("date", "text"); on the wire they are the deadline and text.
  std::string field = r.field == "date" ? "decision.deadline" : r.field;
  return reject(code, r.message, std::move(field));
}

std::string date_text(const std::optional<fu::civil_date>& d) {
  return d ? fu::format_date(*d) : std::string();
}

v1::DecisionEntry to_wire(const fu::history_entry& e, const std::string& actor_name) {
  v1::DecisionEntry w;
  w.set_seq(e.seq);
  w.set_actor(e.actor);
  w.set_actor_name(actor_name);
  w.set_role(std::string(fu::to_string(e.role)));
  w.set_at_ms(e.at_ms);
  w.set_action(std::string(fu::to_string(e.action)));
  w.set_text(e.text);
  w.set_from_state(std::string(fu::to_string(e.from_state)));
  w.set_to_state(std::string(fu::to_string(e.to_state)));
  w.set_deadline(date_text(e.deadline));
  w.set_previous_deadline(date_text(e.previous_deadline));
  return w;
}

// Writes the core's item back into the wire decision: the derived fields, and the history
// entries the wire copy does not have yet.
void store_item(const fu::decision_item& item, const std::string& actor_name, v1::Decision& d) {
  d.set_state(std::string(fu::to_string(item.state)));
  d.set_deadline(fu::format_date(item.deadline));
  if (item.pending_extension) {
    auto* p = d.mutable_pending_extension();
    p->set_proposed(fu::format_date(item.pending_extension->proposed));
    p->set_reason(item.pending_extension->reason);
    p->set_requested_by(item.pending_extension->requested_by);
    p->set_requested_at_ms(item.pending_extension->requested_at_ms);
  } else {
    d.clear_pending_extension();
  }
  d.set_completion_reported_at_ms(item.completion_reported_at_ms.value_or(0));
  d.set_closed_at_ms(item.closed_at_ms.value_or(0));
  for (auto i = static_cast<std::size_t>(d.history_size()); i < item.history.size(); ++i) {
    *d.add_history() = to_wire(item.history[i], actor_name);
  }
}

// The decision's source passage must be a passage of its item's minutes now: the quote is
// what keeps the link when the minutes are edited later (see docs/protocol.md).
maybe_rejection check_source(const v1::Meeting& m, const v1::AgendaItem& item,
                             const v1::DecisionSource& s) {
  if (auto r = check_text(s.quote(), quote_rule, "decision.source.quote")) return r;
  if (s.end() <= s.start() || s.version() > m.version()) {
    return reject(v1::ERROR_INVALID_FIELD, "decision.source range or version is not valid",
                  "decision.source");
  }
  if (item.minutes().find(s.quote()) == std::string::npos) {
    return reject(v1::ERROR_INVALID_FIELD, "the quoted passage is not in the item's minutes",
                  "decision.source.quote");
  }
  return std::nullopt;
}

maybe_rejection check_people(const v1::Decision& d) {
  if (auto r = check_text(d.lead_unit(), unit_rule, "decision.lead_unit")) return r;
  if (d.co_units_size() > max_decision_people || d.co_accounts_size() > max_decision_people) {
    return reject(v1::ERROR_TOO_LARGE, "at most 20 co-operating units and people", "decision");
  }
  for (const auto& u : d.co_units()) {
    if (auto r = check_text(u, unit_rule, "decision.co_units")) return r;
  }
  auto account = [](const std::string& id, const char* field) -> maybe_rejection {
    if (valid_account_id(id)) return std::nullopt;
    return reject(v1::ERROR_INVALID_FIELD, std::string(field) + " is not an account id", field);
  };
  if (auto r = account(d.lead_account(), "decision.lead_account")) return r;
  if (auto r = account(d.supervisor_account(), "decision.supervisor_account")) return r;
  for (const auto& a : d.co_accounts()) {
    if (auto r = account(a, "decision.co_accounts")) return r;
  }
  // The one who verifies "done" is never one who did the work (不能报喜不报忧).
  if (d.supervisor_account() == d.lead_account() ||
      std::find(d.co_accounts().begin(), d.co_accounts().end(), d.supervisor_account()) !=
          d.co_accounts().end()) {
    return reject(v1::ERROR_INVALID_FIELD, "the supervisor cannot be a responsible person",
                  "decision.supervisor_account");
  }
  if (auto r = check_text(d.lead_name(), person_name_rule, "decision.lead_name")) return r;
  if (auto r = check_text(d.supervisor_name(), person_name_rule, "decision.supervisor_name"))
    return r;
  for (const auto& n : d.co_names()) {
    if (auto r = check_text(n, person_name_rule, "decision.co_names")) return r;
  }
  return std::nullopt;
}

// Everyone named must be able to read the decision (the meeting's and the item's level).
maybe_rejection check_cleared(const v1::CreateDecision& in, v1::Level needed) {
  const auto& c = in.clearances();
  auto check = [&](const std::string& id, const char* field) -> maybe_rejection {
    auto it = c.find(id);
    if (it == c.end() || it->second >= needed) return std::nullopt;
    return reject(v1::ERROR_INVALID_FIELD,
                  "'" + id + "' is not cleared for " + std::string(v1::Level_Name(needed)), field);
  };
  const auto& d = in.decision();
  if (auto r = check(d.lead_account(), "lead_account")) return r;
  if (auto r = check(d.supervisor_account(), "supervisor_account")) return r;
  for (const auto& a : d.co_accounts()) {
    if (auto r = check(a, "co_accounts")) return r;
  }
  return std::nullopt;
}

maybe_rejection decide_create(const v1::Meeting& m, const v1::CreateDecision& in,
                              std::int64_t now_ms, v1::CreateDecision& out) {
  if (m.decisions_size() >= max_decisions) {
    return reject(v1::ERROR_TOO_LARGE, "the meeting already has 500 decisions", "decision");
  }
  const auto& d = in.decision();
  const auto* item = find_item(m, d.item_id());
  if (!item) return reject(v1::ERROR_NOT_FOUND, "no item with id '" + d.item_id() + "'", "item_id");
  if (auto r = check_text(d.text(), decision_text_rule, "decision.text")) return r;
  if (d.has_source()) {
    if (auto r = check_source(m, *item, d.source())) return r;
  }
  if (auto r = check_people(d)) return r;
  if (d.priority() < 0 || d.priority() > 2) {
    return reject(v1::ERROR_INVALID_FIELD, "decision.priority is 0, 1 or 2", "decision.priority");
  }
  if (d.due_soon_days() < 0 || d.due_soon_days() > fu::max_due_soon_days) {
    return reject(v1::ERROR_INVALID_FIELD, "decision.due_soon_days is 0..366",
                  "decision.due_soon_days");
  }
  const auto zone = decision_zone(d.time_zone());
  if (!zone) {
    return reject(v1::ERROR_INVALID_FIELD, "decision.time_zone is not a known time zone",
                  "decision.time_zone");
  }
  const auto deadline = fu::parse_date(d.deadline());
  if (!deadline) {
    return reject(v1::ERROR_INVALID_FIELD, "decision.deadline must be a date YYYY-MM-DD",
                  "decision.deadline");
  }
  const auto role = fu::parse_actor_role(in.role());
  if (!role) return reject(v1::ERROR_INVALID_FIELD, "role is not a follow-up role", "role");
  if (auto r = check_cleared(in, std::max(m.info().level(), item->level()))) return r;
  const std::string id = "d" + std::to_string(m.next_id() + 1);
  fu::action open{fu::action_kind::open, in.actor(), d.text(), deadline};
  auto item_or = fu::open_item(id, open, *role, now_ms, *zone);
  if (!item_or) return from_core(item_or.error());

  auto& o = *out.mutable_decision();
  o = d;
  o.set_id(id);
  o.set_time_zone(d.time_zone().empty() ? std::string(default_decision_zone) : d.time_zone());
  o.clear_history();
  o.clear_reminders();
  o.clear_pending_extension();
  o.set_created_at_ms(now_ms);
  store_item(*item_or, in.actor_name(), o);
  out.set_actor(in.actor());
  out.set_role(in.role());
  return std::nullopt;
}

// The lead an assign hands the decision to: a well-formed account, not its supervisor nor
// one of its co-operators, cleared for the meeting and the item (the server filled in the
// clearance from the accounts), and a unit that is one line of text.
maybe_rejection check_new_lead(const v1::Meeting& m, const v1::Decision& d, const v1::Decision& n) {
  if (!valid_account_id(n.lead_account())) {
    return reject(v1::ERROR_INVALID_FIELD, "lead_account is not an account id", "lead_account");
  }
  if (n.lead_account() == d.supervisor_account() ||
      std::find(d.co_accounts().begin(), d.co_accounts().end(), n.lead_account()) !=
          d.co_accounts().end()) {
    return reject(v1::ERROR_INVALID_FIELD,
                  "the new lead is already the supervisor or a co-operator", "lead_account");
  }
  if (auto r = check_text(n.lead_unit(), unit_rule, "lead_unit")) return r;
  if (auto r = check_text(n.lead_name(), person_name_rule, "lead_name")) return r;
  const auto* item = find_item(m, d.item_id());
  const auto needed = std::max(m.info().level(), item ? item->level() : v1::LEVEL_SECRET);
  if (n.lead_clearance() < needed) {
    return reject(
        v1::ERROR_INVALID_FIELD,
        "'" + n.lead_account() + "' is not cleared for " + std::string(v1::Level_Name(needed)),
        "lead_account");
  }
  return std::nullopt;
}

maybe_rejection decide_action(const v1::Meeting& m, const v1::DecisionAction& in,
                              std::int64_t now_ms, v1::DecisionAction& out) {
  const auto* d = find_decision(m, in.decision_id());
  if (!d) {
    return reject(v1::ERROR_NOT_FOUND, "no decision with id '" + in.decision_id() + "'",
                  "decision_id");
  }
  const auto kind = fu::parse_action_kind(in.action());
  if (!kind || *kind == fu::action_kind::open) {
    return reject(v1::ERROR_INVALID_FIELD, "action is not a follow-up action", "action");
  }
  const auto role = fu::parse_actor_role(in.role());
  if (!role) return reject(v1::ERROR_INVALID_FIELD, "role is not a follow-up role", "role");
  fu::action a{*kind, in.actor(), in.text(), std::nullopt};
  if (!in.date().empty()) {
    a.date = fu::parse_date(in.date());
    if (!a.date) return reject(v1::ERROR_INVALID_FIELD, "date must be YYYY-MM-DD", "date");
  }
  const auto zone = decision_zone(d->time_zone());
  if (!zone) return reject(v1::ERROR_INTERNAL, "the decision's time zone cannot be loaded");
  auto item = to_item(*d);
  auto t = fu::decide(item, a, *role, now_ms, *zone);
  if (!t) return from_core(t.error());
  // 交办 to another lead (after 退回交办, or before anyone signed): the command names them.
  const bool new_lead = in.has_decision() && !in.decision().lead_account().empty();
  if (in.has_decision() &&
      (*kind != fu::action_kind::assign || (!new_lead && !in.decision().lead_unit().empty()))) {
    return reject(v1::ERROR_INVALID_FIELD, "only an assign names a new lead", "lead_account");
  }
  if (new_lead) {
    if (auto r = check_new_lead(m, *d, in.decision())) return r;
  }
  if (!fu::apply(item, *t)) return reject(v1::ERROR_CONFLICT, "the decision changed; retry");
  out = in;
  out.set_text(t->entry.text);
  auto* after = out.mutable_decision();
  *after = *d;
  store_item(item, in.actor_name(), *after);
  if (new_lead && (in.decision().lead_account() != d->lead_account() ||
                   in.decision().lead_unit() != d->lead_unit())) {
    const auto& n = in.decision();
    after->set_lead_account(n.lead_account());
    after->set_lead_name(n.lead_name());
    if (!n.lead_unit().empty()) after->set_lead_unit(n.lead_unit());
    auto* e = after->mutable_history(after->history_size() - 1);
    e->set_lead_account(after->lead_account());
    e->set_lead_unit(after->lead_unit());
    e->set_lead_name(after->lead_name());
  }
  return std::nullopt;
}

maybe_rejection decide_reminder(const v1::Meeting& m, const v1::RemindDecision& in,
                                std::int64_t now_ms, v1::RemindDecision& out) {
  const auto* d = find_decision(m, in.decision_id());
  if (!d) {
    return reject(v1::ERROR_NOT_FOUND, "no decision with id '" + in.decision_id() + "'",
                  "decision_id");
  }
  if (in.kind() != "due_soon" && in.kind() != "overdue" && in.kind() != "reassign") {
    return reject(v1::ERROR_INVALID_FIELD, "kind is due_soon, overdue or reassign", "kind");
  }
  if (in.deadline() != d->deadline()) {
    return reject(v1::ERROR_CONFLICT, "the deadline has changed since", "deadline");
  }
  if (in.kind() == "reassign") {
    // 退回交办: the supervisor is reminded to assign again, once per return, from its day.
    const auto p = reassign_pending(*d);
    if (!p) return reject(v1::ERROR_CONFLICT, "no return waits to be assigned again", "kind");
    if (p->reminded)
      return reject(v1::ERROR_CONFLICT, "this reminder was recorded already", "kind");
    if (now_ms < p->remind_at_ms) {
      return reject(v1::ERROR_CONFLICT, "the reminder is not due now", "kind");
    }
    out = in;
    auto* after = out.mutable_decision();
    *after = *d;
    auto* r = after->add_reminders();
    r->set_kind("reassign");
    r->set_deadline(p->by);
    r->set_at_ms(now_ms);
    return std::nullopt;
  }
  const auto clock = assess_decision(*d, now_ms);
  if (clock.light == fu::deadline_light::none) {
    return reject(v1::ERROR_CONFLICT, "the decision is closed or cancelled", "decision_id");
  }
  if (reminder_sent(*d, in.kind()) || reminder_sent(*d, "overdue")) {
    return reject(v1::ERROR_CONFLICT, "this reminder was recorded already", "kind");
  }
  if (reminder_kind_at(*d, now_ms) != in.kind() ||
      now_ms < (in.kind() == "overdue" ? clock.overdue_at_ms : clock.due_soon_at_ms)) {
    return reject(v1::ERROR_CONFLICT, "the reminder is not due now", "kind");
  }
  out = in;
  auto* after = out.mutable_decision();
  *after = *d;
  auto* r = after->add_reminders();
  r->set_kind(in.kind());
  r->set_deadline(d->deadline());
  r->set_at_ms(now_ms);
  return std::nullopt;
}

}  // namespace

bool is_decision_change(const v1::Change& c) {
  return c.has_create_decision() || c.has_decision_action() || c.has_remind_decision();
}

maybe_rejection decide_decision(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                                v1::Change& out) {
  switch (in.kind_case()) {
    case v1::Change::kCreateDecision:
      return decide_create(m, in.create_decision(), now_ms, *out.mutable_create_decision());
    case v1::Change::kDecisionAction:
      return decide_action(m, in.decision_action(), now_ms, *out.mutable_decision_action());
    case v1::Change::kRemindDecision:
      return decide_reminder(m, in.remind_decision(), now_ms, *out.mutable_remind_decision());
    default:
      return reject(v1::ERROR_BAD_REQUEST, "not a decision change", "change");
  }
}

void apply_decision(v1::Meeting& m, const v1::Change& c) {
  const v1::Decision* d = nullptr;
  if (c.has_create_decision()) {
    *m.add_decisions() = c.create_decision().decision();
    m.set_next_id(m.next_id() + 1);
    follow_decision(m, c.create_decision().decision());
    return;
  }
  if (c.has_decision_action()) d = &c.decision_action().decision();
  if (c.has_remind_decision()) d = &c.remind_decision().decision();
  if (!d) return;
  for (auto& x : *m.mutable_decisions()) {
    if (x.id() == d->id()) x = *d;
  }
  if (!c.has_remind_decision()) follow_decision(m, *d);
}

const v1::Decision* find_decision(const v1::Meeting& m, const std::string& id) {
  for (const auto& d : m.decisions()) {
    if (d.id() == id) return &d;
  }
  return nullptr;
}

std::vector<std::string> decision_roles(const v1::Meeting& m, const v1::Decision& d,
                                        const std::string& account_id) {
  std::vector<std::string> roles;
  if (account_id.empty()) return roles;
  if (d.supervisor_account() == account_id) roles.emplace_back("supervisor");
  if (d.lead_account() == account_id) roles.emplace_back("lead");
  if (std::find(d.co_accounts().begin(), d.co_accounts().end(), account_id) !=
      d.co_accounts().end()) {
    roles.emplace_back("co_operator");
  }
  if (role_in(m, account_id) == meeting_role::chair) roles.emplace_back("chair");
  return roles;
}

}  // namespace huiwu::domain
