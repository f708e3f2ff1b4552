#include "domain/meeting_logic.hpp"

#include <algorithm>

#include "domain/decision_logic.hpp"
#include "domain/jiyao_logic.hpp"
#include "domain/lifecycle_logic.hpp"
#include "domain/material_logic.hpp"
#include "domain/minutes_logic.hpp"
#include "domain/notice_logic.hpp"
#include "domain/seating_logic.hpp"
#include "domain/text_rules.hpp"

namespace huiwu::domain {
namespace {

constexpr text_rule title_rule{text_kind::single_line, 200, true};
constexpr text_rule line_rule{text_kind::single_line, 200, false};
constexpr text_rule name_rule{text_kind::single_line, 64, true};
constexpr text_rule short_rule{text_kind::single_line, 100, false};
constexpr text_rule long_rule{text_kind::multi_line, 4000, false};

// Returns the first rejection among the checks, in the order given.
template <typename... Checks>
maybe_rejection first_of(Checks&&... checks) {
  maybe_rejection result;
  ((result ? void() : void(result = checks())), ...);
  return result;
}

maybe_rejection check_time(std::int64_t ms, const std::string& field) {
  if (ms == 0 || (ms >= min_time_ms && ms <= max_time_ms)) return std::nullopt;
  return reject(v1::ERROR_INVALID_FIELD, field + " is outside 2000..2200", field);
}

maybe_rejection check_level(int level, const std::string& field) {
  if (v1::Level_IsValid(level)) return std::nullopt;
  return reject(v1::ERROR_INVALID_FIELD, field + " is not a known level", field);
}

maybe_rejection check_item_fields(const v1::AgendaItem& item) {
  return first_of(
      [&] { return check_text(item.title(), title_rule, "item.title"); },
      [&] { return check_text(item.presenter(), short_rule, "item.presenter"); },
      [&] { return check_text(item.notes(), long_rule, "item.notes"); },
      [&]() -> maybe_rejection {
        if (item.planned_minutes() < 0 || item.planned_minutes() > max_planned_minutes) {
          return reject(v1::ERROR_INVALID_FIELD, "item.planned_minutes must be between 0 and 1440",
                        "item.planned_minutes");
        }
        return std::nullopt;
      },
      [&] { return check_level(item.level(), "item.level"); });
}

maybe_rejection check_attendee_fields(const v1::Attendee& a) {
  return first_of([&] { return check_text(a.name(), name_rule, "attendee.name"); },
                  [&] { return check_text(a.unit(), short_rule, "attendee.unit"); },
                  [&] { return check_text(a.title(), short_rule, "attendee.title"); },
                  [&]() -> maybe_rejection {
                    if (a.rank() < 0 || a.rank() > max_rank) {
                      return reject(v1::ERROR_INVALID_FIELD,
                                    "attendee.rank must be between 0 and 1000000", "attendee.rank");
                    }
                    if (!v1::Role_IsValid(a.role())) {
                      return reject(v1::ERROR_INVALID_FIELD, "attendee.role is not a known role",
                                    "attendee.role");
                    }
                    return std::nullopt;
                  },
                  [&]() -> maybe_rejection {
                    if (!a.account_id().empty() && !valid_account_id(a.account_id())) {
                      return reject(v1::ERROR_INVALID_FIELD,
                                    "attendee.account_id is not an account id",
                                    "attendee.account_id");
                    }
                    return std::nullopt;
                  });
}

// One account is linked to at most one attendee: the link decides its role.
maybe_rejection check_account_link(const v1::Meeting& m, const v1::Attendee& a) {
  if (a.account_id().empty()) return std::nullopt;
  for (const auto& other : m.attendees()) {
    if (other.account_id() == a.account_id() && other.id() != a.id()) {
      return reject(v1::ERROR_CONFLICT,
                    "account '" + a.account_id() + "' is already linked to attendee " + other.id(),
                    "attendee.account_id");
    }
  }
  return std::nullopt;
}

// A name or unit as people compare them: spaces (ASCII and the full-width U+3000) do not
// count, so "王 伟" and "王伟" are one name.
std::string without_spaces(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\t') continue;
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

// The same person twice in one meeting is a typing slip far more often than a namesake:
// refused unless the secretary confirmed (allow_same_name).
maybe_rejection check_same_name(const v1::Meeting& m, const v1::Attendee& a, bool allowed) {
  if (allowed) return std::nullopt;
  const auto name = without_spaces(a.name());
  const auto unit = without_spaces(a.unit());
  for (const auto& other : m.attendees()) {
    if (other.id() == a.id()) continue;
    if (without_spaces(other.name()) == name && without_spaces(other.unit()) == unit) {
      return reject(v1::ERROR_CONFLICT,
                    "attendee " + other.id() +
                        " has the same name and unit; set allow_same_name if this is another "
                        "person",
                    "attendee.name");
    }
  }
  return std::nullopt;
}

template <typename List>
int index_of(const List& list, const std::string& id) {
  for (int i = 0; i < list.size(); ++i) {
    if (list[i].id() == id) return i;
  }
  return -1;
}

rejection unknown(const std::string& what, const std::string& id, const std::string& field) {
  return reject(v1::ERROR_NOT_FOUND, "no " + what + " with id '" + id + "'", field);
}

void pause_timer(v1::Timer& t, std::int64_t now_ms) {
  if (t.running_since_ms() != 0) {
    t.set_elapsed_ms(t.elapsed_ms() + std::max<std::int64_t>(0, now_ms - t.running_since_ms()));
    t.set_running_since_ms(0);
  }
}

void start_timer(v1::Timer& t, std::int64_t now_ms) {
  if (t.running_since_ms() == 0) t.set_running_since_ms(now_ms);
}

std::string next_id(const v1::Meeting& m, char prefix) {
  return std::string(1, prefix) + std::to_string(m.next_id() + 1);
}

// --- one decide function per change kind -------------------------------------------------

maybe_rejection decide_add_item(const v1::Meeting& m, const v1::AddItem& in, v1::AddItem& out) {
  if (m.agenda_size() >= max_agenda_items) {
    return reject(v1::ERROR_TOO_LARGE, "the agenda already has 200 items", "item");
  }
  if (auto r = check_item_fields(in.item())) return r;
  auto& item = *out.mutable_item();
  item = in.item();
  item.set_id(next_id(m, 'i'));
  item.set_status(v1::ITEM_PENDING);
  item.clear_timer();
  item.clear_minutes();    // minutes change only through edit_minutes
  item.clear_materials();  // materials only through add_material (the upload route)
  const int n = m.agenda_size();
  out.set_position(in.position() < 0 || in.position() > n ? n : in.position());
  return std::nullopt;
}

maybe_rejection decide_edit_item(const v1::Meeting& m, const v1::EditItem& in, v1::EditItem& out) {
  const int i = index_of(m.agenda(), in.item().id());
  if (i < 0) return unknown("agenda item", in.item().id(), "item.id");
  if (auto r = check_item_fields(in.item())) return r;
  auto& item = *out.mutable_item();
  item = m.agenda(i);    // status and timer are not edited here
  item.clear_minutes();  // events carrying whole items leave the minutes out
  item.clear_materials();
  item.set_title(in.item().title());
  item.set_presenter(in.item().presenter());
  item.set_planned_minutes(in.item().planned_minutes());
  item.set_notes(in.item().notes());
  item.set_decision_expected(in.item().decision_expected());
  item.set_level(in.item().level());
  return std::nullopt;
}

maybe_rejection decide_move_item(const v1::Meeting& m, const v1::MoveItem& in, v1::MoveItem& out) {
  const int from = index_of(m.agenda(), in.item_id());
  if (from < 0) return unknown("agenda item", in.item_id(), "item_id");
  if (in.position() < 0 || in.position() >= m.agenda_size()) {
    return reject(v1::ERROR_INVALID_FIELD, "position is outside the agenda", "position");
  }
  std::vector<std::string> order;
  for (const auto& item : m.agenda()) order.push_back(item.id());
  auto moved = order[from];
  order.erase(order.begin() + from);
  order.insert(order.begin() + in.position(), moved);
  out.set_item_id(in.item_id());
  out.set_position(in.position());
  for (auto& id : order) out.add_resulting_order(std::move(id));
  return std::nullopt;
}

maybe_rejection decide_set_current(const v1::Meeting& m, const v1::SetCurrentItem& in,
                                   std::int64_t now_ms, v1::SetCurrentItem& out) {
  const int next = in.item_id().empty() ? -1 : index_of(m.agenda(), in.item_id());
  if (!in.item_id().empty() && next < 0) return unknown("agenda item", in.item_id(), "item_id");
  out.set_item_id(in.item_id());
  out.set_mark_previous_done(in.mark_previous_done());
  const int prev = m.current_item_id().empty() ? -1 : index_of(m.agenda(), m.current_item_id());
  if (prev >= 0 && prev != next) {
    auto& p = *out.add_touched();
    p = m.agenda(prev);
    p.clear_minutes();
    pause_timer(*p.mutable_timer(), now_ms);
    p.set_status(in.mark_previous_done() ? v1::ITEM_DONE : v1::ITEM_PENDING);
  }
  if (next >= 0) {
    // Making an item current starts its clock: the leader's screen counts from here.
    auto& n = *out.add_touched();
    n = m.agenda(next);
    n.clear_minutes();
    n.set_status(v1::ITEM_ACTIVE);
    start_timer(*n.mutable_timer(), now_ms);
  }
  return std::nullopt;
}

maybe_rejection decide_item_status(const v1::Meeting& m, const v1::SetItemStatus& in,
                                   v1::SetItemStatus& out) {
  const int i = index_of(m.agenda(), in.item_id());
  if (i < 0) return unknown("agenda item", in.item_id(), "item_id");
  if (!v1::ItemStatus_IsValid(in.status())) {
    return reject(v1::ERROR_INVALID_FIELD, "status is not a known item status", "status");
  }
  if (in.status() == v1::ITEM_ACTIVE || in.item_id() == m.current_item_id()) {
    return reject(v1::ERROR_CONFLICT, "the current item changes only through set_current",
                  "status");
  }
  out.set_item_id(in.item_id());
  out.set_status(in.status());
  *out.mutable_item() = m.agenda(i);
  out.mutable_item()->set_status(in.status());
  out.mutable_item()->clear_minutes();
  return std::nullopt;
}

maybe_rejection decide_timer(const v1::Meeting& m, const v1::ControlTimer& in, std::int64_t now_ms,
                             v1::ControlTimer& out) {
  const int i = index_of(m.agenda(), in.item_id());
  if (i < 0) return unknown("agenda item", in.item_id(), "item_id");
  if (!v1::TimerAction_IsValid(in.action())) {
    return reject(v1::ERROR_INVALID_FIELD, "action is not a known timer action", "action");
  }
  out.set_item_id(in.item_id());
  out.set_action(in.action());
  auto& item = *out.mutable_item();
  item = m.agenda(i);
  item.clear_minutes();
  auto& t = *item.mutable_timer();
  switch (in.action()) {
    case v1::TIMER_START:
      start_timer(t, now_ms);
      break;
    case v1::TIMER_PAUSE:
      pause_timer(t, now_ms);
      break;
    default:  // TIMER_RESET keeps the clock running if it was
      t.set_elapsed_ms(0);
      if (t.running_since_ms() != 0) t.set_running_since_ms(now_ms);
      break;
  }
  return std::nullopt;
}

maybe_rejection decide_add_attendee(const v1::Meeting& m, const v1::AddAttendee& in,
                                    v1::AddAttendee& out) {
  if (m.attendees_size() >= max_attendees) {
    return reject(v1::ERROR_TOO_LARGE, "the meeting already has 2000 attendees", "attendee");
  }
  if (auto r = check_attendee_fields(in.attendee())) return r;
  auto& a = *out.mutable_attendee();
  a = in.attendee();
  a.set_id(next_id(m, 'p'));
  if (auto r = check_account_link(m, a)) return r;
  if (auto r = check_same_name(m, a, in.allow_same_name())) return r;
  a.set_attendance(v1::ATTENDANCE_EXPECTED);
  a.clear_leave_reason();
  a.set_checked_in_at_ms(0);
  return std::nullopt;
}

maybe_rejection decide_edit_attendee(const v1::Meeting& m, const v1::EditAttendee& in,
                                     v1::EditAttendee& out) {
  const int i = index_of(m.attendees(), in.attendee().id());
  if (i < 0) return unknown("attendee", in.attendee().id(), "attendee.id");
  if (auto r = check_attendee_fields(in.attendee())) return r;
  auto& a = *out.mutable_attendee();
  a = m.attendees(i);  // attendance changes only through check_in
  a.set_name(in.attendee().name());
  a.set_unit(in.attendee().unit());
  a.set_title(in.attendee().title());
  a.set_rank(in.attendee().rank());
  a.set_role(in.attendee().role());
  a.set_account_id(in.attendee().account_id());
  if (auto r = check_account_link(m, a)) return r;
  // Only a change of name or unit can make a duplicate: editing the title of one of two
  // confirmed namesakes needs no new confirmation.
  const auto& old = m.attendees(i);
  const bool renamed = without_spaces(old.name()) != without_spaces(a.name()) ||
                       without_spaces(old.unit()) != without_spaces(a.unit());
  return check_same_name(m, a, in.allow_same_name() || !renamed);
}

maybe_rejection decide_check_in(const v1::Meeting& m, const v1::CheckIn& in, std::int64_t now_ms,
                                v1::CheckIn& out) {
  const int i = index_of(m.attendees(), in.attendee_id());
  if (i < 0) return unknown("attendee", in.attendee_id(), "attendee_id");
  if (!v1::Attendance_IsValid(in.attendance())) {
    return reject(v1::ERROR_INVALID_FIELD, "attendance is not a known state", "attendance");
  }
  constexpr text_rule reason_rule{text_kind::single_line, 200, true};
  if (in.attendance() == v1::ATTENDANCE_LEAVE) {
    if (auto r = check_text(in.leave_reason(), reason_rule, "leave_reason")) return r;
  } else if (!in.leave_reason().empty()) {
    return reject(v1::ERROR_INVALID_FIELD, "leave_reason is only for ATTENDANCE_LEAVE",
                  "leave_reason");
  }
  out.set_attendee_id(in.attendee_id());
  out.set_attendance(in.attendance());
  out.set_leave_reason(in.leave_reason());
  auto& a = *out.mutable_attendee();
  a = m.attendees(i);
  a.set_attendance(in.attendance());
  a.set_leave_reason(in.leave_reason());
  const bool arrived =
      in.attendance() == v1::ATTENDANCE_PRESENT || in.attendance() == v1::ATTENDANCE_LATE;
  // The first arrival time is kept: correcting "late" to "present" does not move it.
  if (!arrived) {
    a.set_checked_in_at_ms(0);
  } else if (a.checked_in_at_ms() == 0) {
    a.set_checked_in_at_ms(now_ms);
  }
  return std::nullopt;
}

template <typename List, typename Item>
void replace_by_id(List& list, const Item& item) {
  for (auto& x : list) {
    if (x.id() == item.id()) {
      x = item;
      return;
    }
  }
}

// Events that carry a whole agenda item leave its minutes out (a timer click must not
// resend a long record); the minutes change only through edit_minutes.
void replace_item(google::protobuf::RepeatedPtrField<v1::AgendaItem>& agenda,
                  const v1::AgendaItem& item) {
  for (auto& x : agenda) {
    if (x.id() == item.id()) {
      std::string minutes = std::move(*x.mutable_minutes());
      auto materials = std::move(*x.mutable_materials());
      x = item;
      x.set_minutes(std::move(minutes));
      *x.mutable_materials() = std::move(materials);
      return;
    }
  }
}

template <typename List>
void remove_by_id(List& list, const std::string& id) {
  const int i = index_of(list, id);
  if (i >= 0) list.erase(list.begin() + i);
}

}  // namespace

maybe_rejection check_info(const v1::MeetingInfo& info) {
  return first_of([&] { return check_text(info.title(), title_rule, "info.title"); },
                  [&] { return check_text(info.place(), line_rule, "info.place"); },
                  [&] { return check_text(info.convener(), short_rule, "info.convener"); },
                  [&] { return check_text(info.description(), long_rule, "info.description"); },
                  [&] { return check_time(info.starts_at_ms(), "info.starts_at_ms"); },
                  [&] { return check_time(info.ends_at_ms(), "info.ends_at_ms"); },
                  [&]() -> maybe_rejection {
                    if (info.starts_at_ms() != 0 && info.ends_at_ms() != 0 &&
                        info.ends_at_ms() < info.starts_at_ms()) {
                      return reject(v1::ERROR_INVALID_FIELD, "the meeting ends before it starts",
                                    "info.ends_at_ms");
                    }
                    return std::nullopt;
                  },
                  [&] { return check_level(info.level(), "info.level"); });
}

namespace {
maybe_rejection decide_kind(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                            v1::Change& out, std::span<const v1::Event> since_base);
}  // namespace

maybe_rejection decide(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                       v1::Change& out, std::span<const v1::Event> since_base,
                       std::string_view actor) {
  out.Clear();
  // Follow-up outlives the meeting: decisions move on after it is archived.
  if (m.archived() && in.kind_case() != v1::Change::kArchive && !is_decision_change(in)) {
    return reject(v1::ERROR_ARCHIVED, "the meeting is archived; un-archive it first");
  }
  // The request is checked first (an unknown item is NOT_FOUND in any phase), then whether
  // it fits the meeting's phase. A refused change leaves `out` empty.
  maybe_rejection r;
  if (is_lifecycle_change(in)) {
    r = decide_lifecycle(m, in, now_ms, actor, out);
  } else if (is_notice_change(in)) {
    r = decide_notice_change(m, in, now_ms, actor, out);
  } else if (is_material_change(in)) {
    r = decide_material(m, in, now_ms, actor, out);
    if (!r) r = check_phase(m, in);
  } else if (in.has_jiyao_action()) {
    r = decide_jiyao(m, in.jiyao_action(), now_ms, actor, *out.mutable_jiyao_action());
  } else {
    r = decide_kind(m, in, now_ms, out, since_base);
    if (!r) r = check_phase(m, in);
  }
  if (r) out.Clear();
  return r;
}

namespace {

maybe_rejection decide_kind(const v1::Meeting& m, const v1::Change& in, std::int64_t now_ms,
                            v1::Change& out, std::span<const v1::Event> since_base) {
  switch (in.kind_case()) {
    case v1::Change::kUpdateInfo:
      if (auto r = check_info(in.update_info().info())) return r;
      *out.mutable_update_info() = in.update_info();
      return std::nullopt;
    case v1::Change::kArchive:
      *out.mutable_archive() = in.archive();
      return std::nullopt;
    case v1::Change::kAddItem:
      return decide_add_item(m, in.add_item(), *out.mutable_add_item());
    case v1::Change::kEditItem:
      return decide_edit_item(m, in.edit_item(), *out.mutable_edit_item());
    case v1::Change::kRemoveItem:
      if (index_of(m.agenda(), in.remove_item().item_id()) < 0) {
        return unknown("agenda item", in.remove_item().item_id(), "item_id");
      }
      *out.mutable_remove_item() = in.remove_item();
      return std::nullopt;
    case v1::Change::kMoveItem:
      return decide_move_item(m, in.move_item(), *out.mutable_move_item());
    case v1::Change::kSetCurrent:
      return decide_set_current(m, in.set_current(), now_ms, *out.mutable_set_current());
    case v1::Change::kSetItemStatus:
      return decide_item_status(m, in.set_item_status(), *out.mutable_set_item_status());
    case v1::Change::kControlTimer:
      return decide_timer(m, in.control_timer(), now_ms, *out.mutable_control_timer());
    case v1::Change::kAddAttendee:
      return decide_add_attendee(m, in.add_attendee(), *out.mutable_add_attendee());
    case v1::Change::kEditAttendee:
      return decide_edit_attendee(m, in.edit_attendee(), *out.mutable_edit_attendee());
    case v1::Change::kRemoveAttendee:
      if (index_of(m.attendees(), in.remove_attendee().attendee_id()) < 0) {
        return unknown("attendee", in.remove_attendee().attendee_id(), "attendee_id");
      }
      *out.mutable_remove_attendee() = in.remove_attendee();
      return std::nullopt;
    case v1::Change::kCheckIn:
      return decide_check_in(m, in.check_in(), now_ms, *out.mutable_check_in());
    case v1::Change::kEditMinutes:
      return decide_minutes(m, in.edit_minutes(), since_base, *out.mutable_edit_minutes());
    case v1::Change::kSetChart:
      return decide_set_chart(m, in.set_chart(), m.version() + 1, *out.mutable_set_chart());
    case v1::Change::kRemoveChart:
      return decide_remove_chart(m, in.remove_chart(), *out.mutable_remove_chart());
    case v1::Change::kPinSeat:
      return decide_pin_seat(m, in.pin_seat(), m.version() + 1, *out.mutable_pin_seat());
    case v1::Change::kSwapSeats:
      return decide_swap_seats(m, in.swap_seats(), m.version() + 1, *out.mutable_swap_seats());
    case v1::Change::kRecomputeChart:
      return decide_recompute_chart(m, in.recompute_chart(), m.version() + 1,
                                    *out.mutable_recompute_chart());
    case v1::Change::kCreateDecision:
    case v1::Change::kDecisionAction:
    case v1::Change::kRemindDecision:
      return decide_decision(m, in, now_ms, out);
    case v1::Change::kIssueNotice:
    case v1::Change::kStartMeeting:
    case v1::Change::kEndMeeting:
    case v1::Change::kCancelMeeting:
    case v1::Change::kPostponeMeeting:
    case v1::Change::kSetQuorum:
    case v1::Change::kReplyNotice:
    case v1::Change::kRemindReplies:
    case v1::Change::kAddMaterial:
    case v1::Change::kRemoveMaterial:
    case v1::Change::kSetMaterialViewOnly:
    case v1::Change::kJiyaoAction:
    case v1::Change::KIND_NOT_SET:
      break;  // lifecycle, notice, material and 纪要 changes were decided above
  }
  return reject(v1::ERROR_BAD_REQUEST, "the change names no known kind", "change");
}

}  // namespace

void apply(v1::Meeting& m, const v1::Event& e) {
  const auto& c = e.change();
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
      // A new time or place while the notice is out re-issues it (§6.5): derived from the
      // state and the event alone, so every instance applies it the same way.
      if (reissues_notice(m, c.update_info().info())) {
        count_reissue(*m.mutable_lifecycle(), e.at_ms(), e.account_id());
        m.set_header_reissues(m.header_reissues() + 1);
      }
      *m.mutable_info() = c.update_info().info();
      break;
    case v1::Change::kArchive:
      m.set_archived(c.archive().archived());
      break;
    case v1::Change::kAddItem: {
      auto* agenda = m.mutable_agenda();
      const int pos = std::clamp(c.add_item().position(), 0, agenda->size());
      *agenda->Add() = c.add_item().item();
      // Add() appended at the end; rotate it into place.
      for (int i = agenda->size() - 1; i > pos; --i) agenda->SwapElements(i, i - 1);
      m.set_next_id(m.next_id() + 1);
      break;
    }
    case v1::Change::kEditItem:
      replace_item(*m.mutable_agenda(), c.edit_item().item());
      break;
    case v1::Change::kRemoveItem:
      remove_by_id(*m.mutable_agenda(), c.remove_item().item_id());
      if (m.current_item_id() == c.remove_item().item_id()) m.clear_current_item_id();
      break;
    case v1::Change::kMoveItem: {
      const auto& order = c.move_item().resulting_order();
      auto* agenda = m.mutable_agenda();
      for (int i = 0; i < order.size() && i < agenda->size(); ++i) {
        const int at = index_of(*agenda, order[i]);
        if (at > i) {
          for (int k = at; k > i; --k) agenda->SwapElements(k, k - 1);
        }
      }
      break;
    }
    case v1::Change::kSetCurrent:
      m.set_current_item_id(c.set_current().item_id());
      for (const auto& item : c.set_current().touched()) replace_item(*m.mutable_agenda(), item);
      break;
    case v1::Change::kSetItemStatus:
      replace_item(*m.mutable_agenda(), c.set_item_status().item());
      break;
    case v1::Change::kControlTimer:
      replace_item(*m.mutable_agenda(), c.control_timer().item());
      break;
    case v1::Change::kAddAttendee:
      *m.add_attendees() = c.add_attendee().attendee();
      m.set_next_id(m.next_id() + 1);
      break;
    case v1::Change::kEditAttendee:
      replace_by_id(*m.mutable_attendees(), c.edit_attendee().attendee());
      break;
    case v1::Change::kRemoveAttendee:
      remove_by_id(*m.mutable_attendees(), c.remove_attendee().attendee_id());
      break;
    case v1::Change::kCheckIn:
      replace_by_id(*m.mutable_attendees(), c.check_in().attendee());
      break;
    case v1::Change::kEditMinutes:
      if (auto* text = find_text(m, c.edit_minutes().item_id())) {
        if (apply_minutes(*text, c.edit_minutes())) move_comment_anchors(m, c.edit_minutes());
      }
      break;
    case v1::Change::kJiyaoAction:
      apply_jiyao(m, c.jiyao_action());
      break;
    case v1::Change::kSetChart:
      put_chart(m, c.set_chart().chart());
      break;
    case v1::Change::kRemoveChart:
      remove_by_id(*m.mutable_charts(), c.remove_chart().chart_id());
      break;
    case v1::Change::kPinSeat:
      put_chart(m, c.pin_seat().chart());
      break;
    case v1::Change::kSwapSeats:
      put_chart(m, c.swap_seats().chart());
      break;
    case v1::Change::kRecomputeChart:
      put_chart(m, c.recompute_chart().chart());
      break;
    case v1::Change::kCreateDecision:
    case v1::Change::kDecisionAction:
    case v1::Change::kRemindDecision:
      apply_decision(m, c);
      break;
    case v1::Change::kIssueNotice:
    case v1::Change::kStartMeeting:
    case v1::Change::kEndMeeting:
    case v1::Change::kCancelMeeting:
    case v1::Change::kPostponeMeeting:
    case v1::Change::kSetQuorum:
      apply_lifecycle(m, c);
      break;
    case v1::Change::kReplyNotice:
    case v1::Change::kRemindReplies:
      apply_notice_change(m, c);
      break;
    case v1::Change::kAddMaterial:
    case v1::Change::kRemoveMaterial:
    case v1::Change::kSetMaterialViewOnly:
      apply_material(m, c);
      break;
    case v1::Change::KIND_NOT_SET:
      break;
  }
  m.set_version(e.version());
}

v1::Meeting new_meeting(std::string id, const v1::MeetingInfo& info, std::int64_t now_ms) {
  v1::Meeting m;
  m.set_id(std::move(id));
  *m.mutable_info() = info;
  m.set_created_at_ms(now_ms);
  m.mutable_lifecycle()->set_phase(
      v1::PHASE_DRAFTING);  // present: not a meeting from before phases
  return m;
}

v1::MeetingSummary summarize(const v1::Meeting& m) {
  v1::MeetingSummary s;
  s.set_id(m.id());
  *s.mutable_info() = m.info();
  s.set_archived(m.archived());
  s.set_version(m.version());
  s.set_created_at_ms(m.created_at_ms());
  s.set_created_by(m.created_by());
  s.set_phase(m.lifecycle().phase());
  s.set_started_at_ms(m.lifecycle().started_at_ms());
  for (const auto& a : m.attendees()) {
    if (a.account_id().empty()) continue;
    s.add_account_ids(a.account_id());
    s.add_account_roles(a.role());
  }
  return s;
}

bool changes_summary(const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
    case v1::Change::kArchive:
      return true;
    // The list shows the phase, its start and the (postponed) times.
    case v1::Change::kIssueNotice:
    case v1::Change::kStartMeeting:
    case v1::Change::kEndMeeting:
    case v1::Change::kCancelMeeting:
    case v1::Change::kPostponeMeeting:
      return true;
    // Who may see the meeting is part of the summary (the list is filtered by it).
    case v1::Change::kAddAttendee:
      return !c.add_attendee().attendee().account_id().empty();
    case v1::Change::kEditAttendee:
    case v1::Change::kRemoveAttendee:
      return true;
    default:
      return false;
  }
}

