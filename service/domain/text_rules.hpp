#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "domain/rejection.hpp"

namespace huiwu::domain {

// Rules every user-supplied string obeys. Lengths count Unicode code points, the unit a
// person sees, so a 200-character Chinese title is as long as a 200-letter English one.
enum class text_kind {
  single_line,  // titles, names: no control characters at all
  multi_line,   // notes, descriptions: newline and tab allowed
};

struct text_rule {
  text_kind kind = text_kind::single_line;
  std::size_t max_code_points = 200;
  bool required = false;  // must contain something other than white space
};

// Number of code points in valid UTF-8, or nullopt when the bytes are not valid UTF-8
// (overlong forms, surrogates and values above U+10FFFF are invalid too).
std::optional<std::size_t> utf8_length(std::string_view s);

// nullopt when `value` satisfies `rule`; otherwise an INVALID_FIELD or TOO_LARGE rejection
// naming `field`.
maybe_rejection check_text(std::string_view value, const text_rule& rule, std::string_view field);

}  // namespace huiwu::domain
