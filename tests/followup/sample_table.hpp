// The export sample: every kind of cell that has broken an export somewhere — Chinese,
// CJK Extension B, emoji with modifiers, quotes, commas, line breaks (LF and CRLF),
// leading spaces, formula-like text, XML specials, numbers that lose digits when printed
// carelessly, dates on leap days and year ends, empty cells. Shared by the C++ tests and
// huiwu_followup_export_sample (which the node test reads back with exceljs).
#pragma once

#include "followup/export_table.hpp"

namespace huiwu::followup::testing {

export_table sample_table();

}  // namespace huiwu::followup::testing
