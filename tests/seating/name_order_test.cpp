// Protocol name ordering on real names: 笔画序 (both single-given-name conventions) and
// 音序 with surname readings. The expectations are the national rule's, not ICU's.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "seating/char_table.hpp"
#include "seating/name_key.hpp"
#include "seating/people_order.hpp"
#include "seating/surname_table.hpp"

namespace huiwu::seating {
namespace {

std::vector<std::string> sorted(const std::vector<std::string>& names, name_order order,
                                std::vector<std::string>* warnings = nullptr) {
  std::vector<person> people;
  for (std::size_t i = 0; i < names.size(); ++i) {
    person p;
    p.id = "p" + std::to_string(i);
    p.name = names[i];
    people.push_back(p);
  }
  auto r = people_order::sort(people, order);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  if (!r) return {};
  if (warnings) *warnings = r->warnings;
  std::vector<std::string> out;
  for (std::size_t i : r->order) out.push_back(names[i]);
  return out;
}

using names = std::vector<std::string>;

TEST(CharTable, StrokeCountsAreSimplifiedForms) {
  EXPECT_EQ(char_table::find(U'陈')->strokes, 7);
  EXPECT_EQ(char_table::find(U'黄')->strokes, 11);
  EXPECT_EQ(char_table::find(U'王')->strokes, 4);
  EXPECT_EQ(char_table::find(U'陳')->strokes, 10);  // the traditional form, as written
  EXPECT_TRUE(char_table::find(U'陳')->traditional);
  EXPECT_FALSE(char_table::find(U'陈')->traditional);
  EXPECT_FALSE(char_table::find(U'A').has_value());
}

TEST(CharTable, StrokeShapesFoldIntoFiveClasses) {
  EXPECT_EQ(char_table::find(U'王')->shapes, "1121");  // 横横竖横 (the last 横 is a 提 fold)
  EXPECT_EQ(char_table::find(U'文')->shapes, "4134");  // 点横撇捺(→点)
  EXPECT_EQ(char_table::find(U'林')->shapes, "12341234");
  EXPECT_EQ(char_table::find(U'欧')->shapes.substr(0, 2), "13");
  EXPECT_EQ(char_table::find(U'利')->shapes, "3123422");  // 竖钩 folds into 竖
  EXPECT_EQ(char_table::find(U'陈')->shapes.size(), 7u);
}

TEST(CharTable, ReadingsAndToneMarks) {
  const auto zeng = char_table::find(U'曾');
  ASSERT_TRUE(zeng);
  EXPECT_EQ(char_table::with_tone_mark(zeng->syllable, zeng->tone), "céng");  // common reading
  const auto lv = char_table::find(U'吕');
  EXPECT_EQ(char_table::with_tone_mark(lv->syllable, lv->tone), "lǚ");
  const auto liu = char_table::find(U'刘');
  EXPECT_EQ(char_table::with_tone_mark(liu->syllable, liu->tone), "liú");
  const auto gui = char_table::find(U'贵');
  EXPECT_EQ(char_table::with_tone_mark(gui->syllable, gui->tone), "guì");
  const auto ou = char_table::find(U'欧');
  EXPECT_EQ(char_table::with_tone_mark(ou->syllable, ou->tone), "ōu");
}

TEST(StrokeOrder, FewerStrokesFirst) {
  EXPECT_EQ(sorted({"黄明", "王芳", "陈伟"}, name_order::stroke_full),
            (names{"王芳", "陈伟", "黄明"}));
}

TEST(StrokeOrder, EqualCountsAreDecidedByStrokeShapes) {
  // 林 and 欧: 8 strokes, both start with 横; second strokes 丨 before 丿.
  EXPECT_EQ(sorted({"欧明", "林明"}, name_order::stroke), (names{"林明", "欧明"}));
  // 王 and 文: 4 strokes; 一 before 丶.
  EXPECT_EQ(sorted({"文华", "王华"}, name_order::stroke), (names{"王华", "文华"}));
  // 田 (丨) and 白 (丿), 5 strokes each; 石 (一) first.
  EXPECT_EQ(sorted({"白云", "田云", "石云"}, name_order::stroke_full),
            (names{"石云", "田云", "白云"}));
}

TEST(StrokeOrder, SingleGivenNameUnderBothConventions) {
  // 按姓氏笔画: the missing character is a blank and sorts first.
  EXPECT_EQ(sorted({"田大利", "田富"}, name_order::stroke), (names{"田富", "田大利"}));
  // 按姓名笔画: as written; 大 (3) before 富 (12).
  EXPECT_EQ(sorted({"田富", "田大利"}, name_order::stroke_full), (names{"田大利", "田富"}));
  // Spaces typed to align two-character names change nothing.
  EXPECT_EQ(sorted({"田大利", "田　富"}, name_order::stroke), (names{"田　富", "田大利"}));
}

TEST(StrokeOrder, SameSurnameStaysTogether) {
  EXPECT_EQ(sorted({"王五", "丁一", "王二", "丁三"}, name_order::stroke),
            (names{"丁一", "丁三", "王二", "王五"}));
}

TEST(StrokeOrder, CompoundSurnamesAreTheirCharactersInSequence) {
  // 欧 = 欧; then 阳 (6) against 大 (3), or the blank of 欧明's single given name.
  EXPECT_EQ(sorted({"欧阳修", "欧大利", "欧明"}, name_order::stroke),
            (names{"欧明", "欧大利", "欧阳修"}));
  EXPECT_EQ(sorted({"欧阳修", "欧大利", "欧明"}, name_order::stroke_full),
            (names{"欧大利", "欧阳修", "欧明"}));
  // 司马光 and 司徒雷登: 马 (3) before 徒 (10).
  EXPECT_EQ(sorted({"司徒雷登", "司马光"}, name_order::stroke), (names{"司马光", "司徒雷登"}));
  // 欧阳修's given name is single: 欧阳_修 before 欧阳大利 under 姓氏笔画.
  EXPECT_EQ(sorted({"欧阳大利", "欧阳修"}, name_order::stroke), (names{"欧阳修", "欧阳大利"}));
  EXPECT_EQ(sorted({"欧阳大利", "欧阳修"}, name_order::stroke_full), (names{"欧阳大利", "欧阳修"}));
}

TEST(StrokeOrder, SurnameHintOverridesTheCompoundTable) {
  EXPECT_EQ(surname_table::surname_length(U"司马光"), 2u);
  EXPECT_EQ(surname_table::surname_length(U"司马"), 1u);  // 司 + 马
  const name_key_builder b(name_order::stroke);
  auto as_compound = b.build("欧阳明");
  auto as_single = b.build("欧阳明", "欧");
  ASSERT_TRUE(as_compound && as_single);
  EXPECT_EQ(as_compound->surname_length, 2u);
  EXPECT_EQ(as_single->surname_length, 1u);
  EXPECT_FALSE(b.build("欧阳明", "王"));
}

TEST(StrokeOrder, TiesOnlyTheCodePointCanBreakAreWarned) {
  std::vector<std::string> warnings;
  // 己 and 已: three strokes, shapes 折横折 both.
  EXPECT_EQ(sorted({"已明", "己明"}, name_order::stroke_full, &warnings), (names{"己明", "已明"}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("码位"), std::string::npos);
}

TEST(StrokeOrder, MissingShapeDataFallsBackWithAWarning) {
  std::vector<std::string> warnings;
  // 𠮷 (U+20BB7) has a stroke count in Unihan but no stroke shapes in cnchar-order.
  const auto tsuchi = char_table::find(U'\U00020BB7');
  ASSERT_TRUE(tsuchi);
  EXPECT_TRUE(tsuchi->shapes.empty());
  const auto ji = char_table::find(U'吉');
  ASSERT_EQ(tsuchi->strokes, ji->strokes);
  EXPECT_EQ(sorted({"\U00020BB7田", "吉田"}, name_order::stroke_full, &warnings),
            (names{"吉田", "\U00020BB7田"}));
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].find("缺少笔形数据"), std::string::npos);
}

TEST(StrokeOrder, TraditionalFormsAreCountedAsWrittenAndWarned) {
  std::vector<std::string> warnings;
  // 陳 is 10 strokes as written (陈 is 7), and cnchar-order has no shapes for it.
  EXPECT_EQ(sorted({"陳明", "黄明"}, name_order::stroke_full, &warnings), (names{"陳明", "黄明"}));
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("缺少笔形数据"), std::string::npos);
  EXPECT_NE(warnings[1].find("繁体"), std::string::npos);
}

