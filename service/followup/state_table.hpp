// The follow-up workflow's transition table: which action may be taken in which state, by
// which role, and the state it leads to. Everything not in the table is refused. The table
// is data so that the UI can show exactly the buttons that will work (allowed_actions)
// and docs/followup-core.md can print it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "followup/decision_item.hpp"

namespace huiwu::followup {

constexpr std::uint32_t bit(item_state s) {
  return 1u << static_cast<unsigned>(s);
}
constexpr std::uint32_t bit(actor_role r) {
  return 1u << static_cast<unsigned>(r);
}

struct table_row {
  action_kind action;
  std::uint32_t from_states;     // bit(state) for each state it applies in
  std::optional<item_state> to;  // nullopt: the state does not change
  std::uint32_t roles;           // bit(role) for each role that may take it
};

// One row per action (open has no row: an item is opened by open_item, never decided).
std::span<const table_row> state_table();

bool allowed_in_state(item_state s, action_kind a);  // by some role
bool allowed(item_state s, action_kind a, actor_role r);
// The state after the action; nullopt when it is not allowed in `s`.
std::optional<item_state> target_state(item_state s, action_kind a);
// The actions `r` may take in `s`, in table order (preconditions such as a pending
// extension are not checked here).
std::vector<action_kind> allowed_actions(item_state s, actor_role r);
// The roles that may take `a` at all, for messages.
std::vector<actor_role> roles_for(action_kind a);

}  // namespace huiwu::followup
