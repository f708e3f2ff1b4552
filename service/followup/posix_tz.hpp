// The POSIX TZ rule string that ends a TZif v2+ file ("CST-8", "EST5EDT,M3.2.0,M11.1.0",
// "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"): it gives the offsets for every instant after
// the file's last explicit transition, so a zone keeps working past 2037 and with "slim"
// TZif files that list only a few transitions. Grammar: POSIX.1-2017 §8.3 with the
// RFC 8536 §3.3.1 extensions (rule times from -167 to 167 hours).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace huiwu::followup {

struct posix_rule_date {
  enum class form { julian_no_leap, zero_based, month_week_day };  // Jn, n, Mm.w.d
  form kind = form::month_week_day;
  int day = 0;                 // Jn: 1..365; n: 0..365
  int month = 0;               // Mm.w.d: 1..12
  int week = 0;                // 1..5, 5 = the last such weekday of the month
  int weekday = 0;             // 0 = Sunday
  std::int32_t time_s = 7200;  // local wall time of the change, seconds after midnight
};

struct posix_tz {
  // Offsets are seconds EAST of UTC (+28800 for China), the opposite sign of the string.
  std::int32_t std_offset = 0;
  bool has_dst = false;
  std::int32_t dst_offset = 0;
  posix_rule_date dst_start;
  posix_rule_date dst_end;
};

std::optional<posix_tz> parse_posix_tz(std::string_view text);

// The UTC offset (seconds east) in effect at `unix_s`.
std::int32_t offset_at(const posix_tz& tz, std::int64_t unix_s);

}  // namespace huiwu::followup
