#include "followup/csv_writer.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "sample_table.hpp"

namespace huiwu::followup {
namespace {

// A strict RFC 4180 reader, written for the test: fields separated by commas, records by
// CRLF, quoted fields may hold anything with quotes doubled; a bare quote inside an
// unquoted field, a stray LF or a character after a closing quote fails the test.
std::vector<std::vector<std::string>> parse_rfc4180(std::string_view in) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  while (i < in.size()) {
    if (in[i] == '"') {
      ++i;
      for (;;) {
        if (i >= in.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return records;
        }
        if (in[i] == '"') {
          if (i + 1 < in.size() && in[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += in[i++];
      }
    } else {
      while (i < in.size() && in[i] != ',' && in[i] != '\r') {
        EXPECT_NE(in[i], '"') << "bare quote at " << i;
        EXPECT_NE(in[i], '\n') << "bare LF at " << i;
        field += in[i++];
      }
    }
    record.push_back(std::move(field));
    field.clear();
    if (i < in.size() && in[i] == ',') {
      ++i;
      continue;
    }
    if (!(i + 1 < in.size() && in[i] == '\r' && in[i + 1] == '\n')) {
      ADD_FAILURE() << "expected CRLF at " << i;
      return records;
    }
    i += 2;
    records.push_back(std::move(record));
    record.clear();
  }
  return records;
}

std::string expected_text(const cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* n = std::get_if<double>(&c)) return format_number(*n);
  if (const auto* d = std::get_if<civil_date>(&c)) return format_date(*d);
  return "";
}

TEST(Csv, SampleRoundTripsExactlyWithoutFormulaGuard) {
  const export_table t = testing::sample_table();
  const std::string csv = to_csv(t, csv_options{true, false});
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  const auto records = parse_rfc4180(std::string_view(csv).substr(3));
  ASSERT_EQ(records.size(), t.rows.size() + 1);
  EXPECT_EQ(records[0], t.header);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    ASSERT_EQ(records[r + 1].size(), t.header.size()) << r;
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      EXPECT_EQ(records[r + 1][c], expected_text(t.rows[r][c])) << "row " << r << " col " << c;
    }
  }
}

TEST(Csv, FormulaGuardPrefixesAnApostrophe) {
  export_table t;
  t.header = {"a", "b", "c", "d", "e"};
  t.rows = {
      {std::string("=1+1"), std::string("+86 10"), std::string("-x"), std::string("@a"), -5.0}};
  const auto records = parse_rfc4180(std::string_view(to_csv(t)).substr(3));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1], (std::vector<std::string>{"'=1+1", "'+86 10", "'-x", "'@a", "-5"}));
}

TEST(Csv, ShapeAndEdgeCases) {
  export_table t;
  t.header = {"h1", "h2"};
  t.rows = {{std::string("only one")}, {std::string("x"), std::string("y"), std::string("z")}};
  const std::string csv = to_csv(t, csv_options{false, false});
  EXPECT_EQ(csv, "h1,h2,\r\nonly one,,\r\nx,y,z\r\n");  // padded to the widest row

  export_table bad;
  bad.header = {"\xFF\xFEok"};
  EXPECT_EQ(to_csv(bad, csv_options{false, false}), "\xEF\xBF\xBD\xEF\xBF\xBDok\r\n");
  EXPECT_EQ(to_csv(export_table{}, csv_options{true, false}), "\xEF\xBB\xBF");

  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-3), "-3");
  EXPECT_EQ(format_number(123456789012.0), "123456789012");
  EXPECT_EQ(format_number(1e21), "1e+21");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-Infinity");
}

}  // namespace
}  // namespace huiwu::followup
