#include "domain/access_rules.hpp"

#include <algorithm>

#include "domain/decision_logic.hpp"
#include "domain/jiyao_logic.hpp"
#include "domain/meeting_logic.hpp"
#include "domain/meeting_lookup.hpp"

namespace huiwu::domain {
namespace {

meeting_role from_wire(v1::Role r) {
  switch (r) {
    case v1::ROLE_CONVENER:
    case v1::ROLE_SECRETARY:
      return meeting_role::secretary;
    case v1::ROLE_CHAIR:
      return meeting_role::chair;
    case v1::ROLE_PARTICIPANT:
      return meeting_role::participant;
    case v1::ROLE_OBSERVER:
      return meeting_role::observer;
    default:
      return meeting_role::none;
  }
}

std::string_view role_name(meeting_role r) {
  switch (r) {
    case meeting_role::secretary:
      return "secretary";
    case meeting_role::chair:
      return "chair";
    case meeting_role::participant:
      return "participant";
    case meeting_role::observer:
      return "observer";
    case meeting_role::none:
      break;
  }
  return "none";
}

const v1::Attendee* linked_attendee(const v1::Meeting& m, const std::string& account_id) {
  if (account_id.empty()) return nullptr;
  for (const auto& a : m.attendees()) {
    if (a.account_id() == account_id) return &a;
  }
  return nullptr;
}

// The same answer as for an item that does not exist: a hidden item's id is no clue.
rejection hidden_item(const std::string& id, const std::string& field) {
  return reject(v1::ERROR_NOT_FOUND, "no agenda item with id '" + id + "'", field);
}

maybe_rejection check_level(const viewer& v, v1::Level level, const std::string& field) {
  if (cleared_for(v, level)) return std::nullopt;
  return reject(v1::ERROR_FORBIDDEN, "nobody can set a level above their own clearance", field);
}

// The agenda item a change is about, if any, and the field naming it.
std::pair<const std::string*, const char*> target_item(const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kEditItem:
      return {&c.edit_item().item().id(), "item.id"};
    case v1::Change::kRemoveItem:
      return {&c.remove_item().item_id(), "item_id"};
    case v1::Change::kMoveItem:
      return {&c.move_item().item_id(), "item_id"};
    case v1::Change::kSetCurrent:
      return {&c.set_current().item_id(), "item_id"};
    case v1::Change::kSetItemStatus:
      return {&c.set_item_status().item_id(), "item_id"};
    case v1::Change::kControlTimer:
      return {&c.control_timer().item_id(), "item_id"};
    case v1::Change::kEditMinutes:
      return {&c.edit_minutes().item_id(), "item_id"};
    case v1::Change::kAddMaterial:
      return {&c.add_material().item_id(), "item_id"};
    case v1::Change::kRemoveMaterial:
      return {&c.remove_material().item_id(), "item_id"};
    case v1::Change::kSetMaterialViewOnly:
      return {&c.set_material_view_only().item_id(), "item_id"};
    default:
      return {nullptr, ""};
  }
}

bool chair_may(const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kSetCurrent:
    case v1::Change::kSetItemStatus:
    case v1::Change::kControlTimer:
    case v1::Change::kCheckIn:
    // The chair opens and closes the meeting (宣布开会 / 散会); notice, cancellation,
    // postponement and quorum are the secretariat's.
    case v1::Change::kStartMeeting:
    case v1::Change::kEndMeeting:
    // The chair returns or signs off the 纪要; jiyao_logic decides which step is whose.
    case v1::Change::kJiyaoAction:
      return true;
    default:
      return false;
  }
}

bool visible_in(const access_view& a, const std::string& text_id, const viewer& v) {
  // A 纪要 section is seen with its item; "j:other" with the meeting.
  const auto id = text_item_id(text_id);
  if (id.empty()) return true;
  bool found = false;
  const auto level = a.item_level(id, found);
  return found && cleared_for(v, level);
}

bool visible_in(const v1::Meeting& m, const std::string& text_id, const viewer& v) {
  const auto id = text_item_id(text_id);
  if (id.empty()) return true;
  const auto* it = find_item(m, id);
  return it && cleared_for(v, it->level());
}

