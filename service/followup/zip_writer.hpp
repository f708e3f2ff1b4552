// A minimal ZIP (PKWARE APPNOTE 6.3) writer, enough for an OOXML package: entries are
// stored or deflated (zlib, raw deflate), names are UTF-8, no ZIP64, no encryption, no
// data descriptors. The output is deterministic: every entry carries the same fixed
// modification time, so the same input gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "followup/result.hpp"

namespace huiwu::followup {

class zip_writer {
 public:
  enum class method : std::uint16_t { stored = 0, deflated = 8 };

  // Adds an entry. Fails (and adds nothing) when the archive would need ZIP64 (an entry
  // or the archive over 4 GiB, more than 65535 entries), the name is empty, too long or
  // repeated, or zlib fails.
  result<void> add(std::string_view name, std::string_view data, method how = method::deflated);

  // The archive: local headers and data, the central directory, the end record.
  std::string finish() const;

 private:
  struct entry {
    std::string name;
    std::uint32_t crc = 0;
    std::uint32_t compressed_size = 0;
    std::uint32_t size = 0;
    std::uint32_t offset = 0;
    method how = method::stored;
  };
  std::string body_;  // local headers and data, in order
  std::vector<entry> entries_;
};

// Raw deflate (no zlib header) at the best compression; empty on failure.
std::string deflate_raw(std::string_view data);

}  // namespace huiwu::followup
