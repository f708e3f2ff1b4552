#include "ot/transform.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "op_of.hpp"
#include "ot/json_codec.hpp"

namespace huiwu::ot {
namespace {

using test_support::op_of;

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

TEST(TransformIndex, AnInsertAtTheCaretGoesAfterItUnlessTheCaretSticksRight) {
  const auto op = op_of(R"([2,"AB",-2,2])");  // on "abcdef": ab|AB|[cd]ef
  // A caret sticking left (a writer's caret under someone else's insert) stays before
  // "AB" at 2; one sticking right (ot.js's only behaviour) moves past it.
  const std::vector<std::size_t> left = {0, 1, 2, 4, 4, 5, 6};
  const std::vector<std::size_t> right = {0, 1, 4, 4, 4, 5, 6};
  for (std::size_t i = 0; i <= 6; ++i) {
    EXPECT_EQ(transform_index(op, i, assoc::left), left[i]) << i;
    EXPECT_EQ(transform_index(op, i, assoc::right), right[i]) << i;
  }
  EXPECT_EQ(transform_index(op_of(R"(["X",1])"), 0), 0u);  // the default (follow) too
  EXPECT_EQ(transform_index(op_of(R"(["X",1])"), 0, assoc::right), 1u);
  // Text that continues its writer's run passes an idle caret, not a typing one.
  const auto cont = op_of(R"([1,{"insert":"X","continues":true}])");
  EXPECT_EQ(transform_index(cont, 1, assoc::follow), 2u);
  EXPECT_EQ(transform_index(cont, 1, assoc::left), 1u);
  EXPECT_EQ(transform_index(op_of(R"([1,"X"])"), 1), 1u);  // at the end too
  EXPECT_EQ(transform_index(op_of("[1]"), 99), 1u);        // clamped to the document
  EXPECT_EQ(transform_index(op_of("[-3]"), 2), 0u);
  // A delete right before the caret and an insert at the deletion point (a replaced
  // selection ending at the caret): the caret stays before the new text when sticking
  // left, as with a plain insert.
  EXPECT_EQ(transform_index(op_of(R"([1,"Y",-2,1])"), 3), 2u);
}

TEST(TransformIndex, ASelectionKeepsWhatWasSelected) {
  // "ab[cd]ef" selected; someone inserts at both edges: the selection grows by neither.
  const auto op = op_of(R"([2,"X",2,"Y",2])");          // -> abX cd Yef
  EXPECT_EQ(transform_index(op, 2, assoc::right), 3u);  // start: past "X"
  EXPECT_EQ(transform_index(op, 4, assoc::left), 5u);   // end: before "Y"
}

TEST(Transform, AnInsertThatContinuesItsRunGoesFirstAtATie) {
  // "abc" was typed by A; A types "de" on; B starts "X" at the same end and the server
  // took B's first. Plain server order would give "abcXde": A's sentence split.
  expect_transform("abc", R"([3,"X"])", R"([3,{"insert":"de","continues":true}])", R"([5,"X"])",
                   R"([3,{"insert":"de","continues":true},1])", "abcdeX");
  // The other order of arrival gives the same text.
  expect_transform("abc", R"([3,{"insert":"de","continues":true}])", R"([3,"X"])",
                   R"([3,{"insert":"de","continues":true},1])", R"([5,"X"])", "abcdeX");
  // Both continue (or neither): server order.
  expect_transform("", R"([{"insert":"A","continues":true}])",
                   R"([{"insert":"B","continues":true}])", R"([{"insert":"A","continues":true},1])",
                   R"([1,{"insert":"B","continues":true}])", "AB");
}

TEST(Transform, AnInsertNextToADeleteStaysAtTheDeletionPoint) {
  // a b [c d] e f deleted by a; b inserts X at the range's end, then at its start.
  expect_transform("abcdef", "[2,-2,2]", R"([4,"X",2])", R"([2,-2,3])", R"([2,"X",2])", "abXef");
  expect_transform("abcdef", "[2,-2,2]", R"([2,"X",4])", R"([3,-2,2])", R"([2,"X",2])", "abXef");
}

TEST(Compose, AdjacentInsertsMergeKeepingTheFirstFlag) {
  const auto ab = compose(op_of(R"([1,{"insert":"a","continues":true}])"), op_of(R"([2,"b"])"));
  EXPECT_EQ(to_json(ab.value()), R"([1,{"insert":"ab","continues":true}])");
  const auto ba = compose(op_of(R"([1,"a"])"), op_of(R"([2,{"insert":"b","continues":true}])"));
  EXPECT_EQ(to_json(ba.value()), R"([1,"ab"])");
}

TEST(TransformIncoming, RebasesOverHistoryWithHistoryWinningPlainTies) {
  // Server document "ab"; history made "ab" -> "Hab" -> "Hab!" while a client, still
  // at revision 0, inserted "C" at 0. Server order wins the tie: "HCab!".
  const std::vector<text_operation> history = {op_of(R"(["H",2])"), op_of(R"([3,"!"])")};
  const auto rebased = transform_incoming(op_of(R"(["C",2])"), history).value();
  EXPECT_EQ(rebased.apply("Hab!").value(), "HCab!");
  EXPECT_EQ(transform_incoming(op_of("[5]"), history).error(), errc::base_length_mismatch);
}

}  // namespace
}  // namespace huiwu::ot