// The item clocks a lifecycle event carries, cut to what the viewer may see.
template <typename Body>
bool clocks_visible(const Body& b, const v1::Meeting& after, const viewer& v) {
  return std::all_of(b.items().begin(), b.items().end(),
                     [&](const v1::ItemClock& c) { return visible_in(after, c.item_id(), v); });
}
template <typename Body>
void keep_visible_clocks(Body& b, const v1::Meeting& after, const viewer& v) {
  auto* items = b.mutable_items();
  items->erase(
      std::remove_if(items->begin(), items->end(),
                     [&](const v1::ItemClock& c) { return !visible_in(after, c.item_id(), v); }),
      items->end());
}

}  // namespace

meeting_role role_in(const v1::Meeting& m, const std::string& account_id) {
  if (account_id.empty()) return meeting_role::none;
  if (m.created_by() == account_id) return meeting_role::secretary;
  const auto* a = linked_attendee(m, account_id);
  return a ? from_wire(a->role()) : meeting_role::none;
}

v1::Role wire_role(const v1::Meeting& m, const std::string& account_id) {
  if (!account_id.empty() && m.created_by() == account_id) return v1::ROLE_CONVENER;
  const auto* a = linked_attendee(m, account_id);
  return a ? a->role() : v1::ROLE_OBSERVER;
}

v1::Role wire_role(const v1::MeetingSummary& s, const std::string& account_id) {
  if (s.created_by() == account_id) return v1::ROLE_CONVENER;
  for (int i = 0; i < s.account_ids_size() && i < s.account_roles_size(); ++i) {
    if (s.account_ids(i) == account_id) return s.account_roles(i);
  }
  return v1::ROLE_OBSERVER;
}

bool cleared_for(const viewer& v, v1::Level level) {
  return static_cast<int>(v.clearance) >= static_cast<int>(level);
}

bool may_see_meeting(const v1::Meeting& m, const viewer& v) {
  return role_in(m, v.account_id) != meeting_role::none && cleared_for(v, m.info().level());
}

bool may_see_summary(const v1::MeetingSummary& s, const viewer& v) {
  if (v.account_id.empty() || !cleared_for(v, s.info().level())) return false;
  if (s.created_by() == v.account_id) return true;
  return std::find(s.account_ids().begin(), s.account_ids().end(), v.account_id) !=
         s.account_ids().end();
}

maybe_rejection check_join(const v1::Meeting& m, const viewer& v) {
  if (role_in(m, v.account_id) == meeting_role::none) {
    return reject(v1::ERROR_FORBIDDEN, "you are not invited to this meeting", "meeting_id");
  }
  if (!cleared_for(v, m.info().level())) {
    return reject(v1::ERROR_FORBIDDEN, "the meeting is above your clearance", "meeting_id");
  }
  return std::nullopt;
}

maybe_rejection check_change(const v1::Meeting& m, const viewer& v, const v1::Change& c) {
  if (is_decision_change(c)) return check_decision_change(m, v, c);
  if (auto r = check_join(m, v)) return r;
  const auto role = role_in(m, v.account_id);
  const bool allowed =
      role == meeting_role::secretary || (role == meeting_role::chair && chair_may(c)) ||
      (role == meeting_role::participant && c.has_check_in() && linked_attendee(m, v.account_id) &&
       linked_attendee(m, v.account_id)->id() == c.check_in().attendee_id()) ||
      // 回执: every invitee answers the notice for themself (a secretary for anyone).
      (role != meeting_role::none && c.has_reply_notice() && linked_attendee(m, v.account_id) &&
       linked_attendee(m, v.account_id)->id() == c.reply_notice().attendee_id());
  if (!allowed) {
    return reject(v1::ERROR_FORBIDDEN, "your role in this meeting (" +
                                           std::string(role_name(role)) + ") may not " +
                                           std::string(change_name(c)));
  }
  if (auto [id, field] = target_item(c); id && !id->empty()) {
    const auto* it = find_item(m, text_item_id(*id));
    if (it && !cleared_for(v, it->level())) return hidden_item(*id, field);
  }
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
      return check_level(v, c.update_info().info().level(), "info.level");
    case v1::Change::kAddItem:
      return check_level(v, c.add_item().item().level(), "item.level");
    case v1::Change::kEditItem:
      return check_level(v, c.edit_item().item().level(), "item.level");
    default:
      return std::nullopt;
  }
}

