// The logger's lines: JSON that any reader parses (whatever the bytes in a field), numbers
// as numbers, fields in order; text for people on a terminal; levels filter.
#include "base/log.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace huiwu::log {
namespace {

constexpr std::int64_t at = 1796511840957;  // 2026-12-05T23:04:00.957Z

TEST(Log, JsonLinesParseWhateverTheFieldsHold) {
  const std::string line = format_line(level::warn, "websocket closed",
                                       {{"error", "bad \"frame\"\n\t\x01 end"},
                                        {"meeting", "m1"},
                                        {"bytes", std::uint64_t{1024}},
                                        {"junk", std::string("\xff\xfe", 2)}},
                                       format::json, at);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line, whatever the fields held
  const auto v = boost::json::parse(line).as_object();
  EXPECT_EQ(v.at("level"), "warn");
  EXPECT_EQ(v.at("msg"), "websocket closed");
  EXPECT_EQ(v.at("error"), "bad \"frame\"\n\t\x01 end");
  EXPECT_EQ(v.at("meeting"), "m1");
  EXPECT_EQ(v.at("bytes").as_int64(), 1024);
  EXPECT_EQ(v.at("junk"), "\uFFFD\uFFFD");  // invalid bytes replaced, the line still parses
  EXPECT_EQ(v.at("ts"), "2026-12-05T23:04:00.957Z");
  // Fields in the order given, after ts, level and msg.
  EXPECT_LT(line.find("\"ts\""), line.find("\"level\""));
  EXPECT_LT(line.find("\"msg\""), line.find("\"error\""));
  EXPECT_LT(line.find("\"error\""), line.find("\"meeting\""));
}

TEST(Log, TextLinesAreForPeople) {
  EXPECT_EQ(format_line(level::info, "listening",
                        {{"url", "http://127.0.0.1:8080/"}, {"threads", 2}}, format::text, at),
            "2026-12-05T23:04:00.957Z info listening url=http://127.0.0.1:8080/ threads=2\n");
}

TEST(Log, LevelsFilterAndParse) {
  EXPECT_EQ(parse_level("debug"), level::debug);
  EXPECT_EQ(parse_level("warning"), level::warn);
  EXPECT_FALSE(parse_level("loud"));
  set_level(level::warn);
  EXPECT_FALSE(enabled(level::info));
  EXPECT_TRUE(enabled(level::warn));
  EXPECT_TRUE(enabled(level::error));
  set_level(level::info);
  EXPECT_TRUE(enabled(level::info));
  EXPECT_FALSE(enabled(level::debug));
}

}  // namespace
}  // namespace huiwu::log
