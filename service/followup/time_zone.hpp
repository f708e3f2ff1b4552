// An IANA time zone read from a TZif file (RFC 8536), because GCC 12's libstdc++ has no
// std::chrono::zoned_time / tzdb. Only what deadlines need is kept: the UTC offset in
// effect at every instant (explicit transitions, then the footer's POSIX rule). Parsing
// is pure (bytes in, zone out); tz_loader.hpp reads the bytes from /usr/share/zoneinfo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "followup/civil_date.hpp"
#include "followup/posix_tz.hpp"
#include "followup/result.hpp"

namespace huiwu::followup {

class time_zone {
 public:
  // Parses a TZif file (versions 1 to 4). Leap-second ("right/") files are refused: their
  // timestamps are not unix time. The error is a sentence for a log.
  static result<time_zone> from_tzif(std::string name, std::string_view bytes);
  // A zone that is always `offset_s` seconds east of UTC (tests, "Etc/GMT-8"-like needs).
  static time_zone fixed(std::string name, std::int32_t offset_s);

  const std::string& name() const { return name_; }

  // Seconds east of UTC in effect at the instant.
  std::int32_t offset_at(std::int64_t unix_s) const;

  // The calendar date on the wall clock at the instant.
  civil_date local_date(std::int64_t unix_ms) const;

  // The first instant (unix ms) whose local date is `d`: usually local midnight; the
  // moment a DST gap ends when midnight is skipped; the earlier midnight when it repeats.
  std::int64_t start_of_day_ms(const civil_date& d) const;

 private:
  std::string name_;
  std::vector<std::int64_t> transitions_;   // unix seconds, strictly ascending
  std::vector<std::int32_t> offset_after_;  // the offset from transitions_[i] on
  std::int32_t initial_offset_ = 0;         // before the first transition
  std::optional<posix_tz> footer_;          // after the last transition, when present
};

}  // namespace huiwu::followup