v1::Meeting redact(const v1::Meeting& m, const viewer& v) {
  v1::Meeting out = m;
  auto* agenda = out.mutable_agenda();
  agenda->erase(
      std::remove_if(agenda->begin(), agenda->end(),
                     [&](const v1::AgendaItem& it) { return !cleared_for(v, it.level()); }),
      agenda->end());
  auto* decisions = out.mutable_decisions();
  decisions->erase(std::remove_if(decisions->begin(), decisions->end(),
                                  [&](const v1::Decision& d) {
                                    return !may_read_decision(audience_of(m, d, v.account_id), v);
                                  }),
                   decisions->end());
  if (!out.current_item_id().empty() && !visible_in(m, out.current_item_id(), v)) {
    out.clear_current_item_id();
  }
  for (auto& j : *out.mutable_jiyao()) redact_jiyao(j, m, v.clearance);
  return out;
}

bool hides_anything(const v1::Meeting& m, const viewer& v) {
  return std::any_of(m.agenda().begin(), m.agenda().end(),
                     [&](const v1::AgendaItem& it) { return !cleared_for(v, it.level()); });
}

v1::Level highest_visible_level(const v1::Meeting& m, const viewer& v) {
  auto top = m.info().level();
  for (const auto& it : m.agenda()) {
    if (cleared_for(v, it.level()) && it.level() > top) top = it.level();
  }
  return top;
}

v1::Level access_view::item_level(const std::string& id, bool& found) const {
  for (const auto& [item, level] : items) {
    if (item == id) {
      found = true;
      return level;
    }
  }
  found = false;
  return v1::LEVEL_SECRET;
}

access_view access_of(const v1::Meeting& m) {
  access_view a;
  a.meeting_level = m.info().level();
  a.items.reserve(static_cast<std::size_t>(m.agenda_size()));
  for (const auto& it : m.agenda()) a.items.emplace_back(it.id(), it.level());
  return a;
}

bool changes_access(const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
    case v1::Change::kEditItem:
    case v1::Change::kAddAttendee:
    case v1::Change::kEditAttendee:
    case v1::Change::kRemoveAttendee:
      return true;
    default:
      return false;
  }
}

v1::Event version_only(const v1::Event& e) {
  v1::Event out;
  out.set_meeting_id(e.meeting_id());
  out.set_version(e.version());
  out.set_at_ms(e.at_ms());
  out.mutable_change();  // present and empty: "nothing you can see changed"
  return out;
}

