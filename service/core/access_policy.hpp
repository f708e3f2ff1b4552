#pragma once

#include "core/peer.hpp"
#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::core {

// The one place that decides what a caller may do and what a connection may receive.
// Every command passes through may_change() before it is decided, every join through
// may_join(), and every broadcast through may_receive() once per recipient. For now
// everybody may do and see everything; accounts and clearances plug in here without
// touching the rooms.
class access_policy {
 public:
  domain::maybe_rejection may_join(const principal& who, const v1::Meeting& m) const;
  domain::maybe_rejection may_change(const principal& who, const v1::Meeting& m,
                                     const v1::Change& change) const;
  bool may_receive(const principal& who, const v1::Meeting& m, const v1::Event& event) const;
};

}  // namespace huiwu::core
