#include "core/access_policy.hpp"

#include "domain/access_rules.hpp"

namespace huiwu::core {

domain::maybe_rejection access_policy::may_join(const principal& who, const v1::Meeting& m) const {
  return domain::check_join(m, who.viewer());
}

domain::maybe_rejection access_policy::may_change(const principal& who, const v1::Meeting& m,
                                                  const v1::Change& change) const {
  return domain::check_change(m, who.viewer(), change);
}

domain::maybe_rejection access_policy::may_create(const principal& who,
                                                  const v1::MeetingInfo& info) const {
  if (who.account_id.empty()) {
    return domain::reject(v1::ERROR_FORBIDDEN, "log in to create a meeting");
  }
  if (!domain::cleared_for(who.viewer(), info.level())) {
    return domain::reject(v1::ERROR_FORBIDDEN, "nobody can set a level above their own clearance",
                          "info.level");
  }
  return std::nullopt;
}

}  // namespace huiwu::core
