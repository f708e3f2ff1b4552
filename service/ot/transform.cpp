#include "ot/transform.hpp"

#include <algorithm>

#include "ot/component_cursor.hpp"

namespace huiwu::ot {

using detail::component_cursor;

result<text_operation> compose(const text_operation& a, const text_operation& b) {
  if (a.target_length() != b.base_length()) return errc::base_length_mismatch;
  text_operation out;
  component_cursor ca(a.components());
  component_cursor cb(b.components());
  // a's cursor walks a's output, which is b's input: both cursors stand at the same
  // place of the intermediate document at the top of every iteration.
  while (!ca.done() || !cb.done()) {
    // a's erases never reach the intermediate document; b's inserts never came from
    // it. Both pass straight through.
    if (!ca.done() && ca.kind() == component_kind::erase) {
      out.erase(ca.remaining());
      ca.take(ca.remaining());
      continue;
    }
    if (!cb.done() && cb.kind() == component_kind::insert) {
      const std::size_t n = cb.remaining();
      const bool continues = cb.continues();
      out.insert_counted(cb.take(n), n, continues);
      continue;
    }
    // Unreachable when the lengths agree (checked above); kept as a guard.
    if (ca.done() || cb.done()) return errc::base_length_mismatch;

    const std::size_t n = std::min(ca.remaining(), cb.remaining());
    const bool a_inserts = ca.kind() == component_kind::insert;
    const bool a_continues = ca.continues();
    const bool b_erases = cb.kind() == component_kind::erase;
    const std::string_view text = ca.take(n);
    cb.take(n);
    if (a_inserts && b_erases) continue;  // typed, then deleted: nothing survives
    if (a_inserts) {
      out.insert_counted(text, n, a_continues);  // a's text, kept by b's retain
    } else if (b_erases) {
      out.erase(n);  // an original character that b deletes
    } else {
      out.retain(n);
    }
  }
  return out;
}

result<std::pair<text_operation, text_operation>> transform(const text_operation& a,
                                                            const text_operation& b) {
  if (a.base_length() != b.base_length()) return errc::base_length_mismatch;
  text_operation a1;  // a', applies after b
  text_operation b1;  // b', applies after a
  component_cursor ca(a.components());
  component_cursor cb(b.components());
  // Both cursors stand at the same place of the common base document at the top of
  // every iteration.
  while (!ca.done() || !cb.done()) {
    // Inserts first. Both at the same place is the tie: b's text goes first only when
    // it continues its writer's text and a's does not; otherwise a's (sequenced first).
    //
    //   base:  x y|z          a: insert "A" at 2     b: insert "B" at 2
    //   a' = retain 3, insert "B"  after a: x y A|z  ->  x y A B z
    //   b' = retain 2, insert "A"  after b: x y|B z  ->  x y A B z
    //
    //   base:  a b c|         a: insert "X" at 3     b: insert+ "de" at 3 (continues "abc")
    //   ->  a b c d e X       the writer of "abc" keeps typing; X lands after its run
    const bool a_inserts = !ca.done() && ca.kind() == component_kind::insert;
    const bool b_inserts = !cb.done() && cb.kind() == component_kind::insert;
    const bool b_first = b_inserts && (!a_inserts || (cb.continues() && !ca.continues()));
    if (a_inserts && !b_first) {
      const std::size_t n = ca.remaining();
      const bool continues = ca.continues();
      a1.insert_counted(ca.take(n), n, continues);
      b1.retain(n);
      continue;
    }
    if (b_inserts) {
      const std::size_t n = cb.remaining();
      const bool continues = cb.continues();
      a1.retain(n);
      b1.insert_counted(cb.take(n), n, continues);
      continue;
    }
    if (ca.done() || cb.done()) return errc::base_length_mismatch;  // guard only

    const std::size_t n = std::min(ca.remaining(), cb.remaining());
    const component_kind ka = ca.kind();
    const component_kind kb = cb.kind();
    ca.take(n);
    cb.take(n);
    if (ka == component_kind::retain && kb == component_kind::retain) {
      a1.retain(n);
      b1.retain(n);
    } else if (ka == component_kind::erase && kb == component_kind::erase) {
      // Both deleted the same characters: neither transformed op deletes them again.
      //
      //   base: a[b c d]e      a: delete "bcd"     b: delete "cd" from [c d]
      //   overlap "cd" is dropped from both; a' deletes only "b", b' nothing.
    } else if (ka == component_kind::erase) {
      a1.erase(n);  // b kept these characters; a' still deletes them
    } else {
      b1.erase(n);  // a kept these characters; b' still deletes them
    }
  }
  return std::pair{std::move(a1), std::move(b1)};
}

result<text_operation> transform_incoming(text_operation incoming,
                                          std::span<const text_operation> concurrent) {
  //   S --h1--> S1 --h2--> S2          incoming was made on S;
  //   |incoming  |incoming'  |incoming''   each step is transform(h, incoming).second
  for (const auto& h : concurrent) {
    auto r = transform(h, incoming);
    if (!r) return r.error();
    incoming = std::move(r->second);
  }
  return incoming;
}

std::size_t transform_index(const text_operation& op, std::size_t index, assoc side) noexcept {
  index = std::min(index, op.base_length());
  std::size_t rest = index;  // base code points before the caret not yet walked over
  std::size_t moved = index;
  for (const auto& c : op.components()) {
    switch (c.kind) {
      case component_kind::retain:
        if (c.n > rest) return moved;  // the caret is inside this retain
        rest -= c.n;
        break;
      case component_kind::insert:
        // Before the caret (rest > 0): pushes it right. Exactly at it (rest == 0): as
        // `side` says (transform.hpp).
        if (rest == 0 && (side == assoc::left || (side == assoc::follow && !c.continues))) {
          return moved;
        }
        moved += c.n;
        break;
      case component_kind::erase:
        moved -= std::min(rest, c.n);
        if (c.n > rest) return moved;  // the caret was inside (or at the start of) it
        rest -= c.n;
        break;
    }
  }
  return moved;
}

}  // namespace huiwu::ot
