#include "core/access_policy.hpp"

namespace huiwu::core {

domain::maybe_rejection access_policy::may_join(const principal&, const v1::Meeting&) const {
  return std::nullopt;
}

domain::maybe_rejection access_policy::may_change(const principal&, const v1::Meeting&,
                                                  const v1::Change&) const {
  return std::nullopt;
}

bool access_policy::may_receive(const principal&, const v1::Meeting&, const v1::Event&) const {
  return true;
}

}  // namespace huiwu::core
