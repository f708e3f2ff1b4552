#include "materials/sniff.hpp"

#include <zlib.h>

#include <cstdint>
#include <optional>

namespace huiwu::materials {
namespace {

std::uint32_t u16(std::string_view b, std::size_t at) {
  return static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t u32(std::string_view b, std::size_t at) {
  return u16(b, at) | (u16(b, at + 2) << 16);
}

constexpr std::size_t max_content_types_bytes = 1 << 20;

// The bytes of one member of a ZIP archive, found through the central directory; nullopt
// when the archive is malformed or the member is missing, encrypted or too large.
std::optional<std::string> zip_member(std::string_view zip, std::string_view name) {
  // End of central directory: at most 64 KiB of comment after it.
  if (zip.size() < 22) return std::nullopt;
  std::size_t eocd = std::string_view::npos;
  const std::size_t lowest = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  for (std::size_t i = zip.size() - 22 + 1; i-- > lowest;) {
    if (u32(zip, i) == 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string_view::npos) return std::nullopt;
  const std::size_t entries = u16(zip, eocd + 10);
  std::size_t at = u32(zip, eocd + 16);
  for (std::size_t n = 0; n < entries; ++n) {
    if (at + 46 > zip.size() || u32(zip, at) != 0x02014b50) return std::nullopt;
    const auto flags = u16(zip, at + 8), method = u16(zip, at + 10);
    const std::size_t csize = u32(zip, at + 20), usize = u32(zip, at + 24);
    const std::size_t nlen = u16(zip, at + 28), xlen = u16(zip, at + 30), clen = u16(zip, at + 32);
    const std::size_t local = u32(zip, at + 42);
    if (at + 46 + nlen > zip.size()) return std::nullopt;
    if (zip.substr(at + 46, nlen) == name) {
      if ((flags & 1) || usize > max_content_types_bytes) return std::nullopt;
      if (local + 30 > zip.size() || u32(zip, local) != 0x04034b50) return std::nullopt;
      const std::size_t data = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
      if (data > zip.size() || csize > zip.size() - data) return std::nullopt;
      const auto packed = zip.substr(data, csize);
      if (method == 0) return std::string(packed);
      if (method != 8) return std::nullopt;
      std::string out(usize, '\0');
      z_stream z{};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return std::nullopt;
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
      z.avail_in = static_cast<uInt>(packed.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (rc != Z_STREAM_END || z.total_out != usize) return std::nullopt;
      return out;
    }
    at += 46 + nlen + xlen + clen;
  }
  return std::nullopt;
}

std::string ooxml_type(std::string_view zip) {
  const auto types = zip_member(zip, "[Content_Types].xml");
  if (!types) return {};
  auto has = [&](std::string_view s) { return types->find(s) != std::string::npos; };
  const bool docx =
      has("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
  const bool xlsx =
      has("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
  const bool pptx =
      has("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml");
  if (docx + xlsx + pptx != 1) return {};
  return docx ? "docx" : xlsx ? "xlsx" : "pptx";
}

}  // namespace

sniffed describe(std::string_view type) {
  if (type == "pdf") return {"pdf", "application/pdf", ".pdf"};
  if (type == "png") return {"png", "image/png", ".png"};
  if (type == "jpeg") return {"jpeg", "image/jpeg", ".jpg"};
  if (type == "docx") {
    return {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx"};
  }
  if (type == "xlsx") {
    return {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"};
  }
  if (type == "pptx") {
    return {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx"};
  }
  return {};
}

sniffed sniff(std::string_view b) {
  if (b.starts_with("%PDF-")) return describe("pdf");
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return describe("png");
  if (b.starts_with("\xFF\xD8\xFF")) return describe("jpeg");
  if (b.starts_with("PK\x03\x04")) return describe(ooxml_type(b));
  return {};
}

}  // namespace huiwu::materials
