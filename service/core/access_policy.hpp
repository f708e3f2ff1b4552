#pragma once

#include "core/peer.hpp"
#include "domain/rejection.hpp"
#include "huiwu.pb.h"

namespace huiwu::core {

// The one place that decides what a caller may do: every join passes through may_join(),
// every command through may_change() before it is decided. What a connection receives is
// redacted per recipient by the room with domain::redact / redact_event (access_rules.hpp).
class access_policy {
 public:
  domain::maybe_rejection may_join(const principal& who, const v1::Meeting& m) const;
  domain::maybe_rejection may_change(const principal& who, const v1::Meeting& m,
                                     const v1::Change& change) const;
  domain::maybe_rejection may_create(const principal& who, const v1::MeetingInfo& info) const;
};

}  // namespace huiwu::core
