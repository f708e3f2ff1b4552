// The OT algebra over text_operation: compose, transform, and moving a caret through
// an operation. All pure functions; positions are code points.
#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include "ot/result.hpp"
#include "ot/text_operation.hpp"

namespace huiwu::ot {

// One operation with the effect of a then b:
//   apply(S, compose(a, b)) == apply(apply(S, a), b)
// errc::base_length_mismatch unless a.target_length() == b.base_length().
result<text_operation> compose(const text_operation& a, const text_operation& b);

// Given a and b made concurrently on the same document, returns (a', b') with
//   apply(apply(S, a), b') == apply(apply(S, b), a')          (TP1)
// Tie-break: when both insert at the same position, a's text goes first (left).
// House convention, used by the server and by both clients: the first argument is
// the operation the server already sequenced, the second the one arriving later, so
// concurrent inserts at one place appear in server order.
// errc::base_length_mismatch unless a.base_length() == b.base_length().
result<std::pair<text_operation, text_operation>> transform(const text_operation& a,
                                                            const text_operation& b);

// The server side of ot.js: an operation made at revision r is transformed against
// every operation sequenced since r (`concurrent`, oldest first), each of which wins
// insert ties (it is transform's first argument). The result applies to the newest
// document.
result<text_operation> transform_incoming(text_operation incoming,
                                          std::span<const text_operation> concurrent);

// Where a caret (or one end of a selection) at `index` in the base document ends up
// after op. An insert exactly at the caret pushes it right (ot.js behaviour: a remote
// cursor stays after text typed at its position); a caret inside deleted text goes to
// where the deletion was. An index past base_length() is treated as base_length().
std::size_t transform_index(const text_operation& op, std::size_t index) noexcept;

}  // namespace huiwu::ot
