// The TZif reader on files built here byte by byte: the forms the real database does not
// happen to exercise (footer-only "slim" files, version 1 files) and malformed input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "followup/time_zone.hpp"
#include "followup/tz_loader.hpp"
#include "test_zones.hpp"

namespace huiwu::followup {
namespace {

using testing::utc_ms;

struct tzif_spec {
  char version = '2';
  std::vector<std::int64_t> times;
  std::vector<std::uint8_t> types;
  std::vector<std::int32_t> offsets = {0};
  std::uint32_t leapcnt = 0;
  std::string footer;  // without the newlines
};

void put32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void put64(std::string& out, std::int64_t v) {
  for (int i = 7; i >= 0; --i)
    out += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xFF);
}

void block(std::string& out, const tzif_spec& s, int time_bytes) {
  out += "TZif";
  out += s.version;
  out += std::string(15, '\0');
  put32(out, 0);  // isutcnt
  put32(out, 0);  // isstdcnt
  put32(out, s.leapcnt);
  put32(out, static_cast<std::uint32_t>(s.times.size()));
  put32(out, static_cast<std::uint32_t>(s.offsets.size()));
  put32(out, 4);  // charcnt: "ABC\0"
  for (auto t : s.times) {
    if (time_bytes == 8) {
      put64(out, t);
    } else {
      put32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(t)));
    }
  }
  for (auto i : s.types) out += static_cast<char>(i);
  for (auto o : s.offsets) {
    put32(out, static_cast<std::uint32_t>(o));
    out += '\0';
    out += '\0';
  }
  out += std::string("ABC\0", 4);
  for (std::uint32_t i = 0; i < s.leapcnt; ++i) {
    if (time_bytes == 8) put32(out, 0);
    put32(out, 0);
    put32(out, 1);
  }
}

std::string tzif(const tzif_spec& s) {
  std::string out;
  block(out, s, 4);
  if (s.version == '\0') return out;
  block(out, s, 8);
  out += "\n" + s.footer + "\n";
  return out;
}

TEST(Tzif, FooterOnlySlimFile) {
  tzif_spec s;
  s.offsets = {-5 * 3600};
  s.footer = "EST5EDT,M3.2.0,M11.1.0";
  auto z = time_zone::from_tzif("Test/Slim", tzif(s));
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->offset_at(utc_ms(2024, 7, 1) / 1000), -4 * 3600);
  EXPECT_EQ(z->offset_at(utc_ms(2024, 1, 1) / 1000), -5 * 3600);
  EXPECT_EQ(z->start_of_day_ms({2024, 3, 11}), utc_ms(2024, 3, 11, 4));
}

TEST(Tzif, TransitionsThenFooter) {
  tzif_spec s;
  s.times = {utc_ms(2000, 1, 1) / 1000, utc_ms(2010, 1, 1) / 1000};
  s.types = {1, 0};
  s.offsets = {8 * 3600, 9 * 3600};
  s.footer = "<+07>-7";
  auto z = time_zone::from_tzif("Test/Steps", tzif(s));
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->offset_at(utc_ms(1990, 1, 1) / 1000), 8 * 3600);  // type 0 before the first
  EXPECT_EQ(z->offset_at(utc_ms(2005, 1, 1) / 1000), 9 * 3600);
  EXPECT_EQ(z->offset_at(utc_ms(2009, 12, 31) / 1000), 9 * 3600);
  EXPECT_EQ(z->offset_at(utc_ms(2020, 1, 1) / 1000), 7 * 3600);  // footer after the last
}

TEST(Tzif, VersionOneFileWithoutFooter) {
  tzif_spec s;
  s.version = '\0';
  s.times = {utc_ms(2000, 1, 1) / 1000};
  s.types = {1};
  s.offsets = {0, 3 * 3600};
  auto z = time_zone::from_tzif("Test/V1", tzif(s));
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->offset_at(utc_ms(1999, 1, 1) / 1000), 0);
  EXPECT_EQ(z->offset_at(utc_ms(2030, 1, 1) / 1000), 3 * 3600);  // the last type forever
}

TEST(Tzif, RefusesMalformedFiles) {
  tzif_spec good;
  good.footer = "UTC0";
  const std::string bytes = tzif(good);
  ASSERT_TRUE(time_zone::from_tzif("ok", bytes));

  EXPECT_FALSE(time_zone::from_tzif("x", ""));
  EXPECT_FALSE(time_zone::from_tzif("x", "TZjf" + bytes.substr(4)));
  for (std::size_t cut : {10u, 44u, 60u, 100u}) {
    EXPECT_FALSE(time_zone::from_tzif("x", bytes.substr(0, cut))) << cut;
  }
  EXPECT_FALSE(time_zone::from_tzif("x", bytes.substr(0, bytes.size() - 1)));  // footer open

  tzif_spec leap = good;
  leap.leapcnt = 1;
  auto refused = time_zone::from_tzif("right/UTC", tzif(leap));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("leap"), std::string::npos);

  tzif_spec bad_index = good;
  bad_index.times = {0};
  bad_index.types = {3};
  EXPECT_FALSE(time_zone::from_tzif("x", tzif(bad_index)));

  tzif_spec unsorted = good;
  unsorted.times = {100, 50};
  unsorted.types = {0, 0};
  EXPECT_FALSE(time_zone::from_tzif("x", tzif(unsorted)));

  tzif_spec absurd = good;
  absurd.offsets = {100 * 3600};
  EXPECT_FALSE(time_zone::from_tzif("x", tzif(absurd)));

  tzif_spec bad_footer = good;
  bad_footer.footer = "nonsense";
  EXPECT_FALSE(time_zone::from_tzif("x", tzif(bad_footer)));

  tzif_spec future = good;
  future.version = '9';
  EXPECT_TRUE(time_zone::from_tzif("x", tzif(future)));  // later versions keep the layout
  future.version = '1';
  EXPECT_FALSE(time_zone::from_tzif("x", tzif(future)));
}

TEST(TzLoader, ValidatesNamesAndReportsUnknownZones) {
  EXPECT_TRUE(valid_zone_name("Asia/Shanghai"));
  EXPECT_TRUE(valid_zone_name("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(valid_zone_name("Etc/GMT+5"));
  EXPECT_TRUE(valid_zone_name("UTC"));
  for (const char* bad : {"", "/etc/passwd", "../etc/passwd", "Asia/../../etc/passwd",
                          "Asia//Shanghai", "Asia/", "Asia/Shang hai", "Asia/./Shanghai"}) {
    EXPECT_FALSE(valid_zone_name(bad)) << bad;
    EXPECT_FALSE(load_time_zone(bad));
  }
  auto unknown = load_time_zone("Mars/Olympus_Mons");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown time zone"), std::string::npos);
  EXPECT_FALSE(load_time_zone("zone.tab"));  // a file, but not TZif
  auto sh = load_time_zone(default_zone_name);
  ASSERT_TRUE(sh) << sh.error().message;
  EXPECT_EQ(sh->name(), "Asia/Shanghai");
}

TEST(TzLoader, FixedZones) {
  const time_zone z = time_zone::fixed("UTC+8", 8 * 3600);
  EXPECT_EQ(z.offset_at(0), 8 * 3600);
  EXPECT_EQ(z.start_of_day_ms({2024, 1, 1}), utc_ms(2023, 12, 31, 16));
}

}  // namespace
}  // namespace huiwu::followup
