// core/frame: a join's JSON, long minutes and all, is printed by core/proto_json in one pass
// (decision 0042; before it, by the util around minutes spliced in by hand, 0041): the frame
// a browser gets must be byte for byte what protobuf's JSON util prints for the envelope.
#include "core/frame.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "base/utf8.hpp"
#include "printer_text.hpp"

namespace huiwu::core {
namespace {

std::string frame_json(const v1::Envelope& e) {
  return *make_frame(e)->encoded(wire_format::json);
}

// Text with every kind of character the printer treats differently, `n` code points.
std::string text(std::mt19937_64& rng, std::size_t n) {
  using printer_test::printer_pool;
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    // Mostly plain letters, as a record is, with the rest mixed in.
    if (rng() % 4 != 0) {
      s += static_cast<char>('a' + rng() % 26);
    } else {
      utf8::encode(printer_pool[rng() % std::size(printer_pool)], s);
    }
  }
  return s;
}

v1::Envelope join_with(std::mt19937_64& rng, int items, std::size_t minutes_len) {
  v1::Envelope e;
  e.set_id(rng() % 1000);
  auto* j = e.mutable_joined();
  j->set_meeting_id("m1");
  j->set_epoch("ep");
  j->set_version(rng() % 100000);
  auto* s = j->mutable_snapshot();
  s->set_id("m1");
  s->mutable_info()->set_title(text(rng, 12));
  for (int i = 0; i < items; ++i) {
    auto* item = s->add_agenda();
    item->set_id("i" + std::to_string(i + 1));
    item->set_title(text(rng, 8));
    item->set_notes(text(rng, 20));
    item->set_status(v1::ITEM_ACTIVE);
    if (rng() % 5 != 0) item->set_minutes(text(rng, minutes_len / 2 + rng() % minutes_len));
    if (rng() % 2 == 0) item->add_materials()->set_title(text(rng, 6));
  }
  s->add_attendees()->set_name("张三");
  return e;
}

TEST(Frame, AJoinsLongMinutesArePrintedAsTheUtilPrintsThem) {
  std::mt19937_64 rng(20261206);
  for (int round = 0; round < 200; ++round) {
    const auto e = join_with(rng, static_cast<int>(rng() % 5), 1 + rng() % 12000);
    ASSERT_EQ(frame_json(e), util_json(e)) << "round " << round;
  }
}

TEST(Frame, A100kRecordAmongOtherItemsIsPrintedWhole) {
  std::mt19937_64 rng(7);
  auto e = join_with(rng, 3, 10);
  auto* items = e.mutable_joined()->mutable_snapshot()->mutable_agenda();
  items->Mutable(1)->set_minutes(std::string(100000, 'x'));
  items->Mutable(2)->set_minutes("会议记录：\n张三：同意。\"引号\" \\ <b>\u2028");
  const auto json = frame_json(e);
  EXPECT_EQ(json, util_json(e));
  EXPECT_NE(json.find(std::string(100000, 'x')), std::string::npos);
  EXPECT_NE(json.find(R"(张三：同意。\"引号\" \\ \u003cb\u003e\u2028)"), std::string::npos) << json;
}

// A record that holds what the splice of decision 0041 used as markers stays as written.
TEST(Frame, TextThatLooksLikeAMarkerStaysText) {
  std::mt19937_64 rng(11);
  auto e = join_with(rng, 2, 10);
  auto* items = e.mutable_joined()->mutable_snapshot()->mutable_agenda();
  items->Mutable(0)->set_minutes("\x01hwm0.1\x01" + std::string(5000, 'y') + "\x01hwm.0\x01");
  items->Mutable(1)->set_minutes("\x01hwm12345.0\x01");
  EXPECT_EQ(frame_json(e), util_json(e));
}

TEST(Frame, ShortMinutesAndInvalidUtf8GoThroughTheUtilAlone) {
  std::mt19937_64 rng(3);
  auto e = join_with(rng, 2, 10);
  EXPECT_EQ(frame_json(e), util_json(e));
  auto* items = e.mutable_joined()->mutable_snapshot()->mutable_agenda();
  items->Mutable(0)->set_minutes(std::string(6000, 'z') + "\xC3");  // cut in a character
  EXPECT_EQ(frame_json(e), util_json(e));
}

}  // namespace
}  // namespace huiwu::core
