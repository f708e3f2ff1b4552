// XLSX (Office Open XML SpreadsheetML, ECMA-376) written by hand: one worksheet with
// inline strings, numbers and dates, a bold and frozen header row and column widths
// fitted to the text. The package holds only the parts Excel, LibreOffice and common
// readers need: [Content_Types].xml, _rels/.rels, xl/workbook.xml,
// xl/_rels/workbook.xml.rels, xl/styles.xml, xl/worksheets/sheet1.xml.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "followup/export_table.hpp"
#include "followup/result.hpp"
#include "followup/zip_writer.hpp"

namespace huiwu::followup {

// Excel's own limits; a table over them is refused rather than written as a file Excel
// would "repair".
inline constexpr std::size_t xlsx_max_rows = 1'048'576;  // header included
inline constexpr std::size_t xlsx_max_columns = 16'384;
inline constexpr std::size_t xlsx_max_cell_chars = 32'767;  // UTF-16 code units

struct xlsx_options {
  bool bold_header = true;
  bool freeze_header = true;
  bool fit_columns = true;
  zip_writer::method method = zip_writer::method::deflated;
};

// The .xlsx bytes, or why the table cannot be written. Text that XML 1.0 cannot carry
// (control characters) is written with ECMA-376's _xHHHH_ escape, which Excel decodes;
// invalid UTF-8 becomes U+FFFD; NaN and infinities are written as text. Dates before
// 1900-03-01 (where Excel's serial numbers are wrong) are written as "YYYY-MM-DD" text.
// An empty text is written as a blank cell, as spreadsheets do.
result<std::string> to_xlsx(const export_table& table, const xlsx_options& options = {});

// Exposed for tests.
std::string column_name(std::size_t index);            // 0 → "A", 25 → "Z", 26 → "AA"
std::string xml_cell_text(std::string_view s);         // escaped text content of a <t>
std::string xlsx_sheet_name(std::string_view wanted);  // Excel's sheet-name rules
std::optional<std::int64_t> excel_serial(const civil_date& d);  // days since 1899-12-30

}  // namespace huiwu::followup
