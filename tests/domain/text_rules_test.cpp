#include "domain/text_rules.hpp"

#include <gtest/gtest.h>

namespace huiwu::domain {
namespace {

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("会议纪要"), 4u);
  EXPECT_EQ(utf8_length("😀"), 1u);
  EXPECT_EQ(utf8_length("𠀀"), 1u);         // CJK Extension B, four bytes
  EXPECT_EQ(utf8_length("e\xCC\x81"), 2u);  // combining mark counts on its own
}

TEST(Utf8Length, RejectsInvalidSequences) {
  EXPECT_FALSE(utf8_length("\xFF"));
  EXPECT_FALSE(utf8_length("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(utf8_length("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(utf8_length("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(utf8_length("\xE4\xBC"));          // truncated
}

TEST(CheckText, AppliesTheRule) {
  text_rule title{text_kind::single_line, 5, true};
  EXPECT_FALSE(check_text("会议", title, "t"));
  EXPECT_EQ(check_text("", title, "t")->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(check_text("   ", title, "t")->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(check_text("一二三四五六", title, "t")->code, v1::ERROR_TOO_LARGE);
  EXPECT_EQ(check_text("a\nb", title, "t")->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(check_text("a\x01", title, "t")->code, v1::ERROR_INVALID_FIELD);
  EXPECT_EQ(check_text("a\xC2\x85", title, "t")->code, v1::ERROR_INVALID_FIELD);  // NEL
  EXPECT_EQ(check_text("a\x7F", title, "t")->field, "t");
  text_rule notes{text_kind::multi_line, 100, false};
  EXPECT_FALSE(check_text("第一行\n第二行\t", notes, "n"));
  EXPECT_FALSE(check_text("", notes, "n"));
}

}  // namespace
}  // namespace huiwu::domain
