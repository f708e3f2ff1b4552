#include "followup/csv_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "base/utf8.hpp"
#include "followup/text_util.hpp"

namespace huiwu::followup {
namespace {

void append_field(std::string& out, std::string_view text, bool neutralize) {
  std::string value = sanitize_utf8(text);
  if (neutralize && !value.empty() &&
      std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    if (utf8::decode(s, pos)) {
      out.append(s.substr(start, pos - start));
    } else {
      out += "\xEF\xBF\xBD";
      pos = start + 1;
    }
  }
  return out;
}

std::string to_csv(const export_table& table, const csv_options& options) {
  std::size_t width = table.header.size();
  for (const auto& row : table.rows) width = std::max(width, row.size());
  std::string out;
  if (options.byte_order_mark) out += "\xEF\xBB\xBF";
  auto end_record = [&] { out += "\r\n"; };
  if (!table.header.empty()) {
    for (std::size_t i = 0; i < width; ++i) {
      if (i > 0) out += ',';
      if (i < table.header.size()) append_field(out, table.header[i], options.neutralize_formulas);
    }
    end_record();
  }
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < width; ++i) {
      if (i > 0) out += ',';
      if (i >= row.size()) continue;
      const cell& c = row[i];
      if (const auto* s = std::get_if<std::string>(&c)) {
        append_field(out, *s, options.neutralize_formulas);
      } else if (const auto* n = std::get_if<double>(&c)) {
        out += format_number(*n);  // never quoted: no comma, quote or line break
      } else if (const auto* d = std::get_if<civil_date>(&c)) {
        out += format_date(*d);
      }
    }
    end_record();
  }
  return out;
}

}  // namespace huiwu::followup
