#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::domain {

// The largest minutes of one agenda item, and the most one edit may insert, in code points.
inline constexpr std::size_t max_minutes_code_points = 1'000'000;
inline constexpr std::size_t max_minutes_insert = 64 * 1024;

// Server-ordered operational transformation of the live minutes (ot.js style).
// `since_base` holds the meeting's events with versions in = base_version+1 .. version,
// oldest first; the client's operation is transformed over the edits of the same item
// among them, then checked against the item's minutes as they are now. The resolved
// change's op applies to the minutes at the meeting's current version.
maybe_rejection decide_minutes(const v1::Meeting& meeting, const v1::EditMinutes& in,
                               std::span<const v1::Event> since_base, v1::EditMinutes& out);

// Applies a resolved edit to the item's minutes. False if it does not fit (never for an
// edit decide_minutes produced on the same state).
bool apply_minutes(v1::AgendaItem& item, const v1::EditMinutes& edit);
// The same on any edited text (an item's record or a 纪要 section, jiyao_logic.hpp).
bool apply_minutes(std::string& text, const v1::EditMinutes& edit);

}  // namespace huiwu::domain
