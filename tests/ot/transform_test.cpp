#include "ot/transform.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ot/json_codec.hpp"

namespace huiwu::ot {
namespace {

text_operation op_of(std::string_view json) {
  return from_json(json).value();
}

// Both orders of application give `expected`, and the transformed pair is as shown.
void expect_transform(std::string_view doc, std::string_view a, std::string_view b,
                      std::string_view a_prime, std::string_view b_prime,
                      std::string_view expected) {
  const auto [a1, b1] = transform(op_of(a), op_of(b)).value();
  EXPECT_EQ(to_json(a1), a_prime);
  EXPECT_EQ(to_json(b1), b_prime);
  EXPECT_EQ(b1.apply(op_of(a).apply(doc).value()).value(), expected);
  EXPECT_EQ(a1.apply(op_of(b).apply(doc).value()).value(), expected);
}

TEST(Compose, TypedThenDeletedLeavesNothing) {
  // "ab" -a-> "aXYb" -b-> "aYb": X typed then deleted never shows in the composition.
  const auto ab = compose(op_of(R"([1,"XY",1])"), op_of(R"([1,-1,2])")).value();
  EXPECT_EQ(to_json(ab), R"([1,"Y",1])");
}

TEST(Compose, SplitsInsertsAtCodePoints) {
  const auto a = op_of(R"(["😀𠀀中"])");
  const auto b = op_of(R"([1,"|",2])");
  EXPECT_EQ(to_json(compose(a, b).value()), R"(["😀|𠀀中"])");
}

TEST(Compose, RejectsMismatchedLengths) {
  EXPECT_EQ(compose(op_of("[1]"), op_of("[2]")).error(), errc::base_length_mismatch);
}

TEST(Transform, ConcurrentInsertsAtOnePlaceFirstArgumentGoesLeft) {
  //  base  x y | z      a inserts A at 2, b inserts B at 2  ->  x y A B z
  expect_transform("xyz", R"([2,"A",1])", R"([2,"B",1])", R"([2,"A",2])", R"([3,"B",1])", "xyABz");
  expect_transform("", R"(["A"])", R"(["B"])", R"(["A",1])", R"([1,"B"])", "AB");
}

TEST(Transform, OverlappingDeletesDeleteOnce) {
  //  a b c d e f     a deletes [b c d], b deletes [c d e]
  //    ^^^^^
  //      ^^^^^      a' deletes only e (b took c d), b' deletes only b
  expect_transform("abcdef", "[1,-3,2]", "[2,-3,1]", "[1,-1,1]", "[1,-1,1]", "af");
  expect_transform("ab", "[-2]", "[-2]", "[]", "[]", "");
}

TEST(Transform, InsertInsideADeletedRangeSurvives) {
  //  a [b c | d e] f   a deletes b..e, b inserts X between c and d: X stays.
  expect_transform("abcdef", "[1,-4,1]", R"([3,"X",3])", R"([1,-2,1,-2,1])", R"([1,"X",1])", "aXf");
}

TEST(Transform, AstralCharactersAreOneCodePoint) {
  expect_transform("😀𠀀", R"([1,"中",1])", "[-1,1]", R"(["中",1])", R"([-1,2])", "中𠀀");
}

TEST(Transform, RejectsMismatchedLengths) {
  EXPECT_EQ(transform(op_of("[1]"), op_of("[2]")).error(), errc::base_length_mismatch);
}

TEST(TransformIndex, MovesCaretsLikeOtJs) {
  const auto op = op_of(R"([2,"AB",-2,2])");  // on "abcdef": ab|AB|[cd]ef
  const std::vector<std::size_t> expected = {0, 1, 4, 4, 4, 5, 6};
  for (std::size_t i = 0; i <= 6; ++i) EXPECT_EQ(transform_index(op, i), expected[i]) << i;
  EXPECT_EQ(transform_index(op_of(R"(["X",1])"), 0), 1u);  // insert at the caret: after it
  EXPECT_EQ(transform_index(op_of("[1]"), 99), 1u);        // clamped to the document
  EXPECT_EQ(transform_index(op_of("[-3]"), 2), 0u);
}

TEST(TransformIncoming, RebasesOverHistoryWithHistoryWinningTies) {
  // Server document "ab"; history made "ab" -> "Hab" -> "Hab!" while a client, still
  // at revision 0, inserted "C" at 0. Server order wins the tie: "HCab!".
  const std::vector<text_operation> history = {op_of(R"(["H",2])"), op_of(R"([3,"!"])")};
  const auto rebased = transform_incoming(op_of(R"(["C",2])"), history).value();
  EXPECT_EQ(rebased.apply("Hab!").value(), "HCab!");
  EXPECT_EQ(transform_incoming(op_of("[5]"), history).error(), errc::base_length_mismatch);
}

}  // namespace
}  // namespace huiwu::ot
