#include "followup/time_zone.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>

#include "followup/posix_tz.hpp"
#include "test_zones.hpp"

namespace huiwu::followup {
namespace {

using testing::utc_ms;
using testing::zone;

std::int64_t utc_s(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return utc_ms(y, mo, d, h, mi, s) / 1000;
}

TEST(PosixTz, ParsesTheFootersInUse) {
  auto cst = parse_posix_tz("CST-8");
  ASSERT_TRUE(cst);
  EXPECT_EQ(cst->std_offset, 8 * 3600);
  EXPECT_FALSE(cst->has_dst);

  auto iran = parse_posix_tz("<+0330>-3:30");
  ASSERT_TRUE(iran);
  EXPECT_EQ(iran->std_offset, 3 * 3600 + 1800);

  auto ny = parse_posix_tz("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->std_offset, -5 * 3600);
  EXPECT_EQ(ny->dst_offset, -4 * 3600);
  EXPECT_EQ(ny->dst_start.month, 3);
  EXPECT_EQ(ny->dst_start.week, 2);
  EXPECT_EQ(ny->dst_end.time_s, 7200);

  // Negative rule times (RFC 8536) and a half-hour DST shift.
  auto nuuk = parse_posix_tz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  ASSERT_TRUE(nuuk);
  EXPECT_EQ(nuuk->dst_start.time_s, -3600);
  auto lord_howe = parse_posix_tz("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  ASSERT_TRUE(lord_howe);
  EXPECT_EQ(lord_howe->dst_offset - lord_howe->std_offset, 1800);

  auto julian = parse_posix_tz("XXX3YYY,J60/2,300/25");
  ASSERT_TRUE(julian);
  EXPECT_EQ(julian->dst_start.kind, posix_rule_date::form::julian_no_leap);
  EXPECT_EQ(julian->dst_end.kind, posix_rule_date::form::zero_based);
  EXPECT_EQ(julian->dst_end.time_s, 25 * 3600);
}

TEST(PosixTz, RefusesMalformedRules) {
  for (const char* bad :
       {"", "AB5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "EST5EDT,M3.6.0,M11.1.0",
        "EST5EDT,J0,J365", "<+08-8", "EST25", "EST5EDT,M3.2.0/168,M11.1.0", "EST5 ",
        // Daylight time more than 3 hours from standard time (found by fuzz_tzif: a jump of
        // 27 hours leaves a day with no first instant).
        "onn-6lll21,6,4", "EST5EDT1,M3.2.0,M11.1.0"}) {
    EXPECT_FALSE(parse_posix_tz(bad)) << bad;
  }
}

TEST(PosixTz, EvaluatesNorthernSouthernAndAllYearRules) {
  const auto ny = *parse_posix_tz("EST5EDT,M3.2.0,M11.1.0");
  // 2040: DST from March 11 02:00 EST (07:00 UTC) to November 4 02:00 EDT (06:00 UTC).
  EXPECT_EQ(offset_at(ny, utc_s(2040, 3, 11, 6, 59, 59)), -5 * 3600);
  EXPECT_EQ(offset_at(ny, utc_s(2040, 3, 11, 7)), -4 * 3600);
  EXPECT_EQ(offset_at(ny, utc_s(2040, 11, 4, 5, 59, 59)), -4 * 3600);
  EXPECT_EQ(offset_at(ny, utc_s(2040, 11, 4, 6)), -5 * 3600);

  const auto sydney = *parse_posix_tz("AEST-10AEDT,M10.1.0,M4.1.0/3");
  EXPECT_EQ(offset_at(sydney, utc_s(2050, 1, 15)), 11 * 3600);
  EXPECT_EQ(offset_at(sydney, utc_s(2050, 7, 15)), 10 * 3600);

  const auto always_dst = *parse_posix_tz("EST5EDT,0/0,J365/25");
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(offset_at(always_dst, utc_s(2045, m, 1)), -4 * 3600);
}

TEST(TimeZone, ShanghaiIsUtcPlusEightAndOnceHadSummerTime) {
  const time_zone& sh = zone("Asia/Shanghai");
  EXPECT_EQ(sh.offset_at(utc_s(2024, 1, 1)), 8 * 3600);
  EXPECT_EQ(sh.offset_at(utc_s(2024, 7, 1)), 8 * 3600);
  EXPECT_EQ(sh.offset_at(utc_s(2100, 7, 1)), 8 * 3600);
  EXPECT_EQ(sh.offset_at(utc_s(1988, 7, 1)), 9 * 3600);  // 1986-1991 summer time
  EXPECT_EQ(sh.local_date(utc_ms(2024, 1, 31, 15, 59, 59)), (civil_date{2024, 1, 31}));
  EXPECT_EQ(sh.local_date(utc_ms(2024, 1, 31, 16)), (civil_date{2024, 2, 1}));
  EXPECT_EQ(sh.start_of_day_ms({2024, 2, 1}), utc_ms(2024, 1, 31, 16));
}

TEST(TimeZone, NewYorkAndBerlinAcrossTheirSwitches) {
  const time_zone& ny = zone("America/New_York");
  EXPECT_EQ(ny.offset_at(utc_s(2024, 3, 10, 6, 59, 59)), -5 * 3600);
  EXPECT_EQ(ny.offset_at(utc_s(2024, 3, 10, 7)), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc_s(2024, 11, 3, 5, 59, 59)), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc_s(2024, 11, 3, 6)), -5 * 3600);
  // Days are 23 and 25 hours long on the switch days.
  EXPECT_EQ(ny.start_of_day_ms({2024, 3, 10}), utc_ms(2024, 3, 10, 5));
  EXPECT_EQ(ny.start_of_day_ms({2024, 3, 11}), utc_ms(2024, 3, 11, 4));
  EXPECT_EQ(ny.start_of_day_ms({2024, 11, 3}), utc_ms(2024, 11, 3, 4));
  EXPECT_EQ(ny.start_of_day_ms({2024, 11, 4}), utc_ms(2024, 11, 4, 5));
  // Past the explicit transitions the footer rule answers.
  EXPECT_EQ(ny.offset_at(utc_s(2080, 7, 1)), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc_s(2080, 1, 1)), -5 * 3600);