TEST(StrokeOrder, LatinNamesGoAfterChineseNamesCaseInsensitive) {
  std::vector<std::string> warnings;
  EXPECT_EQ(
      sorted({"bob Smith", "王伟", "Anna Lee", "丁一", "Émile"}, name_order::stroke, &warnings),
      (names{"丁一", "王伟", "Anna Lee", "bob Smith", "Émile"}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("拉丁字母"), std::string::npos);
}

TEST(StrokeOrder, MinorityNamesWithSeparators) {
  // The separator is not compared; no surname rule applies.
  EXPECT_EQ(sorted({"阿沛·阿旺晋美", "丁一"}, name_order::stroke),
            (names{"丁一", "阿沛·阿旺晋美"}));
}

TEST(PinyinOrder, SurnameReadingsOverrideTheCommonOnes) {
  // 曾 Zēng, not céng: after 陈 (chén), before 张 (zhāng).
  EXPECT_EQ(sorted({"曾国藩", "张三", "陈明", "蔡伟"}, name_order::pinyin),
            (names{"蔡伟", "陈明", "曾国藩", "张三"}));
  // 单 Shàn: after 沙 (shā), not before 邓 (dèng).
  EXPECT_EQ(sorted({"单田芳", "邓小平", "沙莉"}, name_order::pinyin),
            (names{"邓小平", "沙莉", "单田芳"}));
  // 解 Xiè: after 金 (jīn).
  EXPECT_EQ(sorted({"解缙", "金一"}, name_order::pinyin), (names{"金一", "解缙"}));
  // 区 Ōu: before 潘 and 钱; with 欧 (ōu too) by strokes, 区 (4) first.
  EXPECT_EQ(sorted({"钱三", "欧明", "区明", "潘五"}, name_order::pinyin),
            (names{"区明", "欧明", "潘五", "钱三"}));
  // 仇 Qiú: after 邱 (qiū).
  EXPECT_EQ(sorted({"仇英", "邱明"}, name_order::pinyin), (names{"邱明", "仇英"}));
  // 查 Zhā: after 陈.
  EXPECT_EQ(sorted({"查良镛", "陈明"}, name_order::pinyin), (names{"陈明", "查良镛"}));
  // 朴 Piáo: before 蒲 (pú).
  EXPECT_EQ(sorted({"蒲松龄", "朴树"}, name_order::pinyin), (names{"朴树", "蒲松龄"}));
  // 盖 Gě: after 高 (gāo).
  EXPECT_EQ(sorted({"盖叫天", "高明"}, name_order::pinyin), (names{"高明", "盖叫天"}));
  // 华 Huà: after 滑 (huá).
  EXPECT_EQ(sorted({"华罗庚", "滑明"}, name_order::pinyin), (names{"滑明", "华罗庚"}));
}

TEST(PinyinOrder, CompoundSurnameReadings) {
  // 尉迟 Yùchí: after 吴 and 杨, not among the W.
  EXPECT_EQ(sorted({"尉迟恭", "吴用", "杨志"}, name_order::pinyin),
            (names{"吴用", "杨志", "尉迟恭"}));
  // 尉 alone is Wèi.
  EXPECT_EQ(sorted({"尉明", "吴用", "王五"}, name_order::pinyin), (names{"王五", "尉明", "吴用"}));
  // 万俟 Mòqí: before 牛 (niú), not among the W.
  EXPECT_EQ(sorted({"牛皋", "万俟卨"}, name_order::pinyin), (names{"万俟卨", "牛皋"}));
  // 欧阳 and 司马: their characters in sequence.
  EXPECT_EQ(sorted({"欧阳修", "欧明", "司马光", "宋江"}, name_order::pinyin),
            (names{"欧明", "欧阳修", "司马光", "宋江"}));
}

TEST(PinyinOrder, GivenNameDecidesWithinASurnameAndGroupsStay) {
  EXPECT_EQ(sorted({"王五", "黄明", "王二", "李四", "黎明"}, name_order::pinyin),
            (names{"黄明", "黎明", "李四", "王二", "王五"}));
}

TEST(PinyinOrder, PinyinIsReportedWithTheSurnameReading) {
  std::vector<person> people(1);
  people[0].id = "x";
  people[0].name = "曾国藩";
  auto r = people_order::sort(people, name_order::pinyin);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->notes[0].pinyin, "Zēng Guófān");
  people[0].name = "欧阳修";
  r = people_order::sort(people, name_order::pinyin);
  EXPECT_EQ(r->notes[0].pinyin, "Ōuyáng Xiū");
}

TEST(RankOrder, RanksDecideAndMustBeComplete) {
  std::vector<person> people(3);
  for (int i = 0; i < 3; ++i) {
    people[static_cast<std::size_t>(i)].id = "p" + std::to_string(i);
    people[static_cast<std::size_t>(i)].name = "人";
  }
  people[0].rank = 30;
  people[1].rank = 10;
  people[2].rank = 20;
  auto r = people_order::sort(people, name_order::rank);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->order, (std::vector<std::size_t>{1, 2, 0}));
  people[2].rank = 10;
  auto dup = people_order::sort(people, name_order::rank);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "duplicate_rank");
  people[2].rank.reset();
  auto missing = people_order::sort(people, name_order::rank);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "missing_rank");
}

}  // namespace
}  // namespace huiwu::seating
