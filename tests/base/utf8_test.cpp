#include "base/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace huiwu::utf8 {
namespace {

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(count(""), 0u);
  EXPECT_EQ(count("abc"), 3u);
  EXPECT_EQ(count("会议纪要"), 4u);             // 3 bytes each
  EXPECT_EQ(count("😀𠀀"), 2u);                  // 4 bytes each, 2 UTF-16 units each
  EXPECT_EQ(count("e\u0301"), 2u);              // a combining mark is its own code point
  EXPECT_EQ(count("abcdefghijklmnopq😀"), 18u);  // the 8-byte ASCII fast path, then not
}

TEST(Utf8, RejectsMalformedSequences) {
  for (const std::string& bad : {
           std::string("\x80"),              // stray continuation byte
           std::string("\xC3"),              // truncated
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xE0\x80\xAF"),      // overlong
           std::string("\xED\xA0\x80"),      // surrogate U+D800
           std::string("\xF4\x90\x80\x80"),  // above U+10FFFF
           std::string("\xFF"),
           std::string("abcdefgh\xE4\xB8"),  // truncated after the fast path
           // The three-byte shortcut (leads E1..EC, EE, EF) between ASCII: a missing or
           // wrong continuation byte, at the end or inside a run of Chinese.
           std::string("a\xE4\xB8"), std::string("会a\xE4\x41\x80会"), std::string("会议\xEF\xBC"),
           std::string("aa\xEE\x80\xC0"
                       "bb"),
           std::string("会\xE0\x9F\xBF会"),  // overlong, next to the shortcut
       }) {
    EXPECT_FALSE(count(bad)) << ::testing::PrintToString(bad);
  }
  EXPECT_TRUE(is_valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF itself
  EXPECT_EQ(count("会aa会aa：，\xEE\x80\x80 U+E000"), 16u);
}

TEST(Utf8, EncodeDecodeRoundTrip) {
  for (char32_t cp : {U'\0', U'A', U'\u007F', U'\u0080', U'\u07FF', U'\u0800', U'\uD7FF', U'\uE000',
                      U'\uFFFF', U'\U00010000', U'\U00020000', U'\U0010FFFF'}) {
    std::string s;
    encode(cp, s);
    std::size_t pos = 0;
    EXPECT_EQ(decode(s, pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

TEST(Utf8, AdvanceAndOffset) {
  const std::string s = "ab会😀cdefghijkl";
  std::size_t pos = 0;
  EXPECT_EQ(advance(s, pos, 4), advance_status::ok);
  EXPECT_EQ(pos, 2u + 3u + 4u);
  EXPECT_EQ(advance(s, pos, 10), advance_status::ok);
  EXPECT_EQ(pos, s.size());
  EXPECT_EQ(advance(s, pos, 1), advance_status::truncated);
  EXPECT_EQ(offset_of(s, 3), 5u);
  EXPECT_EQ(offset_of(s, 100), s.size());
  std::size_t p2 = 0;
  EXPECT_EQ(advance("a\xFF", p2, 2), advance_status::invalid);
}

// skip() (lead-byte counting, eight bytes at a time) lands where the validating
// advance() does, for every count, on text mixing 1- to 4-byte sequences.
TEST(Utf8, SkipAgreesWithAdvance) {
  const std::string s = "abcdefghij会议纪要😀𠀀e\u0301abcdefgh𠀀𠀀𠀀😀x";
  const std::size_t n = count(s).value();
  for (std::size_t from = 0; from <= n; ++from) {
    for (std::size_t k = 0; from + k <= n + 1; ++k) {
      std::size_t start = offset_of(s, from), a = start, b = start;
      const bool ok = advance(s, a, k) == advance_status::ok;
      EXPECT_EQ(skip(s, b, k), ok) << from << "+" << k;
      if (ok) {
        EXPECT_EQ(a, b) << from << "+" << k;
      }
    }
  }
}

TEST(Utf8, CountValidAgreesWithCountOnValidText) {
  // Every length around the eight-byte words, every sequence length, in every position.
  const std::string parts[] = {"a", "\xC3\xA9", "\xE4\xBC\x9A", "\xF0\x9F\x98\x80"};
  std::string s;
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(count_valid(s), *count(s)) << i;
    s += parts[(i * 7 + i / 5) % 4];
  }
  EXPECT_EQ(count_valid(""), 0u);
}

TEST(Utf8, ReplaceInvalidKeepsValidTextAndMarksEachBadByte) {
  EXPECT_EQ(replace_invalid("会议 ok"), "会议 ok");
  EXPECT_EQ(replace_invalid(std::string("a\xff\xfe") + "b"), "a\uFFFD\uFFFDb");
  EXPECT_EQ(replace_invalid("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate's bytes
  EXPECT_TRUE(is_valid(replace_invalid("\xC0\x80\xF4\x90\x80\x80")));
}

}  // namespace
}  // namespace huiwu::utf8
