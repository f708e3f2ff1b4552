#include "followup/xlsx_writer.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <map>

#include "sample_table.hpp"

namespace huiwu::followup {
namespace {

std::uint32_t le(std::string_view b, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::string inflate_raw(std::string_view data, std::size_t size) {
  std::string out(size, '\0');
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, -15), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  EXPECT_EQ(zs.total_out, size);
  inflateEnd(&zs);
  return out;
}

// Reads a ZIP from its end record, checking what the writer promises: central and local
// headers agree, sizes and CRCs are right, names are flagged UTF-8.
std::map<std::string, std::string> unzip(std::string_view zip) {
  std::map<std::string, std::string> files;
  EXPECT_GE(zip.size(), 22u);
  const std::size_t end = zip.size() - 22;
  EXPECT_EQ(le(zip, end, 4), 0x06054b50u);
  const std::size_t count = le(zip, end + 10, 2);
  std::size_t at = le(zip, end + 16, 4);
  EXPECT_EQ(at + le(zip, end + 12, 4), end);
  for (std::size_t i = 0; i < count; ++i) {
    EXPECT_EQ(le(zip, at, 4), 0x02014b50u);
    const auto method = le(zip, at + 10, 2);
    const auto crc = le(zip, at + 16, 4);
    const auto csize = le(zip, at + 20, 4);
    const auto size = le(zip, at + 24, 4);
    const auto name_len = le(zip, at + 28, 2);
    const auto offset = le(zip, at + 42, 4);
    EXPECT_EQ(le(zip, at + 8, 2) & (1u << 11), 1u << 11);
    const std::string name(zip.substr(at + 46, name_len));
    at += 46 + name_len + le(zip, at + 30, 2) + le(zip, at + 32, 2);

    EXPECT_EQ(le(zip, offset, 4), 0x04034b50u) << name;
    EXPECT_EQ(le(zip, offset + 14, 4), crc) << name;
    EXPECT_EQ(le(zip, offset + 18, 4), csize) << name;
    EXPECT_EQ(le(zip, offset + 26, 2), name_len) << name;
    const std::size_t data_at = offset + 30 + name_len + le(zip, offset + 28, 2);
    const std::string_view packed = zip.substr(data_at, csize);
    std::string data = method == 8 ? inflate_raw(packed, size) : std::string(packed);
    EXPECT_TRUE(method == 0 || method == 8);
    EXPECT_EQ(data.size(), size);
    EXPECT_EQ(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())),
              crc)
        << name;
    files[name] = std::move(data);
  }
  return files;
}

TEST(Zip, StoredAndDeflatedEntriesReadBack) {
  zip_writer z;
  ASSERT_TRUE(z.add("a.txt", "hello hello hello hello", zip_writer::method::deflated));
  ASSERT_TRUE(z.add("目录/b.txt", "stored 中文", zip_writer::method::stored));
  ASSERT_TRUE(z.add("empty", "", zip_writer::method::deflated));
  EXPECT_FALSE(z.add("a.txt", "again"));
  EXPECT_FALSE(z.add("", "x"));
  const std::string bytes = z.finish();
  const auto files = unzip(bytes);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files.at("a.txt"), "hello hello hello hello");
  EXPECT_EQ(files.at("目录/b.txt"), "stored 中文");
  EXPECT_EQ(files.at("empty"), "");
  EXPECT_EQ(z.finish(), bytes);  // deterministic
}

