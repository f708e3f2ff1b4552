// TextOperation, in the style of ot.js: a list of components that walks the whole
// document once. An imaginary cursor starts at 0; retain(n) moves it over n code
// points, insert(text) inserts text at it, erase(n) deletes the next n code points.
//
// Positions and lengths count Unicode CODE POINTS (not bytes, not UTF-16 units);
// insert text is kept as UTF-8 together with its code-point count.
//
// Invariants, kept by the builders:
//   - no component has length 0;
//   - no two adjacent components have the same kind (they are merged);
//   - an insert never directly follows an erase (insert-then-erase is canonical), so
//     operations with the same effect are equal under operator==;
//   - base_length = sum(retain) + sum(erase); target_length = sum(retain) + sum(insert).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ot/result.hpp"

namespace huiwu::ot {

// Bounds applied to operations that arrive from outside (from_json, from_proto) and,
// via check_limits, to operations a server composes itself.
struct limits {
  std::size_t max_insert_code_points = std::size_t{256} * 1024;  // summed over the whole operation
  std::size_t max_components = std::size_t{64} * 1024;
};

enum class component_kind : std::uint8_t { retain, insert, erase };

struct component {
  component_kind kind;
  std::size_t n;     // code points retained, inserted or erased; always > 0
  std::string text;  // insert only: exactly n code points of valid UTF-8
  // Insert only: the text continues its writer's own text on its left, so at an insert
  // tie it goes first (transform.hpp). Two adjacent inserts merge into one that keeps
  // the first one's flag: the second continues the first by being next to it.
  bool continues = false;
  bool operator==(const component&) const = default;
};

class text_operation {
 public:
  text_operation() = default;

  // --- builders: each returns *this for chaining; zero lengths are ignored -------
  text_operation& retain(std::size_t n);
  // Throws std::invalid_argument on invalid UTF-8: that is a programming error, since
  // text from the network enters through from_json/from_proto (errc::invalid_utf8).
  text_operation& insert(std::string_view utf8, bool continues = false);
  // Trusted fast path: utf8 is valid and holds exactly code_points (asserted in debug).
  text_operation& insert_counted(std::string_view utf8, std::size_t code_points,
                                 bool continues = false);
  text_operation& erase(std::size_t n);  // "delete" in the JSON and protobuf forms

  // --- observers ------------------------------------------------------------------
  const std::vector<component>& components() const noexcept { return ops_; }
  std::size_t base_length() const noexcept { return base_length_; }
  std::size_t target_length() const noexcept { return target_length_; }
  // True when applying changes nothing: no components, or a single retain.
  bool is_noop() const noexcept;
  // errc::too_many_components or errc::insert_too_large, or no error.
  std::error_code check_limits(const limits& lim) const noexcept;

  // --- use --------------------------------------------------------------------------
  // The document after this operation, in one pass over doc. Precondition: doc is
  // valid UTF-8, as a document is by construction (it only ever receives validated
  // inserts); check text from elsewhere (a snapshot from storage) once with
  // utf8::is_valid when it enters. errc::document_length_mismatch if doc is not
  // base_length() code points.
  result<std::string> apply(std::string_view doc) const;
  // The operation that undoes this one; doc is the document this one applies to.
  // Same errors as apply().
  result<text_operation> invert(std::string_view doc) const;

  bool operator==(const text_operation&) const = default;

 private:
  std::vector<component> ops_;
  std::size_t base_length_ = 0;
  std::size_t target_length_ = 0;
};

// Debug form, also used by GoogleTest: "[retain 3, insert \"ab\", delete 2]".
std::ostream& operator<<(std::ostream& os, const text_operation& op);

}  // namespace huiwu::ot
