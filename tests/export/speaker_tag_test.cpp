// The server's speaker rule against the cases the browser's rule is tested with
// (speaker_cases.json; tests/js/speaker-tag.test.mjs runs the same file through TAG).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

#include "export/speaker_tag.hpp"

namespace huiwu::exports {
namespace {

TEST(SpeakerTag, AgreesWithTheBrowserOnEverySharedCase) {
  std::ifstream in(HUIWU_SPEAKER_CASES);
  ASSERT_TRUE(in) << HUIWU_SPEAKER_CASES;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto doc = boost::json::parse(ss.str());
  const auto& cases = doc.at("cases").as_array();
  ASSERT_GT(cases.size(), 20u);
  for (const auto& c : cases) {
    const std::string text(c.at("text").as_string());
    const auto tag = find_speaker(text);
    if (c.at("speaker").is_null()) {
      EXPECT_FALSE(tag) << "'" << text << "' gave '" << (tag ? tag->name : "") << "'";
    } else {
      ASSERT_TRUE(tag) << "'" << text << "'";
      EXPECT_EQ(tag->name, std::string(c.at("speaker").as_string())) << text;
    }
  }
}

TEST(SpeakerTag, TheStatementIsWhatFollowsTheColon) {
  auto t = find_speaker("李娜：建议压缩会议费😀。");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "李娜");
  EXPECT_EQ(t->statement, "建议压缩会议费😀。");
  t = find_speaker("Li:");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->statement, "");
}

TEST(SpeakerTag, InvalidUtf8HasNoTag) {
  EXPECT_FALSE(find_speaker("\xE5\xBC：x"));
  EXPECT_FALSE(find_speaker("\xFF:x"));
}

}  // namespace
}  // namespace huiwu::exports