TEST(Xlsx, PackageHoldsTheMinimalPartsAndTheCells) {
  const auto x = to_xlsx(testing::sample_table());
  ASSERT_TRUE(x) << x.error().message;
  const auto files = unzip(*x);
  for (const char* part :
       {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "xl/styles.xml", "xl/worksheets/sheet1.xml"}) {
    ASSERT_TRUE(files.contains(part)) << part;
    EXPECT_TRUE(files.at(part).starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"")) << part;
  }
  EXPECT_NE(files.at("xl/workbook.xml").find("name=\"督办事项 2024_Q2\""), std::string::npos);
  const std::string& sheet = files.at("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<dimension ref=\"A1:G9\"/>"), std::string::npos);
  EXPECT_NE(sheet.find(R"(<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">序号</t>)"),
            std::string::npos);
  EXPECT_NE(sheet.find(R"(<c r="D3" s="2"><v>45351</v></c>)"), std::string::npos);  // 2024-02-29
  EXPECT_NE(sheet.find(R"(<c r="D5" s="2"><v>61</v></c>)"), std::string::npos);     // 1900-03-01
  EXPECT_NE(sheet.find(R"(<c r="F7"><v>123456789012</v></c>)"), std::string::npos);
  EXPECT_NE(sheet.find("a&#13;\nb"), std::string::npos);
  EXPECT_NE(sheet.find(R"(<row r="4" ht="45" customHeight="1">)"), std::string::npos);  // 3 lines
  EXPECT_NE(sheet.find(R"(<row r="5">)"), std::string::npos);
  EXPECT_NE(sheet.find("&lt;b&gt;&amp;amp;&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(sheet.find("C6"), std::string::npos);  // empty cells are not written
  EXPECT_NE(sheet.find(R"(state="frozen")"), std::string::npos);
  // Column B's widest text is 23 wide (CJK) and 5 narrow characters: 49 columns, plus 2.
  EXPECT_NE(sheet.find(R"(<col min="2" max="2" width="51" customWidth="1"/>)"), std::string::npos);
  EXPECT_NE(sheet.find(R"(<col min="1" max="1" width="8" customWidth="1"/>)"), std::string::npos);
}

TEST(Xlsx, TextEscapes) {
  EXPECT_EQ(xml_cell_text("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d\"e'f");
  EXPECT_EQ(xml_cell_text("tab\tlf\ncr\r"), "tab\tlf\ncr&#13;");
  EXPECT_EQ(xml_cell_text(std::string("nul\0bell\a", 9)), "nul_x0000_bell_x0007_");
  EXPECT_EQ(xml_cell_text("_x0041_ and _x12_ and _xABCD_"),
            "_x005F_x0041_ and _x12_ and _x005F_xABCD_");
  EXPECT_EQ(xml_cell_text("\xEF\xBF\xBF"), "_xFFFF_");
  EXPECT_EQ(xml_cell_text("bad\xC3("), "bad\xEF\xBF\xBD(");
  EXPECT_EQ(xml_cell_text("𠮷👍🏽"), "𠮷👍🏽");
}

TEST(Xlsx, NamesSerialsAndLimits) {
  EXPECT_EQ(column_name(0), "A");
  EXPECT_EQ(column_name(25), "Z");
  EXPECT_EQ(column_name(26), "AA");
  EXPECT_EQ(column_name(701), "ZZ");
  EXPECT_EQ(column_name(702), "AAA");
  EXPECT_EQ(column_name(16383), "XFD");
  EXPECT_EQ(xlsx_sheet_name("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(xlsx_sheet_name("''"), "Sheet1");
  EXPECT_EQ(xlsx_sheet_name("History"), "History_");
  EXPECT_EQ(xlsx_sheet_name(std::string(40, 'x')), std::string(31, 'x'));
  EXPECT_EQ(xlsx_sheet_name("督办事项督办事项督办事项督办事项督办事项督办事项督办事项督办事项"),
            "督办事项督办事项督办事项督办事项督办事项督办事项督办事项督办事");
  EXPECT_EQ(excel_serial({1899, 12, 31}), std::nullopt);
  EXPECT_EQ(excel_serial({1900, 3, 1}), 61);
  EXPECT_EQ(excel_serial({2024, 1, 1}), 45292);

  export_table wide;
  wide.header.assign(xlsx_max_columns + 1, "h");
  EXPECT_FALSE(to_xlsx(wide));
  export_table long_text;
  long_text.rows = {{std::string(xlsx_max_cell_chars + 1, 'x')}};
  EXPECT_FALSE(to_xlsx(long_text));
  long_text.rows = {{std::string(xlsx_max_cell_chars, 'x')}};
  EXPECT_TRUE(to_xlsx(long_text));

  export_table odd;
  odd.rows = {{std::numeric_limits<double>::infinity(), civil_date{1900, 1, 1}}};
  const auto x = to_xlsx(odd);
  ASSERT_TRUE(x);
  const std::string sheet = unzip(*x).at("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find(">Infinity</t>"), std::string::npos);
  EXPECT_NE(sheet.find(">1900-01-01</t>"), std::string::npos);
  EXPECT_EQ(sheet.find("sheetViews"), std::string::npos);  // no header, nothing to freeze
}

}  // namespace
}  // namespace huiwu::followup
