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
// Tie-break: when both insert at the same position, b's text goes first (left) if it
// continues its writer's text (component::continues) and a's does not; in every other
// case a's text goes first. House convention, used by the server and by both clients:
// the first argument is the operation the server already sequenced, the second the one
// arriving later, so concurrent inserts at one place appear in server order unless one
// of them continues a run of typing there. That exception keeps each writer's run in one
// piece: the run's next characters go straight after its last ones, and text someone
// else starts at the same place goes after the run (docs/protocol.md §6.3).
// errc::base_length_mismatch unless a.base_length() == b.base_length().
result<std::pair<text_operation, text_operation>> transform(const text_operation& a,
                                                            const text_operation& b);

// The server side of ot.js: an operation made at revision r is transformed against
// every operation sequenced since r (`concurrent`, oldest first), each of which is
// transform's first argument (it wins insert ties unless only the incoming insert
// continues its writer's run). The result applies to the newest document.
result<text_operation> transform_incoming(text_operation incoming,
                                          std::span<const text_operation> concurrent);

// What a caret (or one end of a selection) does when someone inserts text exactly where
// it stands. Carets and selections in the browser and in any conforming client follow
// this (docs/protocol.md §6.3):
//   left:   stays before the text. A writer's caret where its own last edit ended (it
//           is typing a run here): others' text goes after it, so the next keystroke
//           lands next to the last one. Also the end of a selection, so a selection
//           never takes in text inserted at its end.
//   follow: stays before text that starts there (an insert that does not continue), but
//           moves past text that continues what is on its left: an idle caret placed at
//           the end of someone's sentence stays at the end while that person goes on
//           typing. Any caret that is not `left` (the default).
//   right:  moves past the text. The start of a selection (the selection keeps exactly
//           what was selected), and the caret of the writer whose insert it is.
enum class assoc : signed char { left, follow, right };

// Where a caret (or one end of a selection) at `index` in the base document ends up
// after op. An insert exactly at the caret is handled as `side` says; an insert before
// it pushes it right; a caret inside deleted text goes to where the deletion was. An
// index past base_length() is treated as base_length().
std::size_t transform_index(const text_operation& op, std::size_t index,
                            assoc side = assoc::follow) noexcept;

}  // namespace huiwu::ot