redacted redact_event(const v1::Event& e, const access_view& before, const v1::Meeting& after,
                      const viewer& v) {
  if (!may_see_meeting(after, v)) return {delivery::revoke, {}};
  const auto& c = e.change();
  auto hidden = [&] { return redacted{delivery::version_only, version_only(e)}; };
  auto replaced = [&](auto&& fill) {
    redacted r{delivery::replaced, e};
    r.event.clear_change();
    fill(*r.event.mutable_change());
    return r;
  };
  switch (c.kind_case()) {
    case v1::Change::kAddItem: {
      const auto& id = c.add_item().item().id();
      if (!visible_in(after, id, v)) return hidden();
      // `position` indexes the recipient's agenda, which lacks the items above its clearance:
      // counted among the items it sees, as for an item lowered into its clearance. Depends
      // on the clearance alone, so the broadcast still encodes it once per level.
      int position = 0;
      for (const auto& it : after.agenda()) {
        if (it.id() == id) break;
        if (cleared_for(v, it.level())) ++position;
      }
      if (position == c.add_item().position()) return {};
      return replaced([&](v1::Change& out) {
        *out.mutable_add_item() = c.add_item();
        out.mutable_add_item()->set_position(position);
      });
    }
    case v1::Change::kEditItem: {
      const auto& id = c.edit_item().item().id();
      const bool was = visible_in(before, id, v), is = visible_in(after, id, v);
      if (was && is) return {};
      if (!was && !is) return hidden();
      if (was)
        return replaced([&](v1::Change& out) { out.mutable_remove_item()->set_item_id(id); });
      // Newly visible: the whole item with its minutes, where it sits among what they see.
      int position = 0;
      const v1::AgendaItem* item = nullptr;
      for (const auto& it : after.agenda()) {
        if (it.id() == id) {
          item = &it;
          break;
        }
        if (cleared_for(v, it.level())) ++position;
      }
      return replaced([&](v1::Change& out) {
        *out.mutable_add_item()->mutable_item() = *item;
        out.mutable_add_item()->set_position(position);
      });
    }
    case v1::Change::kRemoveItem:
      return visible_in(before, c.remove_item().item_id(), v) ? redacted{} : hidden();
    case v1::Change::kMoveItem: {
      if (!visible_in(after, c.move_item().item_id(), v)) return hidden();
      const auto& order = c.move_item().resulting_order();
      if (std::all_of(order.begin(), order.end(),
                      [&](const std::string& id) { return visible_in(after, id, v); })) {
        return {};
      }
      return replaced([&](v1::Change& out) {
        auto* mv = out.mutable_move_item();
        *mv = c.move_item();
        mv->clear_resulting_order();
        for (const auto& id : order) {
          if (visible_in(after, id, v)) mv->add_resulting_order(id);
        }
      });
    }
    case v1::Change::kSetCurrent: {
      const auto& sc = c.set_current();
      const bool target_ok = sc.item_id().empty() || visible_in(after, sc.item_id(), v);
      const bool touched_ok =
          std::all_of(sc.touched().begin(), sc.touched().end(),
                      [&](const v1::AgendaItem& it) { return visible_in(after, it.id(), v); });
      if (target_ok && touched_ok) return {};
      return replaced([&](v1::Change& out) {
        auto* o = out.mutable_set_current();
        o->set_item_id(target_ok ? sc.item_id() : std::string());
        o->set_mark_previous_done(sc.mark_previous_done());
        for (const auto& it : sc.touched()) {
          if (visible_in(after, it.id(), v)) *o->add_touched() = it;
        }
      });
    }
    case v1::Change::kSetItemStatus:
      return visible_in(after, c.set_item_status().item_id(), v) ? redacted{} : hidden();
    case v1::Change::kControlTimer:
      return visible_in(after, c.control_timer().item_id(), v) ? redacted{} : hidden();
    case v1::Change::kEditMinutes:
      return visible_in(after, c.edit_minutes().item_id(), v) ? redacted{} : hidden();
    // A material is seen by whoever sees its item (decision 0027).
    case v1::Change::kAddMaterial:
      return visible_in(after, c.add_material().item_id(), v) ? redacted{} : hidden();
    case v1::Change::kRemoveMaterial:
      return visible_in(after, c.remove_material().item_id(), v) ? redacted{} : hidden();
    case v1::Change::kSetMaterialViewOnly:
      return visible_in(after, c.set_material_view_only().item_id(), v) ? redacted{} : hidden();
    // The phase is everyone's; the item clocks and the current item only as far as seen.
    case v1::Change::kStartMeeting: {
      const auto& sm = c.start_meeting();
      const bool target_ok =
          sm.current_item_id().empty() || visible_in(after, sm.current_item_id(), v);
      if (target_ok && clocks_visible(sm, after, v)) return {};
      return replaced([&](v1::Change& out) {
        auto* o = out.mutable_start_meeting();
        *o = sm;
        if (!target_ok) o->clear_current_item_id();
        keep_visible_clocks(*o, after, v);
      });
    }
    case v1::Change::kEndMeeting:
      if (clocks_visible(c.end_meeting(), after, v)) return {};
      return replaced([&](v1::Change& out) {
        *out.mutable_end_meeting() = c.end_meeting();
        keep_visible_clocks(*out.mutable_end_meeting(), after, v);
      });
    case v1::Change::kCreateDecision:
    case v1::Change::kDecisionAction:
    case v1::Change::kRemindDecision:
      return visible_in(after, decision_item_of(c, after), v) ? redacted{} : hidden();
    case v1::Change::kJiyaoAction: {
      const auto& j = c.jiyao_action().jiyao();
      if (std::all_of(j.sections().begin(), j.sections().end(),
                      [&](const v1::JiyaoSection& s) { return cleared_for(v, s.level()); })) {
        return {};
      }
      return replaced([&](v1::Change& out) {
        *out.mutable_jiyao_action() = c.jiyao_action();
        redact_jiyao(*out.mutable_jiyao_action()->mutable_jiyao(), after, v.clearance);
      });
    }
    default:
      return {};
  }
}

