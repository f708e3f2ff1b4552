// Small text helpers shared by the workflow (checking texts) and the exports (column
// widths). The UTF-8 codec itself is base/utf8.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace huiwu::followup {

// Without leading and trailing ASCII white space and ideographic spaces (U+3000): what is
// left is what a person actually typed.
std::string_view trim(std::string_view s);

// Columns the text takes in a spreadsheet: East Asian wide and fullwidth characters and
// emoji count two, others one (a heuristic for column widths, not for layout).
std::size_t display_width(std::string_view s);

}  // namespace huiwu::followup
