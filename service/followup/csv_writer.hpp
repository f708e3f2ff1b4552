// CSV per RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a quote, CR or
// LF, quotes doubled), UTF-8 with a byte order mark so that Excel opens Chinese text
// correctly (without it Excel guesses GBK on a Chinese Windows).
#pragma once

#include <string>

#include "followup/export_table.hpp"

namespace huiwu::followup {

struct csv_options {
  bool byte_order_mark = true;
  // Spreadsheets run a text field starting with = + - @ (or a tab / CR) as a formula (CSV
  // injection). On: such text cells get a leading apostrophe, which Excel and LibreOffice
  // show as text and hide. Off: text round-trips byte for byte.
  bool neutralize_formulas = true;
};

// Every record gets as many fields as the widest row or the header; missing cells are
// empty. Invalid UTF-8 in text is replaced by U+FFFD.
std::string to_csv(const export_table& table, const csv_options& options = {});

// The shortest decimal that reads back as exactly `v` ("0.1", "1e+21", "-3"); "NaN",
// "Infinity" or "-Infinity" for the non-finite values.
std::string format_number(double v);

// `s` with every malformed UTF-8 sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);

}  // namespace huiwu::followup
