// The TZif reader (followup::time_zone::from_tzif) and the POSIX TZ rules of its footer
// (followup::parse_posix_tz). The first byte picks the mode: even, the rest is a TZif file;
// odd, the rest is a footer rule, read alone and also wrapped in a minimal TZif v2 file.
// For every zone that reads, at instants from 1900 to 2200 and some taken from the input:
//   - the UTC offset is within ±26 h (what the reader promises to refuse beyond);
//   - the instant lies in its local day: start_of_day_ms(local_date(t)) is at or before t
//     and has that local date. (Not "the next day starts after t": where the clocks go back
//     across midnight, as in America/Santiago, the next date has begun once already.)
// (Deadlines are counted in these days: docs/followup-core.md.)
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "check.hpp"
#include "followup/civil_date.hpp"
#include "followup/posix_tz.hpp"
#include "followup/time_zone.hpp"

namespace fu = huiwu::followup;

namespace {

constexpr std::int64_t max_offset = 26 * 3600;
constexpr std::int64_t y1900 = -2208988800;
constexpr std::int64_t y2200 = 7258118400;

void check_instant(const fu::time_zone& z, std::int64_t t) {
  const auto o = z.offset_at(t);
  HUIWU_FUZZ_CHECK(o >= -max_offset && o <= max_offset);
  const std::int64_t ms = t * 1000;
  const auto d = z.local_date(ms);
  const auto start = z.start_of_day_ms(d);
  HUIWU_FUZZ_CHECK(start <= ms);
  HUIWU_FUZZ_CHECK(z.local_date(start) == d);
}

void check_zone(const fu::time_zone& z, std::string_view input) {
  for (std::int64_t t = y1900; t < y2200; t += 86400 * 397 + 3599) check_instant(z, t);
  // Instants from the input, so that the fuzzer can aim at its own transitions.
  for (std::size_t i = 0; i + 8 <= input.size() && i < 64; i += 8) {
    std::int64_t t;
    std::memcpy(&t, input.data() + i, 8);
    check_instant(z, y1900 + static_cast<std::int64_t>(static_cast<std::uint64_t>(t) %
                                                       static_cast<std::uint64_t>(y2200 - y1900)));
  }
}

void put32(std::string& s, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>(v >> shift));
}

// A TZif v2 file with no transitions, one local time type (UTC) and `rule` as its footer.
std::string tzif_with_footer(std::string_view rule) {
  std::string header = std::string("TZif2") + std::string(15, '\0');
  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  for (std::uint32_t c : {0u, 0u, 0u, 0u, 1u, 4u}) put32(header, c);
  const std::string data = std::string(6, '\0') + std::string("UTC", 4);
  return header + data + header + data + "\n" + std::string(rule) + "\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 1) == 0) {
    auto z = fu::time_zone::from_tzif("fuzz", rest);
    if (z) check_zone(*z, rest);
    return 0;
  }
  const auto tz = fu::parse_posix_tz(rest);
  for (std::int64_t t = y1900; t < y2200; t += 86400 * 397 + 3599) {
    if (tz) {
      const auto o = fu::offset_at(*tz, t);
      HUIWU_FUZZ_CHECK(o >= -max_offset && o <= max_offset);
    }
  }
  if (rest.empty() || rest.find('\n') != std::string_view::npos) return 0;
  auto z = fu::time_zone::from_tzif("fuzz", tzif_with_footer(rest));
  // The reader takes a footer exactly when the rule parser does.
  HUIWU_FUZZ_CHECK(z.has_value() == tz.has_value());
  if (z) check_zone(*z, rest);
  return 0;
}
