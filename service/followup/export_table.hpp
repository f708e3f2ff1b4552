// What the exports take: a header row and rows of typed cells. The board (or any filtered
// view of it) is turned into this by the caller; csv_writer and xlsx_writer write it.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "followup/civil_date.hpp"

namespace huiwu::followup {

struct empty_cell {
  friend bool operator==(empty_cell, empty_cell) = default;
};

// Text is UTF-8; a number is written in its shortest exact decimal form; a date is a
// calendar date (a spreadsheet date in XLSX, "YYYY-MM-DD" in CSV).
using cell = std::variant<empty_cell, std::string, double, civil_date>;

struct export_table {
  std::string sheet_name = "督办事项";  // XLSX only; sanitized to Excel's rules
  std::vector<std::string> header;
  std::vector<std::vector<cell>> rows;
};

}  // namespace huiwu::followup
