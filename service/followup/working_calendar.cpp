#include "followup/working_calendar.hpp"

#include <cstdlib>

namespace huiwu::followup {

bool working_calendar::is_working_day(const civil_date& d) const {
  if (holidays.contains(d)) return false;
  if (adjusted_workdays.contains(d)) return true;
  return !weekend[static_cast<std::size_t>(weekday(d))];
}

std::optional<civil_date> add_working_days(const working_calendar& cal, const civil_date& from,
                                           int n) {
  if (n == 0) return from;
  const int step = n > 0 ? 1 : -1;
  int left = std::abs(n);
  // With at least one working weekday, every seven days that hold no holiday hold a
  // working day, so this many steps always suffice; without one, only adjusted workdays
  // are working days and the search stops when it passes the last of them.
  bool any_weekday = false;
  for (bool off : cal.weekend) any_weekday = any_weekday || !off;
  const std::int64_t limit =
      7 * (static_cast<std::int64_t>(left) + static_cast<std::int64_t>(cal.holidays.size()) + 1) +
      static_cast<std::int64_t>(cal.adjusted_workdays.size());
  std::int64_t day = to_days(from);
  for (std::int64_t steps = 0; steps < limit; ++steps) {
    day += step;
    const civil_date d = from_days(day);
    if (!valid(d)) return std::nullopt;
    if (!any_weekday &&
        (cal.adjusted_workdays.empty() ||
         (step > 0 ? d > *cal.adjusted_workdays.rbegin() : d < *cal.adjusted_workdays.begin()))) {
      return std::nullopt;
    }
    if (cal.is_working_day(d) && --left == 0) return d;
  }
  return std::nullopt;
}

deadline_policy deadline_policy::defaults() {
  deadline_policy p;
  p.by_source.emplace("minutes", deadline_rule{20, day_count::calendar, false});
  p.by_source.emplace("executive_meeting", deadline_rule{30, day_count::working, false});
  p.by_source.emplace("urgent_instruction", deadline_rule{3, day_count::calendar, false});
  return p;
}

result<civil_date> default_deadline(const deadline_policy& policy, std::string_view source,
                                    const civil_date& start, const working_calendar& cal) {
  const auto it = policy.by_source.find(source);
  if (it == policy.by_source.end()) {
    return reject(rejection_code::not_found,
                  "no default deadline for source \"" + std::string(source) + "\"");
  }
  const deadline_rule& rule = it->second;
  if (!valid(start))
    return reject(rejection_code::invalid_field, "the start date is not a real date");
  if (rule.days < 0 || rule.days > 3660) {
    return reject(rejection_code::invalid_field,
                  "the rule for \"" + std::string(source) + "\" has an unusable day count");
  }
  std::optional<civil_date> d;
  if (rule.count == day_count::working) {
    d = add_working_days(cal, start, rule.days);
  } else {
    d = add_days(start, rule.days);
    if (rule.roll_forward && !cal.is_working_day(*d)) d = add_working_days(cal, *d, 1);
  }
  if (!d || !valid(*d))
    return reject(rejection_code::not_found, "the calendar has no working day for it");
  return *d;
}

}  // namespace huiwu::followup
