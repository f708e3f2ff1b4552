// A calendar date (y-m-d) with no time zone: what a deadline is. Arithmetic goes through a
// serial day number (days since 1970-01-01, proleptic Gregorian), after Howard Hinnant's
// "chrono-compatible low-level date algorithms".
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace huiwu::followup {

// Years outside this range are refused by parse_date() and valid().
inline constexpr int min_year = 1900;
inline constexpr int max_year = 9999;

struct civil_date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..days_in_month

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy misreads a defaulted <=>
  friend auto operator<=>(const civil_date&, const civil_date&) = default;
  friend bool operator==(const civil_date&, const civil_date&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
bool valid(const civil_date& d);

// a / b rounded towards negative infinity (b != 0): the day of an instant before 1970 too.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Days since 1970-01-01 (negative before it).
std::int64_t to_days(const civil_date& d);
civil_date from_days(std::int64_t days);

civil_date add_days(const civil_date& d, std::int64_t n);
// b - a in days.
std::int64_t days_between(const civil_date& a, const civil_date& b);
// 0 = Sunday … 6 = Saturday.
int weekday(const civil_date& d);

// Strict "YYYY-MM-DD" (ISO 8601 extended, four-digit year); nullopt when malformed or
// not a real date (2023-02-29) or outside [min_year, max_year].
std::optional<civil_date> parse_date(std::string_view text);
std::string format_date(const civil_date& d);

}  // namespace huiwu::followup
