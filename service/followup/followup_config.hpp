// An office's follow-up settings as JSON, for a config file or an admin API:
//   {
//     "time_zone": "Asia/Shanghai",
//     "due_soon_days": 3,
//     "calendar": {
//       "weekend": ["saturday", "sunday"],
//       "holidays": ["2024-10-01..2024-10-07", "2025-01-01"],
//       "workdays": ["2024-09-29", "2024-10-12"]
//     },
//     "deadlines": {
//       "minutes": {"days": 20, "count": "calendar", "roll_forward": false},
//       "executive_meeting": {"days": 30, "count": "working"}
//     }
//   }
// Every member is optional; missing ones keep the defaults, and "deadlines" entries are
// merged into deadline_policy::defaults(). Unknown members are refused, so that a typo is
// an error rather than a silently ignored setting.
#pragma once

#include <string>
#include <string_view>

#include "followup/deadline_clock.hpp"
#include "followup/result.hpp"
#include "followup/tz_loader.hpp"
#include "followup/working_calendar.hpp"

namespace huiwu::followup {

struct followup_config {
  std::string time_zone{default_zone_name};  // checked by name; load it with load_time_zone
  clock_config clock;
  working_calendar calendar;
  deadline_policy deadlines = deadline_policy::defaults();
};

// The error says which member is wrong and why ("calendar.holidays[2]: not a date").
result<followup_config> parse_followup_config(std::string_view json);

}  // namespace huiwu::followup
