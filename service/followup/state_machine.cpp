#include "followup/state_machine.hpp"

#include <algorithm>

#include "base/utf8.hpp"
#include "followup/deadline_clock.hpp"
#include "followup/state_table.hpp"
#include "followup/text_util.hpp"

namespace huiwu::followup {
namespace {

using code = rejection_code;

rejection refuse(code c, std::string field, std::string message) {
  return rejection{c, std::move(field), std::move(message)};
}

std::string join_roles(action_kind a) {
  std::string out;
  for (actor_role r : roles_for(a)) {
    if (!out.empty()) out += ", ";
    out += to_string(r);
  }
  return out.empty() ? "nobody" : out;
}

bool text_required(action_kind a) {
  switch (a) {
    case action_kind::report_progress:
    case action_kind::report_completion:
    case action_kind::send_back:
    case action_kind::request_extension:
    case action_kind::refuse_extension:
    case action_kind::cancel:
    case action_kind::return_assignment:
      return true;
    default:
      return false;
  }
}

bool takes_date(action_kind a) {
  return a == action_kind::open || a == action_kind::request_extension ||
         a == action_kind::approve_extension || a == action_kind::return_assignment;
}

// Checks shared by decide() and open_item(): actor, text, date presence, clock.
std::optional<rejection> check_inputs(const action& a, std::int64_t now_ms) {
  auto no = [](code c, std::string field, std::string message) {
    return rejection{c, std::move(field), std::move(message)};
  };
  if (now_ms < min_now_ms || now_ms >= max_now_ms) {
    return no(code::invalid_field, "now_ms", "the server clock is outside 2000..2200");
  }
  if (trim(a.actor).empty()) return no(code::invalid_field, "actor", "who is acting is missing");
  if (a.actor.size() > max_actor_bytes) return no(code::too_large, "actor", "actor id too long");
  if (!utf8::is_valid(a.actor)) return no(code::invalid_field, "actor", "actor is not UTF-8");
  if (a.text.size() > max_text_bytes) {
    return no(code::too_large, "text",
              "the text is over " + std::to_string(max_text_bytes) + " bytes");
  }
  if (!utf8::is_valid(a.text)) return no(code::invalid_field, "text", "the text is not UTF-8");
  if (text_required(a.kind) && trim(a.text).empty()) {
    const bool report =
        a.kind == action_kind::report_progress || a.kind == action_kind::report_completion;
    return no(code::invalid_field, "text",
              std::string(to_string(a.kind)) + " (" + std::string(label_zh(a.kind)) + ")" +
                  (report ? " needs the report's text (a short first report is enough)"
                          : " needs a reason"));
  }
  if (a.date && !takes_date(a.kind)) {
    return no(code::invalid_field, "date", std::string(to_string(a.kind)) + " takes no date");
  }
  if (a.date && !valid(*a.date)) return no(code::invalid_field, "date", "not a real date");
  return std::nullopt;
}

}  // namespace

result<transition> decide(const decision_item& current, const action& a, actor_role role,
                          std::int64_t now_ms, const time_zone& zone) {
  const std::string action_name(to_string(a.kind));
  const std::string state_name(to_string(current.state));
  if (is_final(current.state)) {
    return refuse(code::finished, "state",
                  "the item is " + state_name + " (" + std::string(label_zh(current.state)) +
                      "); its record is final and takes no more " + action_name);
  }
  if (!allowed_in_state(current.state, a.kind)) {
    return refuse(code::wrong_state, "state",
                  "cannot " + action_name + " an item that is " + state_name);
  }
  if (!allowed(current.state, a.kind, role)) {
    return refuse(code::forbidden, "role",
                  "a " + std::string(to_string(role)) + " may not " + action_name +
                      " (only: " + join_roles(a.kind) + ")");
  }
  if (auto bad = check_inputs(a, now_ms)) return std::move(*bad);

  transition t;
  history_entry& e = t.entry;
  e.seq = static_cast<std::int64_t>(current.history.size()) + 1;
  e.actor = a.actor;
  e.role = role;
  // History stays ordered even when instances' clocks disagree by a little.
  e.at_ms = current.history.empty() ? now_ms : std::max(now_ms, current.history.back().at_ms);
  e.action = a.kind;
  e.text = std::string(trim(a.text));
  e.from_state = current.state;
  e.to_state = *target_state(current.state, a.kind);

  switch (a.kind) {
    case action_kind::request_extension: {
      if (current.pending_extension) {
        return refuse(code::extension_pending, "action",
                      "an extension to " + format_date(current.pending_extension->proposed) +
                          " is already waiting for the supervisor");
      }
      if (!a.date) return refuse(code::invalid_field, "date", "the new date asked for is missing");
      if (*a.date <= current.deadline) {
        return refuse(code::invalid_field, "date",
                      "the new date must be after the deadline " + format_date(current.deadline));
      }
      if (zone.local_date(now_ms) > current.deadline) {
        return refuse(code::deadline_passed, "action",
                      "the deadline " + format_date(current.deadline) + " (" + zone.name() +
                          ") has passed: an extension must be requested before it");
      }
      e.deadline = a.date;
      t.pending_changes = true;
      t.pending_after = extension_request{*a.date, e.text, a.actor, e.at_ms};
      break;
    }
    case action_kind::approve_extension:
    case action_kind::refuse_extension: {
      if (!current.pending_extension) {
        return refuse(code::no_extension_pending, "action", "no extension request is waiting");
      }
      t.pending_changes = true;  // decided either way: nothing is pending any more
      if (a.kind == action_kind::approve_extension) {
        const civil_date granted = a.date ? *a.date : current.pending_extension->proposed;
        if (granted <= current.deadline) {
          return refuse(code::invalid_field, "date",
                        "the new deadline must be after " + format_date(current.deadline));
        }
        e.deadline = granted;
        e.previous_deadline = current.deadline;
        t.new_deadline = granted;
      } else {
        e.deadline = current.pending_extension->proposed;
      }
      break;
    }
    case action_kind::return_assignment: {
      // The day the supervisor is to assign it again by (the reminder's day): as asked,
      // else default_reassign_days after today.
      const civil_date today = zone.local_date(now_ms);
      const civil_date by = a.date ? *a.date : add_days(today, default_reassign_days);
      if (by <= today || by > add_days(today, max_reassign_days)) {
        return refuse(
            code::invalid_field, "date",
            "the day to assign again by must be within a year after today " + format_date(today));
      }
      e.deadline = by;
      if (current.pending_extension) t.pending_changes = true;
      break;
    }
    case action_kind::report_completion:
    case action_kind::cancel:
      // A request for more time is moot once the work is reported done, withdrawn or
      // returned; the request stays in the history.
      if (current.pending_extension) t.pending_changes = true;
      break;
    default:
      break;
  }
  return t;
}

bool apply(decision_item& item, const transition& t) {
  const history_entry& e = t.entry;
  if (e.seq != static_cast<std::int64_t>(item.history.size()) + 1 || e.from_state != item.state) {
    return false;
  }
  item.state = e.to_state;
  if (t.new_deadline) item.deadline = *t.new_deadline;
  if (t.pending_changes) item.pending_extension = t.pending_after;
  if (e.action == action_kind::report_completion) item.completion_reported_at_ms = e.at_ms;
  if (is_final(e.to_state)) item.closed_at_ms = e.at_ms;
  item.history.push_back(e);
  return true;
}

result<decision_item> open_item(std::string id, const action& by, actor_role role,
                                std::int64_t now_ms, const time_zone& zone) {
  if (by.kind != action_kind::open) {
    return refuse(code::invalid_field, "action", "an item is created by an open action");
  }
  if (role != actor_role::supervisor && role != actor_role::chair) {
    return refuse(code::forbidden, "role",
                  "a " + std::string(to_string(role)) +
                      " may not open an item (only: " + "supervisor, chair)");
  }
  if (trim(id).empty() || id.size() > max_actor_bytes || !utf8::is_valid(id)) {
    return refuse(code::invalid_field, "id", "the item id is missing or malformed");
  }
  if (auto bad = check_inputs(by, now_ms)) return std::move(*bad);
  if (!by.date) return refuse(code::invalid_field, "date", "the deadline is missing");
  const civil_date today = zone.local_date(now_ms);
  if (*by.date < today) {
    return refuse(code::invalid_field, "date",
                  "the deadline " + format_date(*by.date) + " is already past (today is " +
                      format_date(today) + " in " + zone.name() + ")");
  }
  decision_item item;
  item.id = std::move(id);
  item.state = item_state::opened;
  item.deadline = *by.date;
  history_entry e;
  e.seq = 1;
  e.actor = by.actor;
  e.role = role;
  e.at_ms = now_ms;
  e.action = action_kind::open;
  e.text = std::string(trim(by.text));
  e.from_state = item_state::opened;
  e.to_state = item_state::opened;
  e.deadline = by.date;
  item.history.push_back(std::move(e));
  return item;
}

}  // namespace huiwu::followup
