#include "followup/xlsx_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/utf8.hpp"
#include "followup/csv_writer.hpp"
#include "followup/opc_package.hpp"
#include "followup/text_util.hpp"

namespace huiwu::followup {
namespace {

constexpr std::string_view ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view ns_rel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Style indexes into cellXfs (styles_xml below).
constexpr int style_bold = 1;
constexpr int style_date = 2;
constexpr int style_wrap = 3;

std::string xml_attribute(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string workbook_xml(std::string_view sheet_name) {
  return std::string(xml_declaration) + R"(<workbook xmlns=")" + std::string(ns_main) +
         R"(" xmlns:r=")" + std::string(ns_rel) + R"("><sheets><sheet name=")" +
         xml_attribute(sheet_name) + R"(" sheetId="1" r:id="rId1"/></sheets></workbook>)";
}

// Excel insists on the two default fills (none, gray125) and a Normal cell style.
std::string styles_xml() {
  constexpr std::string_view font = R"(<sz val="11"/><name val="Calibri"/><family val="2"/>)";
  return std::string(xml_declaration) + R"(<styleSheet xmlns=")" + std::string(ns_main) + R"(">)" +
         R"(<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>)" +
         R"(<fonts count="2"><font>)" + std::string(font) + R"(</font><font><b/>)" +
         std::string(font) + R"(</font></fonts>)" +
         R"(<fills count="2"><fill><patternFill patternType="none"/></fill>)"
         R"(<fill><patternFill patternType="gray125"/></fill></fills>)"
         R"(<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>)"
         R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>)"
         R"(<cellXfs count="4">)"
         R"(<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
         R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>)"
         R"(<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>)"
         R"(<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">)"
         R"(<alignment wrapText="1" vertical="top"/></xf></cellXfs>)"
         R"(<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
         R"(</styleSheet>)";
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto cp = utf8::decode(s, pos);
    if (!cp) ++pos;
    n += cp && *cp > 0xFFFF ? 2 : 1;
  }
  return n;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string hex_escape(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "_x%04X_", static_cast<unsigned>(cp));
  return buf;
}

// The widest line of the cell's text, in display columns.
std::size_t widest_line(std::string_view s) {
  std::size_t best = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    best = std::max(best, display_width(s.substr(start, end - start)));
    start = end + 1;
  }
  return best;
}

// Writes the rows of sheetData; each row's cells are collected first so that the row can
// be given the height its longest multi-line text needs (readers do not all fit it).
struct sheet_writer {
  std::string data;
  std::vector<std::size_t> widths;
  std::string cells;
  std::size_t lines = 1;

  void text(const std::string& ref, std::size_t col, std::string_view s, int style) {
    const auto breaks = static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
    if (style == 0 && breaks > 0) style = style_wrap;
    lines = std::max(lines, breaks + 1);
    cells += "<c r=\"" + ref + "\"";
    if (style != 0) cells += " s=\"" + std::to_string(style) + "\"";
    cells += R"( t="inlineStr"><is><t xml:space="preserve">)" + xml_cell_text(s) + "</t></is></c>";
    widths[col] = std::max(widths[col], widest_line(s));
  }
  void number(const std::string& ref, std::size_t col, std::string_view v, int style) {
    cells += "<c r=\"" + ref + "\"";
    if (style != 0) cells += " s=\"" + std::to_string(style) + "\"";
    cells += "><v>" + std::string(v) + "</v></c>";
    widths[col] = std::max(widths[col], v.size());
  }
  void end_row(std::size_t r) {
    data += "<row r=\"" + std::to_string(r) + "\"";
    if (lines > 1) {
      // 15 points a line at 11-point Calibri; Excel's limit is 409 points.
      data += " ht=\"" + std::to_string(15 * std::min<std::size_t>(lines, 27)) +
              "\" customHeight=\"1\"";
    }
    data += ">" + cells + "</row>";
    cells.clear();
    lines = 1;
  }
};

}  // namespace

std::string column_name(std::size_t index) {
  std::string name;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::string xml_cell_text(std::string_view raw) {
  const std::string s = sanitize_utf8(raw);
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    const char32_t cp = *utf8::decode(s, pos);  // sanitized: always decodes
    if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '\r') {
      out += "&#13;";  // a literal CR would be normalized away by every XML parser
    } else if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE || cp == 0xFFFF) {
      out += hex_escape(cp);  // not allowed in XML 1.0 at all
    } else if (cp == '_' && s.size() - start >= 7 && s[start + 1] == 'x' && is_hex(s[start + 2]) &&
               is_hex(s[start + 3]) && is_hex(s[start + 4]) && is_hex(s[start + 5]) &&
               s[start + 6] == '_') {
      out += "_x005F_";  // a literal "_xHHHH_" must not be read as an escape
    } else {
      out.append(s, start, pos - start);
    }
  }
  return out;
}

