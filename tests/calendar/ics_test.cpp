// The iCalendar writer, read back by an independent parser (python3-icalendar from Debian,
// tests/calendar/read_ics.py) as a calendar client would read it.
#include "calendar/ics.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "followup/tz_loader.hpp"
#include "read_back.hpp"

namespace huiwu::calendar {
namespace {

followup::time_zone zone(std::string_view name) {
  auto z = followup::load_time_zone(name);
  EXPECT_TRUE(z) << "tzdata is installed by deploy/install-deps.sh";
  return *z;
}

// 2026-12-10 09:00 in Shanghai is 01:00 UTC.
constexpr std::int64_t dec10_0100_utc_ms = 1'796'864'400'000;

event sample() {
  event e;
  e.uid = "m123@huiwu";
  e.sequence = 2;
  e.starts_at_ms = dec10_0100_utc_ms;
  e.ends_at_ms = dec10_0100_utc_ms + 90 * 60 * 1000;
  e.summary = "2026年第12次局长办公会议";
  e.location = "机关三楼第一会议室, 东侧; 请提前10分钟入场";
  e.description = "议程：\n一、审议《年度预算调整方案》\n二、听取安全生产汇报";
  e.organizer_name = "王秘书";
  e.organizer_account = "wangms";
  e.attendees = {{"张局长", "zhang", true}, {"李副局长", "li", false}, {"来宾", "", false}};
  return e;
}

using test_ics::read_back;

TEST(Ics, AnInvitationReadsBackWithTheRightHourInTheOfficeZone) {
  calendar cal;
  cal.m = method::request;
  cal.stamp_ms = dec10_0100_utc_ms - 86400'000;
  cal.events = {sample()};
  const auto back = read_back(write_ics(cal, zone("Asia/Shanghai")));
  EXPECT_EQ(back.at("method").as_string(), "REQUEST");
  ASSERT_EQ(back.at("events").as_array().size(), 1u);
  const auto& e = back.at("events").as_array()[0].as_object();
  EXPECT_EQ(e.at("summary").as_string(), "2026年第12次局长办公会议");
  EXPECT_EQ(e.at("location").as_string(), "机关三楼第一会议室, 东侧; 请提前10分钟入场");
  EXPECT_EQ(e.at("description").as_string(),
            "议程：\n一、审议《年度预算调整方案》\n二、听取安全生产汇报");
  EXPECT_EQ(e.at("start").as_string(), "2026-12-10T01:00:00Z");
  EXPECT_EQ(e.at("end").as_string(), "2026-12-10T02:30:00Z");
  EXPECT_EQ(e.at("tzid").as_string(), "Asia/Shanghai");
  EXPECT_EQ(e.at("sequence").as_int64(), 2);
  EXPECT_EQ(e.at("status").as_string(), "CONFIRMED");
  EXPECT_EQ(e.at("organizer").as_string(), "王秘书");
  const auto& people = e.at("attendees").as_array();
  ASSERT_EQ(people.size(), 2u) << "a guest without an account has no address";
  EXPECT_EQ(people[0].at("name").as_string(), "张局长");
  EXPECT_EQ(people[0].at("role").as_string(), "CHAIR");
  EXPECT_EQ(people[1].at("address").as_string(), "urn:huiwu:account:li");
  EXPECT_EQ(back.at("zones").at("Asia/Shanghai").as_int64(), 1) << "no change since 1991";
}

TEST(Ics, TheZoneTravelsWithTheCalendarAcrossDaylightSaving) {
  // A zone with daylight saving: the VTIMEZONE must carry both changes of each year
  // around the meetings, each checked against zoneinfo by the reader.
  calendar cal;
  auto summer = sample();
  summer.uid = "summer@huiwu";
  summer.starts_at_ms = 1'783'342'800'000;  // 2026-07-06 09:00 in New York (13:00 UTC)
  summer.ends_at_ms = 0;
  auto winter = sample();
  winter.uid = "winter@huiwu";
  winter.starts_at_ms = 1'796'911'200'000;  // 2026-12-10 09:00 in New York (14:00 UTC)
  cal.events = {summer, winter};
  const auto ics = write_ics(cal, zone("America/New_York"));
  EXPECT_NE(ics.find("DTSTART;TZID=America/New_York:20260706T090000\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART;TZID=America/New_York:20261210T090000\r\n"), std::string::npos);
  const auto back = read_back(ics);
  // A year either side, 2025-07-05 .. 2027-12-11: the offset when the range opens, then
  // the autumns of 2025, 2026, 2027 and the springs of 2026, 2027.
  EXPECT_EQ(back.at("zones").at("America/New_York").as_int64(), 1 + 5);
  const auto& events = back.at("events").as_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].at("start").as_string(), "2026-07-06T13:00:00Z");
  EXPECT_FALSE(events[0].as_object().contains("end")) << "no end given, none invented";
  EXPECT_EQ(events[1].at("start").as_string(), "2026-12-10T14:00:00Z");
}

TEST(Ics, ACancellationCancelsTheSameEventWithAHigherSequence) {
  calendar cal;
  cal.m = method::cancel;
  auto e = sample();
  e.sequence = 3;
  e.cancelled = true;
  cal.events = {e};
  const auto back = read_back(write_ics(cal, zone("Asia/Shanghai")));
  EXPECT_EQ(back.at("method").as_string(), "CANCEL");
  const auto& ev = back.at("events").as_array()[0];
  EXPECT_EQ(ev.at("uid").as_string(), "m123@huiwu");
  EXPECT_EQ(ev.at("status").as_string(), "CANCELLED");
  EXPECT_EQ(ev.at("sequence").as_int64(), 3);
}

TEST(Ics, AMeetingWithoutATimeIsLeftOutOfTheCalendar) {
  calendar cal;
  cal.name = "王秘书的会议";
  auto untimed = sample();
  untimed.starts_at_ms = 0;
  cal.events = {untimed};
  const auto ics = write_ics(cal, zone("Asia/Shanghai"));
  EXPECT_EQ(ics.find("BEGIN:VEVENT"), std::string::npos);
  EXPECT_EQ(ics.find("BEGIN:VTIMEZONE"), std::string::npos);
  const auto back = read_back(ics);
  EXPECT_EQ(back.at("name").as_string(), "王秘书的会议");
  EXPECT_TRUE(back.at("events").as_array().empty());
}

TEST(Ics, LongChineseLinesFoldAt75OctetsWithoutSplittingACharacter) {
  std::string title;
  for (int i = 0; i < 40; ++i) title += "会议";  // 240 octets
  const auto folded = fold_line("SUMMARY:" + title);
  std::size_t start = 0;
  std::string unfolded;
  while (start <= folded.size()) {
    auto end = folded.find("\r\n", start);
    const auto piece = folded.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_LE(piece.size(), 75u);
    unfolded += start == 0 ? piece : piece.substr(1);
    if (start != 0) {
      EXPECT_EQ(piece[0], ' ');
      // A piece never starts with a UTF-8 continuation byte after the fold's space.
      ASSERT_GT(piece.size(), 1u);
      EXPECT_NE(static_cast<unsigned char>(piece[1]) & 0xC0, 0x80);
    }
    if (end == std::string::npos) break;
    start = end + 2;
  }
  EXPECT_EQ(unfolded, "SUMMARY:" + title);
}

TEST(Ics, TextEscapingKeepsWhatThePersonWrote) {
  EXPECT_EQ(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
  EXPECT_EQ(escape_text(std::string("x\x01y", 3)), "xy") << "control characters dropped";
}

}  // namespace
}  // namespace huiwu::calendar