  const time_zone& berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.offset_at(utc_s(2024, 3, 31, 0, 59, 59)), 3600);
  EXPECT_EQ(berlin.offset_at(utc_s(2024, 3, 31, 1)), 7200);
  EXPECT_EQ(berlin.offset_at(utc_s(2024, 10, 27, 0, 59, 59)), 7200);
  EXPECT_EQ(berlin.offset_at(utc_s(2024, 10, 27, 1)), 3600);
  EXPECT_EQ(berlin.start_of_day_ms({2024, 3, 31}), utc_ms(2024, 3, 30, 23));
  EXPECT_EQ(berlin.start_of_day_ms({2024, 4, 1}), utc_ms(2024, 3, 31, 22));
}

TEST(TimeZone, DayStartsWhenMidnightIsSkippedOrRepeated) {
  // Cuba moves its clocks at midnight: 00:00 CST → 01:00 CDT on 2024-03-10, and
  // 01:00 CDT → 00:00 CST on 2024-11-03.
  const time_zone& havana = zone("America/Havana");
  EXPECT_EQ(havana.start_of_day_ms({2024, 3, 10}), utc_ms(2024, 3, 10, 5));
  EXPECT_EQ(havana.local_date(utc_ms(2024, 3, 10, 4, 59, 59)), (civil_date{2024, 3, 9}));
  EXPECT_EQ(havana.local_date(utc_ms(2024, 3, 10, 5)), (civil_date{2024, 3, 10}));
  EXPECT_EQ(havana.start_of_day_ms({2024, 11, 3}), utc_ms(2024, 11, 3, 4));  // first 00:00
  // Samoa skipped 2011-12-30 entirely: the 31st starts where the 29th ends.
  const time_zone& apia = zone("Pacific/Apia");
  EXPECT_EQ(apia.start_of_day_ms({2011, 12, 30}), apia.start_of_day_ms({2011, 12, 31}));
  EXPECT_EQ(apia.local_date(apia.start_of_day_ms({2011, 12, 31})), (civil_date{2011, 12, 31}));
}

// glibc's localtime_r reads the same files with its own code: an independent oracle.
TEST(TimeZone, AgreesWithGlibcOnAWideSampleOfZonesAndInstants) {
  const char* zones[] = {"Asia/Shanghai",
                         "America/New_York",
                         "Europe/Berlin",
                         "Australia/Sydney",
                         "Australia/Lord_Howe",
                         "Asia/Kathmandu",
                         "America/Sao_Paulo",
                         "Africa/Casablanca",
                         "Europe/Dublin",
                         "Antarctica/Troll",
                         "Pacific/Apia",
                         "America/Havana",
                         "Asia/Beirut",
                         "America/Nuuk",
                         "Pacific/Chatham",
                         "Asia/Tehran",
                         "UTC",
                         "America/Santiago",
                         "Asia/Hong_Kong",
                         "Asia/Taipei"};
  const char* saved = std::getenv("TZ");
  const std::string saved_tz = saved ? saved : "";
  for (const char* name : zones) {
    const time_zone& z = zone(name);
    ::setenv("TZ", (std::string(":") + name).c_str(), 1);
    ::tzset();
    int checked = 0;
    for (std::int64_t t = utc_s(1970, 1, 1); t < utc_s(2060, 1, 1); t += 5 * 3600 + 1234) {
      const std::time_t tt = static_cast<std::time_t>(t);
      std::tm tm{};
      ASSERT_NE(::localtime_r(&tt, &tm), nullptr);
      ASSERT_EQ(z.offset_at(t), tm.tm_gmtoff) << name << " at " << t;
      ++checked;
    }
    EXPECT_GT(checked, 100000);
  }
  if (saved) {
    ::setenv("TZ", saved_tz.c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
}

// Every zone the system has: it parses, and its days tile the time line.
TEST(TimeZone, EveryInstalledZoneParsesAndItsDaysAreConsistent) {
  namespace fs = std::filesystem;
  const fs::path root(default_zoneinfo_dir);
  int zones = 0;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string rel = fs::relative(it->path(), root).string();
    if (it->is_directory() && (rel == "right" || rel == "posix")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || rel.find('.') != std::string::npos ||
        rel.find('/') == std::string::npos) {
      continue;  // zone.tab, leapseconds, tzdata.zi, the top-level aliases
    }
    auto loaded = load_time_zone(rel);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const time_zone& z = *loaded;
    for (std::int64_t day = to_days({1995, 1, 1}); day < to_days({2045, 1, 1}); day += 5) {
      const civil_date d = from_days(day);
      const std::int64_t start = z.start_of_day_ms(d);
      const std::int64_t next = z.start_of_day_ms(add_days(d, 1));
      ASSERT_LE(start, next) << rel << " " << format_date(d);
      if (start == next) continue;  // a skipped day (Samoa, 2011-12-30)
      ASSERT_EQ(z.local_date(start), d) << rel << " " << format_date(d);
      ASSERT_NE(z.local_date(start - 1), d) << rel << " " << format_date(d);
      ASSERT_EQ(z.local_date(next - 1), d) << rel << " " << format_date(d);
    }
    ++zones;
  }
  EXPECT_GT(zones, 300);
}

}  // namespace
}  // namespace huiwu::followup
