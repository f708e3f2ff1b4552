#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

// Upper bounds on a meeting's size; a command that would cross one is TOO_LARGE.
inline constexpr int max_agenda_items = 200;
inline constexpr int max_attendees = 2000;
inline constexpr int max_planned_minutes = 24 * 60;
inline constexpr int max_rank = 1'000'000;
// Timestamps must fall between 2000-01-01 and 2200-01-01 (unix ms), or be 0 (unset).
inline constexpr std::int64_t min_time_ms = 946'684'800'000;
inline constexpr std::int64_t max_time_ms = 7'258'118'400'000;

// The meeting logic is pure: it sees a state and a change and decides. Nothing here does
// I/O or reads a clock; `now_ms` is passed in so that the server owns time and tests
// control it.
//
// decide() validates a client's change against the current state and resolves it into the
// change an event carries (server ids assigned, whole objects after the edit, derived
// orders computed), so that apply() never has to decide anything and every replica that
// applies the same events reaches the same state.
//
// `since_base` is needed only by edits of the minutes (see minutes_logic.hpp): the events
// after the edit's base_version, oldest first. `actor` (the account asking) is recorded by
// lifecycle changes (lifecycle_logic.hpp).
maybe_rejection decide(const v1::Meeting& meeting, const v1::Change& in, std::int64_t now_ms,
                       v1::Change& out, std::span<const v1::Event> since_base = {},
                       std::string_view actor = {});

// Applies a resolved change (from decide(), possibly on another instance) and sets the
// meeting's version to the event's.
void apply(v1::Meeting& meeting, const v1::Event& event);

maybe_rejection check_info(const v1::MeetingInfo& info);

v1::Meeting new_meeting(std::string id, const v1::MeetingInfo& info, std::int64_t now_ms);

v1::MeetingSummary summarize(const v1::Meeting& meeting);

// True when the change alters what summarize() returns.
bool changes_summary(const v1::Change& change);

// An account id (login name): 2..32 of [a-z0-9._-], starting with a letter or digit.
bool valid_account_id(std::string_view id);

// A stable lower-case name of the change kind, for metrics and logs ("add_item").
std::string_view change_name(const v1::Change& change);

}  // namespace huiwu::domain
