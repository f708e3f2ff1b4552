// Builds a text_operation from untrusted components (JSON, protobuf), one at a time,
// validating each: the only way outside text enters an operation. Both wire forms
// share it, so they reject the same inputs with the same codes, in the same order
// (the JavaScript fromJSON follows the same order; the shared vectors check it):
//   1. more components than limits::max_components      -> too_many_components
//   2. then, component by component, the first failure of
//        a count that is not an integer in [-(2^32-1), 2^32-1] -> count_out_of_range
//        a zero count or an empty insert                       -> zero_length_component
//        an insert that is not valid UTF-8                      -> invalid_utf8
//        inserted code points so far > max_insert_code_points  -> insert_too_large
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "ot/text_operation.hpp"

namespace huiwu::ot {

class checked_builder {
 public:
  // Wire counts are uint32 in the protobuf schema; JSON is held to the same range.
  static constexpr std::uint64_t max_count = 0xFFFFFFFFu;

  explicit checked_builder(const limits& lim) noexcept : limits_(lim) {}

  std::error_code expect_components(std::size_t count) const noexcept;
  std::error_code retain(std::uint64_t n);
  std::error_code erase(std::uint64_t n);
  std::error_code insert(std::string_view utf8, bool continues = false);

  text_operation take() && { return std::move(op_); }

 private:
  static std::error_code check_count(std::uint64_t n) noexcept;

  limits limits_;
  text_operation op_;
  std::size_t inserted_ = 0;
};

}  // namespace huiwu::ot
