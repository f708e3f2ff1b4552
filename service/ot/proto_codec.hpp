// Conversion between text_operation and the wire message huiwu.v1.TextOperation
// (repeated TextComponent{oneof retain | insert | delete}); counts are code points.
#pragma once

#include "huiwu.pb.h"
#include "ot/result.hpp"
#include "ot/text_operation.hpp"

namespace huiwu::ot {

// Canonical components in order. A count above 2^32-1 (never seen in practice: a
// document that large is refused long before) is split into several components.
void to_proto(const text_operation& op, huiwu::v1::TextOperation& out);
huiwu::v1::TextOperation to_proto(const text_operation& op);

// Validates as checked_builder.hpp describes; an unset oneof is errc::malformed.
// Adjacent components of one kind are merged, so a non-canonical message is accepted.
result<text_operation> from_proto(const huiwu::v1::TextOperation& msg, const limits& lim = {});

}  // namespace huiwu::ot
