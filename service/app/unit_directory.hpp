// The rules of the unit directory (单位名录), apart from Redis and HTTP so that they can be
// tested alone: what a unit must have, what makes two units the same, and what a parent
// may be. The routes (unit_routes.cpp) read the directory, apply these and write.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/unit_store.hpp"

namespace huiwu::app {

struct unit_refusal {
  int status;         // 400, 404 or 409
  std::string code;   // invalid_field, not_found, conflict (protocol.md §10.1)
  std::string field;  // name, short_name, parent_id, contact_accounts, id
  std::string message;
};

inline constexpr std::size_t max_unit_name = 64;   // characters
inline constexpr std::size_t max_unit_short = 16;  // characters
inline constexpr std::size_t max_unit_contacts = 20;

/**
 * Checks u (new, or a changed version of a unit with the same id) against the others in
 * the directory and the accounts that exist. Trims the names in place. nullopt = accepted.
 */
std::optional<unit_refusal> check_unit(store::unit& u, const std::vector<store::unit>& all,
                                       const std::set<std::string>& account_ids);

/** Why unit id cannot be removed (it has units under it); nullopt = it can. */
std::optional<unit_refusal> check_unit_removal(const std::string& id,
                                               const std::vector<store::unit>& all);

}  // namespace huiwu::app
