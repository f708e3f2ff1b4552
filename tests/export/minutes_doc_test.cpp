// The minutes document: layout order, the attendance lines in name order, grouping by
// item and by speaker, text kept intact, and nothing of an item the reader may not see.
#include <gtest/gtest.h>

#include "domain/access_rules.hpp"
#include "export/attendance.hpp"
#include "export/minutes_doc.hpp"
#include "sample_meeting.hpp"

namespace huiwu::exports {
namespace {

using test::sample_meeting;
using test::sample_start_ms;

v1::Meeting as_seen_by(v1::Level clearance) {
  return domain::redact(sample_meeting(), domain::viewer{"someone", clearance});
}

doc_options options(grouping g = grouping::by_item) {
  doc_options o;
  o.group = g;
  o.issue_number = "〔2026〕12号";
  o.issued_at_ms = sample_start_ms + 2 * 86'400'000;
  return o;
}

// "kind|label|text" per block, for whole-document comparisons.
std::vector<std::string> lines(const minutes_doc& d) {
  std::vector<std::string> out;
  for (const auto& b : d.blocks)
    out.push_back(std::to_string(static_cast<int>(b.kind)) + "|" + b.label + b.text);
  return out;
}

std::string k(block_kind kind, const std::string& s) {
  return std::to_string(static_cast<int>(kind)) + "|" + s;
}

const std::string opening_text =
    "2026年11月23日上午9时30分，王建国在市政府第一会议室主持召开市政府第12次常务会议，"
    "听取了关于2027年财政预算的汇报，研究了安全生产大检查有关事项。现记录如下：";

TEST(MinutesDoc, ByItemFollowsTheLayoutOfAJiyao) {
  const auto d = build_minutes(as_seen_by(v1::LEVEL_INTERNAL), options());
  EXPECT_EQ(d.title, "市政府第12次常务会议记录");
  const std::vector<std::string> want = {
      k(block_kind::marking, "内部"),
      k(block_kind::heading, "市政府第12次常务会议记录"),
      k(block_kind::issue_number, "〔2026〕12号"),
      k(block_kind::opening, opening_text),
      k(block_kind::section, "一、关于2027年财政预算的汇报"),
      k(block_kind::body, "王建国：预算总体平稳，收支基本平衡。"),
      k(block_kind::body, "李娜：建议压缩会议费😀，控制在上年水平。"),
      k(block_kind::body, "会议同意财政局的意见。"),
      k(block_kind::body, "王建国：请财政局牵头，11月底前报送。"),
      k(block_kind::section, "二、关于安全生产大检查"),
      k(block_kind::body, "李娜:检查组下周出发，重点是𠀀𠀁类企业。"),
      k(block_kind::body, "会议要求：各区县一周内自查。"),
      k(block_kind::body, "张伟：我因出差请假，书面意见已提交。"),
      k(block_kind::spacer, ""),
      k(block_kind::attendance, "出席：王建国、李娜、周杰、陈刚、赵敏"),
      k(block_kind::attendance, "请假：张伟"),
      k(block_kind::attendance, "列席：刘洋（财政局）"),
      k(block_kind::spacer, ""),
      k(block_kind::date, "2026年11月25日"),
  };
  EXPECT_EQ(lines(d), want);
}

TEST(MinutesDoc, BySpeakerCollectsEachSpeakersStatementsWithTheirItems) {
  const auto d = build_minutes(as_seen_by(v1::LEVEL_INTERNAL), options(grouping::by_speaker));
  const std::string i1 = "议题：关于2027年财政预算的汇报", i2 = "议题：关于安全生产大检查";
  const std::vector<std::string> want = {
      k(block_kind::marking, "内部"),
      k(block_kind::heading, "市政府第12次常务会议记录"),
      k(block_kind::issue_number, "〔2026〕12号"),
      k(block_kind::opening, opening_text),
      // Speakers in the meeting's name order (rank), then lines without a tag.
      k(block_kind::section, "一、王建国"),
      k(block_kind::source, i1),
      k(block_kind::body, "预算总体平稳，收支基本平衡。"),
      k(block_kind::body, "请财政局牵头，11月底前报送。"),
      k(block_kind::section, "二、李娜"),
      k(block_kind::source, i1),
      k(block_kind::body, "建议压缩会议费😀，控制在上年水平。"),
      k(block_kind::source, i2),
      k(block_kind::body, "检查组下周出发，重点是𠀀𠀁类企业。"),
      k(block_kind::section, "三、张伟"),
      k(block_kind::source, i2),
      k(block_kind::body, "我因出差请假，书面意见已提交。"),
      k(block_kind::section, "四、其他"),
      k(block_kind::source, i1),
      k(block_kind::body, "会议同意财政局的意见。"),
      k(block_kind::source, i2),
      k(block_kind::body, "会议要求：各区县一周内自查。"),
      k(block_kind::spacer, ""),
      k(block_kind::attendance, "出席：王建国、李娜、周杰、陈刚、赵敏"),
      k(block_kind::attendance, "请假：张伟"),
      k(block_kind::attendance, "列席：刘洋（财政局）"),
      k(block_kind::spacer, ""),
      k(block_kind::date, "2026年11月25日"),
  };
  EXPECT_EQ(lines(d), want);
}

TEST(MinutesDoc, ASpeakerWhoIsNoAttendeeComesAfterTheAttendeesInOrderOfSpeaking) {
  auto m = as_seen_by(v1::LEVEL_INTERNAL);
  m.mutable_agenda(0)->set_minutes("来宾乙：第一句\n王建国：第二句\n来宾甲：第三句");
  const auto d = build_minutes(m, options(grouping::by_speaker));
  std::vector<std::string> sections;
  for (const auto& b : d.blocks) {
    if (b.kind == block_kind::section) sections.push_back(b.text);
  }
  EXPECT_EQ(sections, (std::vector<std::string>{"一、王建国", "二、李娜", "三、张伟", "四、来宾乙",
                                                "五、来宾甲", "六、其他"}));
}

TEST(MinutesDoc, ItemsAboveTheReadersClearanceAreAbsentBecauseTheInputIsRedacted) {
  for (auto g : {grouping::by_item, grouping::by_speaker}) {
    const auto text = to_text(build_minutes(as_seen_by(v1::LEVEL_INTERNAL), options(g)));
    EXPECT_EQ(text.find("SENTINEL"), std::string::npos) << text;
    const auto secret = to_text(build_minutes(as_seen_by(v1::LEVEL_SECRET), options(g)));
    EXPECT_NE(secret.find("SENTINEL-TITLE"), std::string::npos);
    EXPECT_NE(secret.find("SENTINEL-MINUTES"), std::string::npos);
    EXPECT_EQ(secret.rfind("机密\n", 0), 0u) << "the marking follows what is shown";
  }
  auto open_meeting = sample_meeting();
  open_meeting.mutable_info()->set_level(v1::LEVEL_PUBLIC);
  const auto public_only =
      build_minutes(domain::redact(open_meeting, {"someone", v1::LEVEL_PUBLIC}), options());
  EXPECT_EQ(public_only.blocks.front().kind, block_kind::heading) << "nothing above public shown";
  EXPECT_EQ(to_text(public_only).find("安全生产"), std::string::npos) << "the internal item";
}

TEST(MinutesDoc, TextExportKeepsEveryCharacterAndThePartsApart) {
  const auto text = to_text(build_minutes(as_seen_by(v1::LEVEL_INTERNAL), options()));
  EXPECT_EQ(text.rfind("内部\n市政府第12次常务会议记录\n〔2026〕12号\n\n2026年11月23日", 0), 0u)
      << text;
  EXPECT_NE(text.find("\n\n一、关于2027年财政预算的汇报\n王建国：预算"), std::string::npos);
  EXPECT_NE(text.find("会议费😀"), std::string::npos);
  EXPECT_NE(text.find("𠀀𠀁类企业"), std::string::npos);
  EXPECT_NE(
      text.find("\n\n出席：王建国、李娜、周杰、陈刚、赵敏\n请假：张伟\n列席：刘洋（财政局）\n\n"
                "2026年11月25日\n"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(MinutesDoc, OpeningAndHeadingCopeWithMissingFields) {
  v1::Meeting m;
  m.mutable_info()->set_title("专题会议纪要");
  doc_options o;
  const auto d = build_minutes(m, o);
  EXPECT_EQ(d.title, "专题会议记录") << "the record, named as such";
  ASSERT_GE(d.blocks.size(), 2u);
  EXPECT_EQ(d.blocks[1].text, "召开专题会议。现记录如下：");
  v1::Meeting untitled;
  EXPECT_EQ(build_minutes(untitled, o).title, "会议记录");
  m.mutable_info()->set_title("财务工作");
  EXPECT_EQ(build_minutes(m, o).title, "财务工作会议记录");
}

TEST(MinutesDoc, AttendanceOrderIsRankThenSurnameStrokes) {
  const auto m = sample_meeting();
  std::vector<std::string> names;
  for (int i : name_order(m)) names.push_back(m.attendees(i).name());
  EXPECT_EQ(names, (std::vector<std::string>{"王建国", "李娜", "张伟", "周杰", "孙丽", "刘洋",
                                             "陈刚", "赵敏", "秘书甲"}));
}

TEST(MinutesDoc, ChineseNumbersDatesAndTimes) {
  EXPECT_EQ(chinese_number(1), "一");
  EXPECT_EQ(chinese_number(10), "十");
  EXPECT_EQ(chinese_number(11), "十一");
  EXPECT_EQ(chinese_number(20), "二十");
  EXPECT_EQ(chinese_number(99), "九十九");
  EXPECT_EQ(chinese_number(100), "100");
  const auto z = followup::time_zone::fixed("Asia/Shanghai", 8 * 3600);
  EXPECT_EQ(chinese_time(sample_start_ms, z), "2026年11月23日上午9时30分");
  EXPECT_EQ(chinese_time(sample_start_ms + 6 * 3'600'000 - 30 * 60'000, z),
            "2026年11月23日下午3时");
  EXPECT_EQ(chinese_time(sample_start_ms + 3 * 3'600'000 - 30 * 60'000, z),
            "2026年11月23日下午12时");
  // 23:30 UTC is the next day in Shanghai.
  EXPECT_EQ(chinese_time(sample_start_ms - 2 * 3'600'000, z), "2026年11月23日上午7时30分");
  EXPECT_EQ(chinese_time(sample_start_ms - 10 * 3'600'000, z), "2026年11月22日下午11时30分");
}

TEST(MinutesDoc, ParagraphsAreTheNonEmptyLines) {
  EXPECT_EQ(paragraphs_of("a\n\n  \n\u3000\nb\r\nc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(paragraphs_of("").empty());
}

}  // namespace
}  // namespace huiwu::exports
