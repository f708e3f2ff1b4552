#include "followup/zip_writer.hpp"

#include <zlib.h>

#include <limits>

namespace huiwu::followup {
namespace {

// 1980-01-01 00:00, the earliest DOS date: a fixed time keeps the output reproducible.
constexpr std::uint16_t dos_time = 0;
constexpr std::uint16_t dos_date = (0 << 9) | (1 << 5) | 1;
constexpr std::uint16_t utf8_names = 1 << 11;  // general purpose flag bit 11
constexpr std::uint16_t version_needed = 20;   // 2.0: deflate
constexpr std::uint64_t max_32 = std::numeric_limits<std::uint32_t>::max();

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

std::string deflate_raw(std::string_view data) {
  z_stream zs{};
  // windowBits -15: raw deflate, as ZIP wants it (no zlib header or adler32 trailer).
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(produced);
  return out;
}

result<void> zip_writer::add(std::string_view name, std::string_view data, method how) {
  if (name.empty() || name.size() > 0xFFFF)
    return reject(rejection_code::invalid_field, "bad entry name");
  for (const auto& e : entries_) {
    if (e.name == name)
      return reject(rejection_code::invalid_field, "duplicate entry " + std::string(name));
  }
  if (entries_.size() >= 0xFFFF) return reject(rejection_code::too_large, "too many entries");
  if (data.size() > max_32 || data.size() > std::numeric_limits<uInt>::max()) {
    return reject(rejection_code::too_large,
                  "entry too large for a ZIP without ZIP64: " + std::string(name));
  }
  entry e;
  e.name = std::string(name);
  e.how = how;
  e.size = static_cast<std::uint32_t>(data.size());
  e.crc = static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0),
                                           reinterpret_cast<const Bytef*>(data.data()),
                                           static_cast<uInt>(data.size())));
  std::string packed;
  if (how == method::deflated) {
    packed = deflate_raw(data);
    // Deflate output is never empty, not even for empty input (one final empty block).
    if (packed.empty()) return reject(rejection_code::failed, "deflate failed: " + e.name);
  }
  const std::string_view payload = how == method::deflated ? std::string_view(packed) : data;
  e.compressed_size = static_cast<std::uint32_t>(payload.size());
  if (body_.size() + 30 + name.size() + payload.size() > max_32) {
    return reject(rejection_code::too_large, "archive too large for a ZIP without ZIP64");
  }
  e.offset = static_cast<std::uint32_t>(body_.size());

  put32(body_, 0x04034b50);  // local file header
  put16(body_, version_needed);
  put16(body_, utf8_names);
  put16(body_, static_cast<std::uint16_t>(how));
  put16(body_, dos_time);
  put16(body_, dos_date);
  put32(body_, e.crc);
  put32(body_, e.compressed_size);
  put32(body_, e.size);
  put16(body_, static_cast<std::uint16_t>(name.size()));
  put16(body_, 0);  // extra field length
  body_ += name;
  body_ += payload;
  entries_.push_back(std::move(e));
  return {};
}

std::string zip_writer::finish() const {
  std::string out = body_;
  const auto dir_offset = static_cast<std::uint32_t>(out.size());
  for (const auto& e : entries_) {
    put32(out, 0x02014b50);                 // central directory header
    put16(out, (3 << 8) | version_needed);  // made by: UNIX, 2.0
    put16(out, version_needed);
    put16(out, utf8_names);
    put16(out, static_cast<std::uint16_t>(e.how));
    put16(out, dos_time);
    put16(out, dos_date);
    put32(out, e.crc);
    put32(out, e.compressed_size);
    put32(out, e.size);
    put16(out, static_cast<std::uint16_t>(e.name.size()));
    put16(out, 0);               // extra field length
    put16(out, 0);               // comment length
    put16(out, 0);               // disk number start
    put16(out, 0);               // internal attributes
    put32(out, 0100644u << 16);  // external attributes: a regular file, rw-r--r--
    put32(out, e.offset);
    out += e.name;
  }
  const auto dir_size = static_cast<std::uint32_t>(out.size() - dir_offset);
  put32(out, 0x06054b50);  // end of central directory
  put16(out, 0);           // this disk
  put16(out, 0);           // the disk with the directory
  put16(out, static_cast<std::uint16_t>(entries_.size()));
  put16(out, static_cast<std::uint16_t>(entries_.size()));
  put32(out, dir_size);
  put32(out, dir_offset);
  put16(out, 0);  // comment length
  return out;
}

}  // namespace huiwu::followup