bool history_visible(const v1::Event& e, const v1::Meeting& now, const viewer& v) {
  auto ok = [&](const std::string& id) {
    if (id.empty()) return true;
    const auto* it = find_item(now, id);
    return cleared_for(v, it ? it->level() : v1::LEVEL_SECRET);
  };
  auto ok_item = [&](const v1::AgendaItem& it) {
    return ok(it.id()) && cleared_for(v, it.level());
  };
  const auto& c = e.change();
  switch (c.kind_case()) {
    case v1::Change::kAddItem:
      return ok_item(c.add_item().item());
    case v1::Change::kEditItem:
      return ok_item(c.edit_item().item());
    case v1::Change::kSetCurrent:
      return ok(c.set_current().item_id()) && std::all_of(c.set_current().touched().begin(),
                                                          c.set_current().touched().end(), ok_item);
    case v1::Change::kSetItemStatus:
      return ok(c.set_item_status().item_id()) &&
             (!c.set_item_status().has_item() || ok_item(c.set_item_status().item()));
    case v1::Change::kControlTimer:
      return ok(c.control_timer().item_id()) &&
             (!c.control_timer().has_item() || ok_item(c.control_timer().item()));
    case v1::Change::kStartMeeting:
      return ok(c.start_meeting().current_item_id()) &&
             std::all_of(c.start_meeting().items().begin(), c.start_meeting().items().end(),
                         [&](const v1::ItemClock& k) { return ok(k.item_id()); });
    case v1::Change::kEndMeeting:
      return std::all_of(c.end_meeting().items().begin(), c.end_meeting().items().end(),
                         [&](const v1::ItemClock& k) { return ok(k.item_id()); });
    case v1::Change::kCreateDecision:
    case v1::Change::kDecisionAction:
    case v1::Change::kRemindDecision: {
      const auto& id = decision_item_of(c, now);
      return !id.empty() && ok(id);
    }
    case v1::Change::kJiyaoAction: {
      const auto& ss = c.jiyao_action().jiyao().sections();
      return std::all_of(ss.begin(), ss.end(),
                         [&](const v1::JiyaoSection& s) { return cleared_for(v, s.level()); });
    }
    default: {
      auto [id, field] = target_item(c);
      return !id || ok(text_item_id(*id));
    }
  }
}

std::vector<access_change> describe_access_changes(const v1::Meeting& before, const v1::Change& c) {
  std::vector<access_change> out;
  auto level = [](v1::Level l) { return std::string(v1::Level_Name(l)); };
  auto role = [](v1::Role r) { return std::string(v1::Role_Name(r)); };
  auto link = [&](const v1::Attendee& a) {
    return a.account_id().empty() ? std::string("-") : a.account_id() + " as " + role(a.role());
  };
  auto find_attendee = [&](const std::string& id) -> const v1::Attendee* {
    for (const auto& a : before.attendees()) {
      if (a.id() == id) return &a;
    }
    return nullptr;
  };
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
      if (c.update_info().info().level() != before.info().level()) {
        out.push_back(
            {"level_changed", "meeting",
             level(before.info().level()) + " -> " + level(c.update_info().info().level())});
      }
      break;
    case v1::Change::kAddItem:
      if (c.add_item().item().level() != v1::LEVEL_PUBLIC) {
        out.push_back({"level_changed", c.add_item().item().id(),
                       "new item at " + level(c.add_item().item().level())});
      }
      break;
    case v1::Change::kEditItem: {
      const auto* old = find_item(before, c.edit_item().item().id());
      if (old && old->level() != c.edit_item().item().level()) {
        out.push_back({"level_changed", old->id(),
                       level(old->level()) + " -> " + level(c.edit_item().item().level())});
      }
      break;
    }
    case v1::Change::kAddAttendee:
      if (!c.add_attendee().attendee().account_id().empty()) {
        out.push_back({"role_changed", c.add_attendee().attendee().id(),
                       "- -> " + link(c.add_attendee().attendee())});
      }
      break;
    case v1::Change::kEditAttendee: {
      const auto& now = c.edit_attendee().attendee();
      const auto* old = find_attendee(now.id());
      if (old && (old->account_id() != now.account_id() ||
                  (!now.account_id().empty() && old->role() != now.role()))) {
        out.push_back({"role_changed", now.id(), link(*old) + " -> " + link(now)});
      }
      break;
    }
    case v1::Change::kRemoveAttendee: {
      const auto* old = find_attendee(c.remove_attendee().attendee_id());
      if (old && !old->account_id().empty()) {
        out.push_back({"role_changed", old->id(), link(*old) + " -> - (removed)"});
      }
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace huiwu::domain