std::string xlsx_sheet_name(std::string_view wanted) {
  std::string name;
  std::size_t units = 0;
  const std::string s = sanitize_utf8(wanted);
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    const char32_t cp = *utf8::decode(s, pos);
    const std::size_t need = cp > 0xFFFF ? 2 : 1;
    if (units + need > 31) break;
    units += need;
    if (cp < 0x20 || std::u32string_view(U"[]:*?/\\").find(cp) != std::u32string_view::npos) {
      name += '_';
    } else {
      name.append(s, start, pos - start);
    }
  }
  while (!name.empty() && name.front() == '\'') name.erase(name.begin());
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) return "Sheet1";
  if (name == "History" || name == "history") name += '_';  // reserved by Excel
  return name;
}

std::optional<std::int64_t> excel_serial(const civil_date& d) {
  // Excel counts 1900-02-29, which never was, so serials before March 1900 are off by one.
  if (!valid(d) || d < civil_date{1900, 3, 1}) return std::nullopt;
  return days_between(civil_date{1899, 12, 30}, d);
}

result<std::string> to_xlsx(const export_table& table, const xlsx_options& options) {
  const bool has_header = !table.header.empty();
  std::size_t width = table.header.size();
  for (const auto& row : table.rows) width = std::max(width, row.size());
  const std::size_t row_count = table.rows.size() + (has_header ? 1 : 0);
  if (row_count > xlsx_max_rows) return reject(rejection_code::too_large, "too many rows for XLSX");
  if (width > xlsx_max_columns)
    return reject(rejection_code::too_large, "too many columns for XLSX");

  sheet_writer w;
  w.widths.assign(width, 0);
  std::size_t r = 0;
  if (has_header) {
    ++r;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      if (utf16_length(table.header[c]) > xlsx_max_cell_chars) {
        return reject(rejection_code::too_large,
                      "header cell " + column_name(c) + " is over 32767 characters");
      }
      w.text(column_name(c) + "1", c, table.header[c], options.bold_header ? style_bold : 0);
    }
    w.end_row(r);
  }
  for (const auto& row : table.rows) {
    ++r;
    const std::string rn = std::to_string(r);
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string ref = column_name(c) + rn;
      const cell& v = row[c];
      if (const auto* s = std::get_if<std::string>(&v)) {
        if (utf16_length(*s) > xlsx_max_cell_chars) {
          return reject(rejection_code::too_large, "cell " + ref + " is over 32767 characters");
        }
        if (!s->empty()) w.text(ref, c, *s, 0);  // "" is a blank cell in a spreadsheet
      } else if (const auto* n = std::get_if<double>(&v)) {
        if (std::isfinite(*n)) {
          w.number(ref, c, format_number(*n), 0);
        } else {
          w.text(ref, c, format_number(*n), 0);
        }
      } else if (const auto* d = std::get_if<civil_date>(&v)) {
        if (const auto serial = excel_serial(*d)) {
          w.number(ref, c, std::to_string(*serial), style_date);
          w.widths[c] = std::max<std::size_t>(w.widths[c], 10);
        } else {
          w.text(ref, c, format_date(*d), 0);
        }
      }
    }
    w.end_row(r);
  }

  std::string sheet = std::string(xml_declaration) + R"(<worksheet xmlns=")" +
                      std::string(ns_main) + R"(" xmlns:r=")" + std::string(ns_rel) + R"(">)";
  const std::string last =
      width == 0 || row_count == 0 ? "A1" : column_name(width - 1) + std::to_string(row_count);
  sheet += "<dimension ref=\"" + (last == "A1" ? last : "A1:" + last) + "\"/>";
  if (has_header && options.freeze_header) {
    sheet += R"(<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2")"
             R"( activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>)";
  }
  sheet += R"(<sheetFormatPr defaultRowHeight="15"/>)";
  if (options.fit_columns && width > 0) {
    sheet += "<cols>";
    for (std::size_t c = 0; c < width; ++c) {
      const std::size_t chars = std::clamp<std::size_t>(w.widths[c] + 2, 8, 60);
      const std::string n = std::to_string(c + 1);
      sheet.append("<col min=\"").append(n).append("\" max=\"").append(n);
      sheet.append("\" width=\"").append(std::to_string(chars)).append("\" customWidth=\"1\"/>");
    }
    sheet += "</cols>";
  }
  sheet += "<sheetData>" + w.data + "</sheetData></worksheet>";

  const std::string sml = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
  opc_package pkg;
  pkg.add("xl/workbook.xml", sml + "sheet.main+xml",
          workbook_xml(xlsx_sheet_name(table.sheet_name)));
  pkg.add("xl/styles.xml", sml + "styles+xml", styles_xml());
  pkg.add("xl/worksheets/sheet1.xml", sml + "worksheet+xml", std::move(sheet));
  pkg.relate("", relationship_type("officeDocument"), "xl/workbook.xml");
  pkg.relate("xl/workbook.xml", relationship_type("worksheet"), "worksheets/sheet1.xml");
  pkg.relate("xl/workbook.xml", relationship_type("styles"), "styles.xml");
  return pkg.write(options.method);
}

}  // namespace huiwu::followup