bool valid_account_id(std::string_view id) {
  if (id.size() < 2 || id.size() > 32) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(id.front())) return false;
  for (char c : id) {
    if (!lower_or_digit(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

std::string_view change_name(const v1::Change& c) {
  switch (c.kind_case()) {
    case v1::Change::kUpdateInfo:
      return "update_info";
    case v1::Change::kArchive:
      return "archive";
    case v1::Change::kAddItem:
      return "add_item";
    case v1::Change::kEditItem:
      return "edit_item";
    case v1::Change::kRemoveItem:
      return "remove_item";
    case v1::Change::kMoveItem:
      return "move_item";
    case v1::Change::kSetCurrent:
      return "set_current";
    case v1::Change::kSetItemStatus:
      return "set_item_status";
    case v1::Change::kControlTimer:
      return "control_timer";
    case v1::Change::kAddAttendee:
      return "add_attendee";
    case v1::Change::kEditAttendee:
      return "edit_attendee";
    case v1::Change::kRemoveAttendee:
      return "remove_attendee";
    case v1::Change::kCheckIn:
      return "check_in";
    case v1::Change::kEditMinutes:
      return "edit_minutes";
    case v1::Change::kSetChart:
      return "set_chart";
    case v1::Change::kRemoveChart:
      return "remove_chart";
    case v1::Change::kPinSeat:
      return "pin_seat";
    case v1::Change::kSwapSeats:
      return "swap_seats";
    case v1::Change::kRecomputeChart:
      return "recompute_chart";
    case v1::Change::kCreateDecision:
      return "create_decision";
    case v1::Change::kDecisionAction:
      return "decision_action";
    case v1::Change::kRemindDecision:
      return "remind_decision";
    case v1::Change::kIssueNotice:
      return "issue_notice";
    case v1::Change::kStartMeeting:
      return "start_meeting";
    case v1::Change::kEndMeeting:
      return "end_meeting";
    case v1::Change::kCancelMeeting:
      return "cancel_meeting";
    case v1::Change::kPostponeMeeting:
      return "postpone_meeting";
    case v1::Change::kSetQuorum:
      return "set_quorum";
    case v1::Change::kReplyNotice:
      return "reply_notice";
    case v1::Change::kRemindReplies:
      return "remind_replies";
    case v1::Change::kAddMaterial:
      return "add_material";
    case v1::Change::kRemoveMaterial:
      return "remove_material";
    case v1::Change::kSetMaterialViewOnly:
      return "set_material_view_only";
    case v1::Change::kJiyaoAction:
      return "jiyao_action";
    case v1::Change::KIND_NOT_SET:
      break;
  }
  return "none";
}

}  // namespace huiwu::domain
