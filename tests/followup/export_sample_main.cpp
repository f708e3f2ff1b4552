// huiwu_followup_export_sample OUT_DIR: writes sample.xlsx, sample.csv and
// sample-expected.json (the same table as JSON, written by Boost.JSON) so that an
// independent reader (tests/followup/xlsx-readback.test.mjs, exceljs) can check every
// cell.
#include <boost/json.hpp>

#include <fstream>
#include <iostream>

#include "followup/csv_writer.hpp"
#include "followup/xlsx_writer.hpp"
#include "sample_table.hpp"

namespace fu = huiwu::followup;

namespace {

boost::json::value cell_json(const fu::cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return {{"t", "s"}, {"v", *s}};
  if (const auto* n = std::get_if<double>(&c)) return {{"t", "n"}, {"v", *n}};
  if (const auto* d = std::get_if<fu::civil_date>(&c)) {
    return {{"t", "d"}, {"v", fu::format_date(*d)}};
  }
  return {{"t", "e"}};
}

bool write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: huiwu_followup_export_sample OUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  const fu::export_table table = huiwu::followup::testing::sample_table();
  auto xlsx = fu::to_xlsx(table);
  if (!xlsx) {
    std::cerr << "xlsx: " << xlsx.error().message << "\n";
    return 1;
  }
  boost::json::object expected;
  expected["sheet_name"] = fu::xlsx_sheet_name(table.sheet_name);
  boost::json::array header;
  for (const auto& h : table.header) header.emplace_back(h);
  expected["header"] = std::move(header);
  boost::json::array rows;
  for (const auto& row : table.rows) {
    boost::json::array cells;
    for (const auto& c : row) cells.push_back(cell_json(c));
    rows.push_back(std::move(cells));
  }
  expected["rows"] = std::move(rows);
  const bool ok = write(dir + "/sample.xlsx", *xlsx) &&
                  write(dir + "/sample.csv", fu::to_csv(table)) &&
                  write(dir + "/sample-expected.json", boost::json::serialize(expected));
  if (!ok) {
    std::cerr << "cannot write into " << dir << "\n";
    return 1;
  }
  std::cout << dir << "/sample.xlsx\n";
  return 0;
}
