#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "redis/connection.hpp"

namespace huiwu::store {

// One unit of the organisation (单位): what 牵头单位 and 协办单位 are picked from. parent_id
// is empty for a top unit; contact_accounts are the accounts that act for the unit
// (联络人). Decisions store the unit's name as text (decision 0029), so a unit renamed
// or removed later does not rewrite the record of what was assigned to whom.
struct unit {
  std::string id;  // "u1", "u2", … given by the store
  std::string name;
  std::string short_name;
  std::string parent_id;
  std::vector<std::string> contact_accounts;
  friend bool operator==(const unit&, const unit&) = default;
};

std::string unit_to_json(const unit& u);
std::optional<unit> unit_from_json(const std::string& doc);

// The unit directory in Redis (keys.hpp, unit_keys). Callbacks run on the Redis
// connection's strand; an error code means Redis did not answer.
class unit_store {
 public:
  explicit unit_store(std::shared_ptr<redis::connection> conn) : conn_(std::move(conn)) {}

  using done_fn = std::function<void(std::error_code)>;

  // Every unit, in the order they were created.
  void list_units(std::function<void(std::error_code, std::vector<unit>)> cb);
  // Writes u (a new unit when u.id is empty: it gets the next id) only if no other unit
  // has its name or short name and its parent exists, checked and written in one Redis
  // script, so two admins adding the same unit at once cannot both succeed. The answer:
  // saved (with the id), or refused with the field at fault.
  struct save_result {
    enum class status { saved, name_taken, parent_missing, unit_missing } what = status::saved;
    std::string id;     // saved: the unit's id
    std::string field;  // refused: name, short_name, parent_id or id
  };
  void save_unit(const unit& u, std::function<void(std::error_code, save_result)> cb);
  // removed = false when there was no such unit.
  void delete_unit(const std::string& id, std::function<void(std::error_code, bool removed)> cb);

 private:
  std::shared_ptr<redis::connection> conn_;
};

}  // namespace huiwu::store
