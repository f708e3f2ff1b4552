#include "followup/posix_tz.hpp"
#include <cstdlib>

#include <cctype>

#include "followup/civil_date.hpp"

namespace huiwu::followup {
namespace {

class cursor {
 public:
  explicit cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // A zone abbreviation: three or more letters, or <...> of letters, digits, + and -.
  bool name() {
    if (eat('<')) {
      const std::size_t start = i_;
      while (!done() && peek() != '>') {
        const char c = peek();
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') return false;
        ++i_;
      }
      return i_ - start >= 3 && eat('>');
    }
    const std::size_t start = i_;
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++i_;
    return i_ - start >= 3;
  }
  std::optional<int> number(int max) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return std::nullopt;
    int v = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      v = v * 10 + (s_[i_++] - '0');
      if (v > max) return std::nullopt;
    }
    return v;
  }
  // [+-]hh[:mm[:ss]] in seconds; hours up to max_hours.
  std::optional<std::int32_t> duration(int max_hours) {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    const auto h = number(max_hours);
    if (!h) return std::nullopt;
    std::int32_t total = *h * 3600;
    if (eat(':')) {
      const auto m = number(59);
      if (!m) return std::nullopt;
      total += *m * 60;
      if (eat(':')) {
        const auto s = number(59);
        if (!s) return std::nullopt;
        total += *s;
      }
    }
    return sign * total;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::optional<posix_rule_date> parse_rule(cursor& c) {
  posix_rule_date r;
  if (c.eat('J')) {
    const auto n = c.number(365);
    if (!n || *n < 1) return std::nullopt;
    r.kind = posix_rule_date::form::julian_no_leap;
    r.day = *n;
  } else if (c.eat('M')) {
    const auto m = c.number(12);
    if (!m || *m < 1 || !c.eat('.')) return std::nullopt;
    const auto w = c.number(5);
    if (!w || *w < 1 || !c.eat('.')) return std::nullopt;
    const auto d = c.number(6);
    if (!d) return std::nullopt;
    r.kind = posix_rule_date::form::month_week_day;
    r.month = *m;
    r.week = *w;
    r.weekday = *d;
  } else {
    const auto n = c.number(365);
    if (!n) return std::nullopt;
    r.kind = posix_rule_date::form::zero_based;
    r.day = *n;
  }
  if (c.eat('/')) {
    const auto t = c.duration(167);
    if (!t) return std::nullopt;
    r.time_s = *t;
  }
  return r;
}

civil_date rule_day(const posix_rule_date& r, int year) {
  switch (r.kind) {
    case posix_rule_date::form::julian_no_leap: {
      // Jn never counts February 29th: day 60 is always March 1st.
      const int extra = is_leap_year(year) && r.day >= 60 ? 1 : 0;
      return add_days(civil_date{year, 1, 1}, r.day - 1 + extra);
    }
    case posix_rule_date::form::zero_based:
      return add_days(civil_date{year, 1, 1}, r.day);
    case posix_rule_date::form::month_week_day:
      break;
  }
  const int first = weekday(civil_date{year, r.month, 1});
  int day = 1 + (r.weekday - first + 7) % 7 + (r.week - 1) * 7;
  while (day > days_in_month(year, r.month)) day -= 7;  // week 5 = the last one
  return civil_date{year, r.month, day};
}

// The instant of a rule's change in `year`, given the offset in effect just before it.
std::int64_t change_instant(const posix_rule_date& r, int year, std::int32_t offset_before) {
  return to_days(rule_day(r, year)) * 86400 + r.time_s - offset_before;
}

}  // namespace

std::optional<posix_tz> parse_posix_tz(std::string_view text) {
  cursor c(text);
  posix_tz tz;
  if (!c.name()) return std::nullopt;
  const auto std_off = c.duration(24);
  if (!std_off) return std::nullopt;
  tz.std_offset = -*std_off;
  if (c.done()) return tz;
  if (!c.name()) return std::nullopt;
  tz.has_dst = true;
  tz.dst_offset = tz.std_offset + 3600;
  if (!c.done() && c.peek() != ',') {
    const auto dst_off = c.duration(24);
    if (!dst_off) return std::nullopt;
    tz.dst_offset = -*dst_off;
    // No zone's daylight time differs from its standard time by more than 2 hours (Troll);
    // a rule that moves the clock by more than 3 is refused as malformed rather than read:
    // a jump past a whole day leaves days without a first instant.
    if (std::abs(static_cast<long>(tz.dst_offset) - tz.std_offset) > 3 * 3600) return std::nullopt;
  }
  if (c.done()) {
    // No rule: POSIX leaves it to the implementation; use the US rule, as glibc does.
    tz.dst_start = posix_rule_date{posix_rule_date::form::month_week_day, 0, 3, 2, 0, 7200};
    tz.dst_end = posix_rule_date{posix_rule_date::form::month_week_day, 0, 11, 1, 0, 7200};
    return tz;
  }
  if (!c.eat(',')) return std::nullopt;
  const auto start = parse_rule(c);
  if (!start || !c.eat(',')) return std::nullopt;
  const auto end = parse_rule(c);
  if (!end || !c.done()) return std::nullopt;
  tz.dst_start = *start;
  tz.dst_end = *end;
  return tz;
}

std::int32_t offset_at(const posix_tz& tz, std::int64_t unix_s) {
  if (!tz.has_dst) return tz.std_offset;
  const int year = from_days(floor_div(unix_s + tz.std_offset, 86400)).year;
  const std::int64_t start = change_instant(tz.dst_start, year, tz.std_offset);
  const std::int64_t end = change_instant(tz.dst_end, year, tz.dst_offset);
  // Northern rules start and end DST in the same year; southern ones (and the all-year
  // "0/0,J365/25" idiom) wrap around the new year.
  const bool dst =
      start < end ? (unix_s >= start && unix_s < end) : !(unix_s >= end && unix_s < start);
  return dst ? tz.dst_offset : tz.std_offset;
}

}  // namespace huiwu::followup
