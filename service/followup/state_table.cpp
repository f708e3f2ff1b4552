#include "followup/state_table.hpp"

#include <array>

namespace huiwu::followup {
namespace {

using s = item_state;
using r = actor_role;

constexpr std::uint32_t working =
    bit(s::assigned) | bit(s::accepted) | bit(s::in_progress);  // extensions apply here
constexpr std::uint32_t underway = bit(s::accepted) | bit(s::in_progress);
constexpr std::uint32_t not_final = bit(s::opened) | working | bit(s::completion_reported);

// Why these rows:
// - The secretariat (supervisor) assigns, reviews, sends back, closes and decides on
//   extensions: the verifier of "done" is never the one who did the work.
// - Only the lead responsible person signs for the item, reports completion and asks for
//   more time: one accountable person per item. Co-operators report progress; so may the
//   supervisor (a phone call's outcome is a progress report too).
// - A progress report before the item is signed for is refused: sign first (one click).
// - A completion report waits for review: no more progress reports until it is sent back.
// - The chair may withdraw (cancel) a decision, as may the supervisor; both need a reason.
// - The lead may return an assignment that is not its unit's remit (退回交办), with a
//   reason, before any work is reported on it: back to 立项, for the supervisor to hand
//   to someone else (交办 again). After a progress report the work is the unit's: it asks
//   for an extension or the supervisor cancels.
constexpr std::array<table_row, 11> rows{{
    {action_kind::assign, bit(s::opened), s::assigned, bit(r::supervisor)},
    {action_kind::accept, bit(s::assigned), s::accepted, bit(r::lead)},
    {action_kind::report_progress, underway, s::in_progress,
     bit(r::lead) | bit(r::co_operator) | bit(r::supervisor)},
    {action_kind::report_completion, underway, s::completion_reported, bit(r::lead)},
    {action_kind::send_back, bit(s::completion_reported), s::in_progress, bit(r::supervisor)},
    {action_kind::close, bit(s::completion_reported), s::closed, bit(r::supervisor)},
    {action_kind::request_extension, working, std::nullopt, bit(r::lead)},
    {action_kind::approve_extension, working, std::nullopt, bit(r::supervisor)},
    {action_kind::refuse_extension, working, std::nullopt, bit(r::supervisor)},
    {action_kind::cancel, not_final, s::cancelled, bit(r::supervisor) | bit(r::chair)},
    {action_kind::return_assignment, bit(s::assigned) | bit(s::accepted), s::opened, bit(r::lead)},
}};

const table_row* row_for(action_kind a) {
  for (const auto& row : rows) {
    if (row.action == a) return &row;
  }
  return nullptr;
}

}  // namespace

std::span<const table_row> state_table() {
  return rows;
}

bool allowed_in_state(item_state st, action_kind a) {
  const table_row* row = row_for(a);
  return row != nullptr && (row->from_states & bit(st)) != 0;
}

bool allowed(item_state st, action_kind a, actor_role role) {
  const table_row* row = row_for(a);
  return row != nullptr && (row->from_states & bit(st)) != 0 && (row->roles & bit(role)) != 0;
}

std::optional<item_state> target_state(item_state st, action_kind a) {
  if (!allowed_in_state(st, a)) return std::nullopt;
  const table_row* row = row_for(a);
  return row->to ? *row->to : st;
}

std::vector<action_kind> allowed_actions(item_state st, actor_role role) {
  std::vector<action_kind> out;
  for (const auto& row : rows) {
    if (allowed(st, row.action, role)) out.push_back(row.action);
  }
  return out;
}

std::vector<actor_role> roles_for(action_kind a) {
  std::vector<actor_role> out;
  const table_row* row = row_for(a);
  if (row == nullptr) return out;
  for (int i = 0; i < actor_role_count; ++i) {
    if (row->roles & (1u << i)) out.push_back(static_cast<actor_role>(i));
  }
  return out;
}

}  // namespace huiwu::followup
