// Small UTF-8 helpers shared by the workflow (checking texts) and the exports (escaping).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace huiwu::followup {

// Decodes the code point at `pos` and advances `pos`; nullopt (pos unchanged) on a
// malformed, overlong or surrogate sequence.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& pos);

bool valid_utf8(std::string_view s);

// Without leading and trailing ASCII white space and ideographic spaces (U+3000): what is
// left is what a person actually typed.
std::string_view trim(std::string_view s);

// Columns the text takes in a spreadsheet: East Asian wide and fullwidth characters and
// emoji count two, others one (a heuristic for column widths, not for layout).
std::size_t display_width(std::string_view s);

}  // namespace huiwu::followup
