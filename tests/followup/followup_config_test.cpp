#include "followup/followup_config.hpp"

#include <gtest/gtest.h>

namespace huiwu::followup {
namespace {

TEST(FollowupConfig, EmptyObjectKeepsTheDefaults) {
  auto cfg = parse_followup_config("{}");
  ASSERT_TRUE(cfg) << cfg.error().message;
  EXPECT_EQ(cfg->time_zone, "Asia/Shanghai");
  EXPECT_EQ(cfg->clock.due_soon_days, 3);
  EXPECT_TRUE(cfg->calendar.weekend[0] && cfg->calendar.weekend[6]);
  EXPECT_EQ(cfg->deadlines.by_source.size(), 3u);
}

TEST(FollowupConfig, ReadsAnOfficesSettings) {
  auto cfg = parse_followup_config(R"({
    "time_zone": "Europe/Berlin",
    "due_soon_days": 5,
    "calendar": {"weekend": ["friday", "saturday"],
                 "holidays": ["2024-10-01..2024-10-07", "2025-01-01"],
                 "workdays": ["2024-09-29"]},
    "deadlines": {"minutes": {"days": 15, "count": "working", "roll_forward": true},
                  "inspection": {"days": 10}}
  })");
  ASSERT_TRUE(cfg) << cfg.error().message;
  EXPECT_EQ(cfg->time_zone, "Europe/Berlin");
  EXPECT_EQ(cfg->clock.due_soon_days, 5);
  EXPECT_TRUE(cfg->calendar.weekend[5] && cfg->calendar.weekend[6]);
  EXPECT_FALSE(cfg->calendar.weekend[0]);
  EXPECT_EQ(cfg->calendar.holidays.size(), 8u);
  EXPECT_TRUE(cfg->calendar.holidays.contains({2024, 10, 4}));
  EXPECT_TRUE(cfg->calendar.adjusted_workdays.contains({2024, 9, 29}));
  const deadline_rule& minutes = cfg->deadlines.by_source.at("minutes");
  EXPECT_EQ(minutes.days, 15);
  EXPECT_EQ(minutes.count, day_count::working);
  EXPECT_TRUE(minutes.roll_forward);
  EXPECT_EQ(cfg->deadlines.by_source.at("inspection").count, day_count::calendar);
  EXPECT_EQ(cfg->deadlines.by_source.at("executive_meeting").days, 30);  // merged
}

TEST(FollowupConfig, RefusesWhatItCannotUseAndSaysWhere) {
  struct c {
    const char* json;
    const char* where;
  };
  for (const c& x : {
           c{"", "not JSON"},
           c{"[]", "object"},
           c{R"({"timezone": "Asia/Shanghai"})", "timezone: unknown"},
           c{R"({"time_zone": "../etc/passwd"})", "time_zone"},
           c{R"({"due_soon_days": -1})", "due_soon_days"},
           c{R"({"due_soon_days": 2.5})", "due_soon_days"},
           c{R"({"calendar": {"weekend": ["sat"]}})", "calendar.weekend"},
           c{R"({"calendar": {"holidays": ["2024-02-30"]}})", "calendar.holidays[0]"},
           c{R"({"calendar": {"holidays": ["2024-10-07..2024-10-01"]}})", "calendar.holidays[0]"},
           c{R"({"calendar": {"workdays": "2024-09-29"}})", "calendar.workdays"},
           c{R"({"calendar": {"holiday": []}})", "calendar.holiday"},
           c{R"({"deadlines": {"minutes": {"count": "working"}}})", "deadlines.minutes.days"},
           c{R"({"deadlines": {"minutes": {"days": 20, "count": "weeks"}}})",
             "deadlines.minutes.count"},
           c{R"({"deadlines": {"minutes": {"days": 20, "unit": "x"}}})", "deadlines.minutes.unit"},
       }) {
    auto cfg = parse_followup_config(x.json);
    ASSERT_FALSE(cfg) << x.json;
    EXPECT_NE(cfg.error().message.find(x.where), std::string::npos) << cfg.error().message;
  }
}

}  // namespace
}  // namespace huiwu::followup
