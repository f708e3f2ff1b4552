// Error values of the OT core. Every fallible function of huiwu_ot returns a
// result<T> (see result.hpp) carrying one of these codes instead of throwing, so
// a room can turn a bad client operation into an error reply with one `fail`.
#pragma once

#include <string_view>
#include <system_error>

namespace huiwu::ot {

enum class errc {
  // Zero is reserved for "no error", as std::error_code expects.
  base_length_mismatch = 1,  // compose: a.target != b.base; transform: a.base != b.base
  document_length_mismatch,  // apply/invert: the document is not base_length code points
  invalid_utf8,              // an insert (or the document) is not well-formed UTF-8
  zero_length_component,     // a parsed retain/delete of 0 or an empty insert
  insert_too_large,          // more inserted code points than limits::max_insert_code_points
  too_many_components,       // more components than limits::max_components
  count_out_of_range,        // a retain/delete count that is negative, fractional or > 2^32-1
  malformed,                 // not an operation at all (bad JSON, unset oneof, wrong type)
  nothing_in_flight,         // client: an ack arrived while no operation was outstanding
};

const std::error_category& ot_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

// Stable snake_case name of a code ("base_length_mismatch"): the shared test vectors
// and the JavaScript OTError.code use the same names.
std::string_view errc_name(errc e) noexcept;

}  // namespace huiwu::ot

template <>
struct std::is_error_code_enum<huiwu::ot::errc> : std::true_type {};
