// Working days (工作日) and default deadlines. Chinese offices count some deadlines in
// working days, and the official calendar moves days around every year: public holidays
// (法定节假日) are days off even on weekdays, and adjusted working days (调休) are weekend
// days worked to bridge a holiday. The calendar is configuration (the State Council
// publishes it each December), never computed.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "followup/civil_date.hpp"
#include "followup/result.hpp"

namespace huiwu::followup {

struct working_calendar {
  // Indexed by weekday(): Sunday first. Saturday and Sunday by default.
  std::array<bool, 7> weekend = {true, false, false, false, false, false, true};
  std::set<civil_date> holidays;           // days off, whatever the weekday
  std::set<civil_date> adjusted_workdays;  // 调休: weekend days that are worked

  // A holiday is never a working day; an adjusted workday always is (unless it is also a
  // holiday); otherwise weekdays are and weekend days are not.
  bool is_working_day(const civil_date& d) const;
};

// n > 0: the n-th working day after `from` (from itself not counted); n < 0: the |n|-th
// working day before it; n == 0: `from`. nullopt when the calendar has no such day (all
// seven weekdays off and too few adjusted workdays) or the result leaves the year range.
std::optional<civil_date> add_working_days(const working_calendar& cal, const civil_date& from,
                                           int n);

enum class day_count { calendar, working };

struct deadline_rule {
  int days = 20;
  day_count count = day_count::calendar;
  // 遇节假日顺延: a calendar-day deadline that falls on a day off moves to the next
  // working day.
  bool roll_forward = false;
};

// Default deadlines per source of the decision; an office edits these. Every item still
// carries its own deadline: the default only fills in the form.
struct deadline_policy {
  std::map<std::string, deadline_rule, std::less<>> by_source;
  // "minutes" (会议纪要) 20 calendar days, "executive_meeting" (常务会议) 30 working days,
  // "urgent_instruction" (领导紧急批示) 3 calendar days.
  static deadline_policy defaults();
};

// The default deadline for a decision of `source` taken on `start` (the meeting's date).
// The error names the unknown source or the calendar problem.
result<civil_date> default_deadline(const deadline_policy& policy, std::string_view source,
                                    const civil_date& start, const working_calendar& cal);

}  // namespace huiwu::followup
