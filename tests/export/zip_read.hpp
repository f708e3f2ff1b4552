// A minimal ZIP reader for tests: walks the local headers of an archive written by
// followup::zip_writer (no data descriptors, no ZIP64) and inflates each entry with zlib.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <map>
#include <string>

namespace huiwu::test {

inline std::uint32_t zip_u32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

inline std::uint16_t zip_u16(const std::string& s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) |
                                    (static_cast<unsigned char>(s[at + 1]) << 8));
}

// Entry name -> content; an entry that does not inflate maps to "<corrupt>".
inline std::map<std::string, std::string> unzip(const std::string& zip) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  while (at + 30 <= zip.size() && zip_u32(zip, at) == 0x04034b50) {
    const auto method = zip_u16(zip, at + 8);
    const auto csize = zip_u32(zip, at + 18), size = zip_u32(zip, at + 22);
    const auto name_len = zip_u16(zip, at + 26), extra_len = zip_u16(zip, at + 28);
    const std::string name = zip.substr(at + 30, name_len);
    std::string data = zip.substr(at + 30 + name_len + extra_len, csize);
    std::string plain(size, '\0');
    if (method == 0) {
      plain = data;
    } else {
      z_stream z{};
      inflateInit2(&z, -15);
      z.next_in = reinterpret_cast<Bytef*>(data.data());
      z.avail_in = static_cast<uInt>(data.size());
      z.next_out = reinterpret_cast<Bytef*>(plain.data());
      z.avail_out = static_cast<uInt>(plain.size());
      if (inflate(&z, Z_FINISH) != Z_STREAM_END) plain = "<corrupt>";
      inflateEnd(&z);
    }
    out[name] = plain;
    at += 30 + name_len + extra_len + csize;
  }
  return out;
}

}  // namespace huiwu::test
