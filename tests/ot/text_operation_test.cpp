#include "ot/text_operation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "base/utf8.hpp"
#include "op_of.hpp"
#include "ot/json_codec.hpp"
#include "random_source.hpp"

namespace huiwu::ot {
namespace {

using test_support::op_of;

TEST(TextOperation, BuilderMergesAndCountsCodePoints) {
  text_operation op;
  op.retain(2).retain(0).retain(3).insert("会").insert("😀").insert("").erase(1).erase(2);
  EXPECT_EQ(to_json(op), R"([5,"会😀",-3])");
  EXPECT_EQ(op.base_length(), 8u);
  EXPECT_EQ(op.target_length(), 7u);
}

TEST(TextOperation, InsertAfterDeleteIsCanonicalizedBeforeIt) {
  // erase then insert == insert then erase in effect; both build the same operation.
  text_operation a, b;
  a.retain(1).erase(2).insert("xy");
  b.retain(1).insert("xy").erase(2);
  EXPECT_EQ(a, b);
  EXPECT_EQ(to_json(a), R"([1,"xy",-2])");
  a.insert("z");  // joins the insert in front of the delete
  EXPECT_EQ(to_json(a), R"([1,"xyz",-2])");
  text_operation c;
  c.erase(1).insert("q");
  EXPECT_EQ(to_json(c), R"(["q",-1])");
}

TEST(TextOperation, IsNoop) {
  EXPECT_TRUE(text_operation{}.is_noop());
  EXPECT_TRUE(text_operation{}.retain(5).is_noop());
  EXPECT_FALSE(text_operation{}.retain(5).insert("a").is_noop());
  EXPECT_FALSE(text_operation{}.erase(1).is_noop());
}

TEST(TextOperation, InsertRejectsInvalidUtf8WithADocumentedException) {
  text_operation op;
  EXPECT_THROW(op.insert("\xC3"), std::invalid_argument);
  EXPECT_EQ(op, text_operation{});
}

TEST(TextOperation, ApplyWalksCodePoints) {
  EXPECT_EQ(op_of(R"([1,"中",-1,1])").apply("😀𠀀é").value(), "😀中é");
  EXPECT_EQ(op_of(R"(["start ",3," end"])").apply("a😀b").value(), "start a😀b end");
  EXPECT_EQ(op_of("[]").apply("").value(), "");
  EXPECT_EQ(op_of("[-3]").apply("会议室").value(), "");
}

TEST(TextOperation, ApplyRejectsWrongDocuments) {
  EXPECT_EQ(op_of("[3]").apply("ab").error(), errc::document_length_mismatch);
  EXPECT_EQ(op_of("[2]").apply("abc").error(), errc::document_length_mismatch);
  EXPECT_EQ(op_of("[2]").apply("😀").error(), errc::document_length_mismatch);  // 4 bytes, 1 cp
  EXPECT_EQ(op_of("[1]").apply("😀😀").error(), errc::document_length_mismatch);
  EXPECT_EQ(op_of("[-1]").apply("").error(), errc::document_length_mismatch);
  EXPECT_EQ(op_of("[]").apply("x").error(), errc::document_length_mismatch);
}

TEST(TextOperation, InvertUndoes) {
  const std::string doc = "会议😀纪要";
  const auto op = op_of(R"([1,"X",-2,"YZ",2])");
  const std::string after = op.apply(doc).value();
  const auto inv = op.invert(doc).value();
  EXPECT_EQ(inv.apply(after).value(), doc);
  EXPECT_EQ(to_json(inv), R"([1,"议😀",-3,2])");
  EXPECT_EQ(op.invert("longer!").error(), errc::document_length_mismatch);
}

TEST(TextOperation, CheckLimits) {
  const auto op = op_of(R"(["😀😀😀",1,"a"])");
  EXPECT_FALSE(op.check_limits({}));
  EXPECT_EQ(op.check_limits({.max_insert_code_points = 3}), errc::insert_too_large);
  EXPECT_FALSE(op.check_limits({.max_insert_code_points = 4}));
  EXPECT_EQ(op.check_limits({.max_components = 2}), errc::too_many_components);
}

// A 100k-code-point document (mixed scripts) edited in 200 places: one pass, no
// per-component rescans. Prints the time; the bound is loose for sanitizer builds.
TEST(TextOperation, ApplyOnALargeDocumentIsOnePass) {
  testing::random_source rng(7);
  const std::string doc = rng.text(100'000);
  text_operation op;
  for (int i = 0; i < 200; ++i) op.retain(490).erase(5).insert("新文字").retain(5);
  op.retain(100'000 - op.base_length());
  const auto start = std::chrono::steady_clock::now();
  std::string out;
  for (int i = 0; i < 20; ++i) out = op.apply(doc).value();
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count() /
                  20;
  std::printf("apply on %zu bytes / 100000 code points: %lld us\n", doc.size(),
              static_cast<long long>(us));
  // 200 edits each delete 5 code points and insert 3.
  EXPECT_EQ(utf8::count(out), 100'000u - 200 * 5 + 200 * 3);
  EXPECT_EQ(op.invert(doc).value().apply(out).value(), doc);
  EXPECT_LT(us, 50'000);
}

}  // namespace
}  // namespace huiwu::ot
