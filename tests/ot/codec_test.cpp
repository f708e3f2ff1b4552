#include <gtest/gtest.h>

#include "ot/json_codec.hpp"
#include "ot/proto_codec.hpp"

namespace huiwu::ot {
namespace {

TEST(JsonCodec, RoundTripsTheOtJsForm) {
  const auto op = from_json(R"([5,"会议😀",-3])").value();
  EXPECT_EQ(op.base_length(), 8u);
  EXPECT_EQ(op.target_length(), 8u);
  EXPECT_EQ(to_json(op), R"([5,"会议😀",-3])");
  // Escapes decode to UTF-8; a surrogate pair escape is one code point.
  EXPECT_EQ(to_json(from_json(R"(["\u4f1a\ud83d\ude00"])").value()), R"(["会😀"])");
}

TEST(JsonCodec, RejectsBadInput) {
  EXPECT_EQ(from_json("[0]").error(), errc::zero_length_component);
  EXPECT_EQ(from_json(R"([""])").error(), errc::zero_length_component);
  EXPECT_EQ(from_json("[1.5]").error(), errc::count_out_of_range);
  EXPECT_EQ(from_json("[-9223372036854775808]").error(), errc::count_out_of_range);
  EXPECT_EQ(from_json("[18446744073709551615]").error(), errc::count_out_of_range);
  EXPECT_EQ(from_json("[true]").error(), errc::malformed);
  EXPECT_EQ(from_json("[1,").error(), errc::malformed);
  EXPECT_EQ(from_json("{}").error(), errc::malformed);
  EXPECT_EQ(from_json("[\"\xC3\"]").error(), errc::malformed);     // the JSON text itself
  EXPECT_EQ(from_json(R"(["\ud800"])").error(), errc::malformed);  // lone surrogate
  EXPECT_EQ(from_json(R"(["x\udc00"])").error(), errc::malformed);
  EXPECT_EQ(from_json(R"(["abcd"])", {.max_insert_code_points = 3}).error(),
            errc::insert_too_large);
  EXPECT_EQ(from_json("[1,-1,1]", {.max_components = 2}).error(), errc::too_many_components);
}

TEST(ProtoCodec, RoundTrips) {
  const auto op = from_json(R"([2,"𠀀é",-1,3])").value();
  const huiwu::v1::TextOperation msg = to_proto(op);
  ASSERT_EQ(msg.ops_size(), 4);
  EXPECT_EQ(msg.ops(0).retain(), 2u);
  EXPECT_EQ(msg.ops(1).insert(), "𠀀é");
  EXPECT_EQ(msg.ops(2).delete_(), 1u);
  EXPECT_EQ(from_proto(msg).value(), op);
  std::string wire;
  ASSERT_TRUE(msg.SerializeToString(&wire));
  huiwu::v1::TextOperation back;
  ASSERT_TRUE(back.ParseFromString(wire));
  EXPECT_EQ(from_proto(back).value(), op);
}

TEST(ProtoCodec, ValidatesEveryComponent) {
  huiwu::v1::TextOperation msg;
  msg.add_ops()->set_retain(0);
  EXPECT_EQ(from_proto(msg).error(), errc::zero_length_component);
  msg.Clear();
  msg.add_ops();  // oneof not set
  EXPECT_EQ(from_proto(msg).error(), errc::malformed);
  msg.Clear();
  msg.add_ops()->set_insert(std::string("\xED\xA0\x80"));  // a surrogate, in UTF-8 form
  EXPECT_EQ(from_proto(msg).error(), errc::invalid_utf8);
  msg.Clear();
  msg.add_ops()->set_insert("😀😀");
  EXPECT_EQ(from_proto(msg, {.max_insert_code_points = 1}).error(), errc::insert_too_large);
  EXPECT_TRUE(from_proto(msg, {.max_insert_code_points = 2}));
}

TEST(ProtoCodec, AcceptsNonCanonicalMessagesAndCanonicalizes) {
  huiwu::v1::TextOperation msg;
  msg.add_ops()->set_retain(1);
  msg.add_ops()->set_retain(1);
  msg.add_ops()->set_delete_(1);
  msg.add_ops()->set_insert("x");
  EXPECT_EQ(to_json(from_proto(msg).value()), R"([2,"x",-1])");
}

TEST(ProtoCodec, CarriesContinuesOnInsertsOnly) {
  const auto op = from_json(R"([2,{"insert":"会议","continues":true},-1,"x"])").value();
  const huiwu::v1::TextOperation msg = to_proto(op);
  ASSERT_EQ(msg.ops_size(), 3);  // the delete-then-insert is normalised: insert first
  EXPECT_TRUE(msg.ops(1).continues());
  EXPECT_EQ(msg.ops(1).insert(), "会议x");
  EXPECT_EQ(from_proto(msg).value(), op);
  huiwu::v1::TextOperation bad;
  auto* r = bad.add_ops();
  r->set_retain(1);
  r->set_continues(true);  // meaningless on a retain: the client is confused
  EXPECT_EQ(from_proto(bad).error(), errc::malformed);
  bad.Clear();
  auto* d = bad.add_ops();
  d->set_delete_(1);
  d->set_continues(true);
  EXPECT_EQ(from_proto(bad).error(), errc::malformed);
}

TEST(ProtoCodec, SplitsCountsAboveTheWireRange) {
  text_operation op;
  op.retain(5'000'000'000ULL);
  const auto msg = to_proto(op);
  ASSERT_EQ(msg.ops_size(), 2);
  EXPECT_EQ(msg.ops(0).retain(), 0xFFFFFFFFu);
  EXPECT_EQ(from_proto(msg).value(), op);
}

// Found by fuzz_ot (docs/fuzzing.md): two retains that merge past 2^32-1 were written as one
// element, which from_json refuses, so the operation did not survive its own JSON.
TEST(JsonCodec, SplitsMergedCountsAboveTheWireRangeSoTheyReadBack) {
  const std::string input("[4, 4294967295]", 15);
  const auto op = from_json(input).value();
  EXPECT_EQ(op.base_length(), 4'294'967'299u);
  EXPECT_EQ(to_json(op), "[4294967295,4]");
  EXPECT_EQ(from_json(to_json(op)).value(), op);
  const auto del = from_json("[-4294967295, -4294967295]").value();
  EXPECT_EQ(to_json(del), "[-4294967295,-4294967295]");
  EXPECT_EQ(from_json(to_json(del)).value(), del);
}

}  // namespace
}  // namespace huiwu::ot
