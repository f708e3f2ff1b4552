// core/hot_json: the hand-written JSON of acks, carets and edits of the minutes must be the
// bytes protobuf's JSON util prints, and reading a request must end exactly as the util's
// reading does (the same message, or the same refusal), whatever the client sends.
#include "core/hot_json.hpp"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

#include "base/utf8.hpp"
#include "core/frame.hpp"
#include "printer_text.hpp"

namespace huiwu::core {
namespace {

std::string util_json(const v1::Envelope& e) {
  return core::util_json(e);
}

std::string hot(const v1::Envelope& e) {
  std::string out;
  EXPECT_TRUE(hot_json::encode(e, out)) << e.ShortDebugString();
  return out;
}

// The util's reading of a frame: "" and the message, or its complaint.
std::string util_read(std::string_view s, v1::Envelope& out) {
  google::protobuf::util::JsonParseOptions o;
  o.ignore_unknown_fields = false;
  const auto st = google::protobuf::util::JsonStringToMessage(s, &out, o);
  return st.ok() ? std::string()
                 : "not a valid request: " + utf8::replace_invalid(std::string(st.message()));
}

struct gen {
  std::mt19937_64 rng{20261206};
  std::uint64_t u64() {
    switch (rng() % 5) {
      case 0:
        return 0;
      case 1:
        return std::numeric_limits<std::uint64_t>::max();
      case 2:
        return rng() % 100;
      case 3:
        return (std::uint64_t{1} << 53) + rng() % 3;
      default:
        return rng();
    }
  }
  std::uint32_t u32() {
    return rng() % 3 == 0 ? std::numeric_limits<std::uint32_t>::max()
                          : static_cast<std::uint32_t>(rng() % 100000);
  }
  bool boolean() { return rng() % 2 == 0; }
  // Text with every kind of character the printer treats differently.
  std::string text() {
    using printer_test::printer_pool;
    std::string s;
    const auto n = rng() % 12;
    for (std::size_t i = 0; i < n; ++i)
      utf8::encode(printer_pool[rng() % std::size(printer_pool)], s);
    return s;
  }
  v1::TextOperation op() {
    v1::TextOperation o;
    const auto n = rng() % 5;
    for (std::size_t i = 0; i < n; ++i) {
      auto* c = o.add_ops();
      switch (rng() % 4) {
        case 0:
          c->set_retain(u32());
          break;
        case 1:
          c->set_insert(text());
          break;
        case 2:
          c->set_delete_(u32());
          break;
        default:
          break;  // no kind at all
      }
      if (rng() % 3 == 0) c->set_continues(boolean());
    }
    return o;
  }
  v1::Envelope event() {
    v1::Envelope e;
    e.set_id(rng() % 4 == 0 ? u64() : 0);
    auto* ev = e.mutable_event();
    ev->set_meeting_id(text());
    ev->set_version(u64());
    ev->set_at_ms(rng() % 4 == 0 ? -static_cast<std::int64_t>(rng() % 1000000)
                                 : static_cast<std::int64_t>(rng() >> 1));
    ev->set_client_id(text());
    ev->set_client_seq(u64());
    ev->set_client_name(text());
    ev->set_account_id(text());
    auto* m = ev->mutable_change()->mutable_edit_minutes();
    m->set_item_id(text());
    m->set_base_version(u64());
    *m->mutable_op() = op();
    return e;
  }
  v1::Envelope ack() {
    v1::Envelope e;
    e.set_id(u64());
    auto* a = e.mutable_ack();
    a->set_meeting_id(text());
    a->set_version(u64());
    a->set_duplicate(boolean());
    a->set_client_seq(u64());
    return e;
  }
  v1::Envelope welcome() {
    v1::Envelope e;
    e.set_id(u64());
    auto* w = e.mutable_welcome();
    w->set_server_id(text());
    w->set_server_time_ms(rng() % 3 == 0 ? -static_cast<std::int64_t>(rng() % 1000)
                                         : static_cast<std::int64_t>(u64() >> 1));
    w->set_protocol(text());
    w->set_time_zone(text());
    if (rng() % 4 != 0) {
      auto* a = w->mutable_account();
      a->set_id(text());
      a->set_name(text());
      a->set_unit(text());
      a->set_title(text());
      a->set_clearance(static_cast<v1::Level>(rng() % 4));
      a->set_admin(boolean());
    }
    return e;
  }
  v1::Envelope presence() {
    v1::Envelope e;
    e.set_id(u64());
    auto* p = e.mutable_presence();
    p->set_meeting_id(text());
    p->set_item_id(text());
    p->set_anchor(u32());
    p->set_head(u32());
    p->set_version(u64());
    p->set_typing(boolean());
    p->set_client_id(text());
    p->set_client_name(text());
    return e;
  }
  v1::Envelope command() {
    v1::Envelope e;
    e.set_id(u64());
    auto* c = e.mutable_command();
    c->set_meeting_id(text());
    c->set_client_id(text());
    c->set_client_seq(u64());
    c->set_expected_version(u64());
    auto* m = c->mutable_change()->mutable_edit_minutes();
    m->set_item_id(text());
    m->set_base_version(u64());
    *m->mutable_op() = op();
    return e;
  }
};

TEST(HotJson, EveryCodePointIsPrintedAsTheUtilPrintsIt) {
  std::string chunk;
  int n = 0;
  auto check = [&] {
    v1::Envelope e;
    e.mutable_ack()->set_meeting_id(chunk);
    ASSERT_EQ(hot(e), util_json(e)) << "chunk ending at " << n;
    chunk.clear();
  };
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    utf8::encode(c, chunk);
    if (++n % 2048 == 0) check();
  }
  check();
}

TEST(HotJson, GeneratedHotFramesAreTheUtilsBytes) {
  gen g;
  for (int i = 0; i < 3000; ++i) {
    for (const auto& e : {g.event(), g.ack(), g.presence(), g.welcome()}) {
      ASSERT_EQ(hot(e), util_json(e)) << e.ShortDebugString();
      // And what a connection is sent: the frame's one JSON encoding.
      ASSERT_EQ(*make_frame(e)->encoded(wire_format::json), util_json(e));
    }
  }
  // Edge shapes: all defaults, an empty operation, an empty component.
  v1::Envelope e;
  e.mutable_event()->mutable_change()->mutable_edit_minutes()->mutable_op();
  EXPECT_EQ(hot(e), util_json(e));
  e.mutable_event()->mutable_change()->mutable_edit_minutes()->mutable_op()->add_ops();
  EXPECT_EQ(hot(e), util_json(e));
  e.Clear();
  e.mutable_ack();
  EXPECT_EQ(hot(e), util_json(e));
  e.Clear();
  e.mutable_presence();
  EXPECT_EQ(hot(e), util_json(e));
}

TEST(HotJson, EverythingElseIsLeftToTheUtil) {
  std::string out;
  v1::Envelope e;
  e.mutable_event()->mutable_change()->mutable_edit_item()->mutable_item()->set_title("议题");
  EXPECT_FALSE(hot_json::encode(e, out));
  e.Clear();
  e.mutable_event()->set_version(3);  // version only: no change for this reader
  EXPECT_FALSE(hot_json::encode(e, out));
  e.Clear();
  e.mutable_event()->mutable_change()->mutable_edit_minutes();  // no op: the util omits it
  EXPECT_FALSE(hot_json::encode(e, out));
  e.Clear();
  e.mutable_pong()->set_server_time_ms(5);
  EXPECT_FALSE(hot_json::encode(e, out));
  e.Clear();
  e.mutable_welcome()->mutable_account()->set_clearance(static_cast<v1::Level>(9));
  EXPECT_FALSE(hot_json::encode(e, out));  // a level this build has no name for
  e.Clear();
  e.mutable_ack()->set_meeting_id(std::string("\xff\xfe", 2));  // not text: not ours to print
  EXPECT_FALSE(hot_json::encode(e, out));
  EXPECT_TRUE(out.empty());
}

// The browser's shape of a frame: numbers as numbers, defaults left out, spaces here and there.
std::string browser_json(const v1::Envelope& e, std::mt19937_64& rng) {
  std::string s = to_json(e);
  // 64-bit numbers unquoted where they fit a double exactly.
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' && i > 0 && s[i - 1] == ':' && i + 1 < s.size() && s[i + 1] >= '0' &&
        s[i + 1] <= '9') {
      auto end = s.find('"', i + 1);
      const auto digits = s.substr(i + 1, end - i - 1);
      if (digits.find_first_not_of("0123456789") == std::string::npos && digits.size() < 16 &&
          rng() % 2) {
        out += digits;
        i = end;
        continue;
      }
    }
    out += s[i];
    if ((s[i] == ',' || s[i] == ':' || s[i] == '{') && rng() % 7 == 0)
      out += rng() % 2 ? " " : "\n\t";
  }
  return out;
}

void expect_same_reading(const std::string& frame) {
  v1::Envelope mine, theirs;
  const auto why = decode_request(frame, wire_format::json, mine);
  const auto util_why = util_read(frame, theirs);
  ASSERT_EQ(why, util_why) << frame;
  if (why.empty()) {
    ASSERT_EQ(mine.SerializeAsString(), theirs.SerializeAsString()) << frame;
  }
}

TEST(HotJson, PlainRequestsAreReadByHandAndAsTheUtilReadsThem) {
  gen g;
  std::mt19937_64 rng(7);
  int by_hand = 0;
  for (int i = 0; i < 3000; ++i) {
    for (const auto& e : {g.command(), g.presence()}) {
      for (const auto& frame : {to_json(e), browser_json(e, rng)}) {
        v1::Envelope mine, theirs;
        if (hot_json::decode(frame, mine)) ++by_hand;
        expect_same_reading(frame);
      }
    }
  }
  // Nearly all of them took the hand-written path (text with U+0000 goes to the util).
  EXPECT_GT(by_hand, 9000);
  // What a browser sends for one typed character.
  v1::Envelope out;
  EXPECT_TRUE(hot_json::decode(
      R"({"id":12,"command":{"meeting_id":"m1","client_id":"c","client_seq":3,"expected_version":0,)"
      R"("change":{"edit_minutes":{"item_id":"i1","base_version":17,"op":{"ops":[{"retain":5},)"
      R"({"insert":"\u5b57\/\"","continues":true}]}}}}})",
      out));
  EXPECT_EQ(out.command().change().edit_minutes().op().ops(1).insert(), "字/\"");
}

TEST(HotJson, OddRequestsEndAsTheUtilEndsThem) {
  const std::string frames[] = {
      R"({"id":1,"command":{"meetingId":"m","change":{"editMinutes":{}}}})",  // JSON names
      R"({"id":1,"id":2,"presence":{}})",                                     // twice
      R"({"id":1,"presence":{"anchor":-1}})",
      R"({"id":1,"presence":{"anchor":1.0}})",
      R"({"id":1,"presence":{"anchor":1e2}})",
      R"({"id":1,"presence":{"anchor":4294967296}})",
      R"({"id":1,"presence":{"anchor":"7"}})",
      R"({"id":1,"presence":{"version":9007199254740993}})",
      R"({"id":1,"presence":{"version":"18446744073709551616"}})",
      R"({"id":1,"presence":{"version":null}})",
      R"({"id":1,"presence":{"typing":"true"}})",
      R"({"id":1,"presence":{"item_id":"a\u0000b"}})",
      R"({"id":1,"presence":{"item_id":"\ud800"}})",
      R"({"id":1,"presence":{"item_id":"\ud83d\ude00"}})",
      R"({"id":1,"presence":{"item_id":"\x"}})",
      R"({"id":1,"presence":{},"command":{}})",
      R"({"id":1,"presence":{"nope":1}})",
      R"({"id":1,"command":{"change":{"edit_minutes":{"op":{"ops":[{"retain":1,"insert":"a"}]}}}}})",
      R"({"id":1,"command":{"change":{"edit_minutes":{"op":{"ops":[{}]}}}}})",
      R"({"id":1,"command":{"change":{"edit_minutes":{},"edit_item":{}}}})",
      R"({"id":1,"presence":{}} x)",
      R"({"id":01,"presence":{}})",
      R"({"presence":{}})",
      R"({"id":1})",
      R"({})",
      R"([])",
      "{\"id\":1,\"presence\":{\"item_id\":\"\xff\"}}",
      "{\"id\":1,\"presence\":{\"item_id\":\"a\tb\"}}",
      "",
  };
  for (const auto& f : frames) expect_same_reading(f);
}

TEST(HotJson, MutatedRequestsEndAsTheUtilEndsThem) {
  gen g;
  std::mt19937_64 rng(11);
  static const char junk[] = "{}[]\":,0123456789-.eE aA_\\u/tn";
  for (int i = 0; i < 4000; ++i) {
    std::string f = browser_json(i % 2 ? g.command() : g.presence(), rng);
    const auto edits = 1 + rng() % 3;
    for (std::size_t k = 0; k < edits && !f.empty(); ++k) {
      const auto at = rng() % f.size();
      switch (rng() % 3) {
        case 0:
          f.erase(at, 1);
          break;
        case 1:
          f.insert(at, 1, junk[rng() % (sizeof junk - 1)]);
          break;
        default:
          f[at] = junk[rng() % (sizeof junk - 1)];
      }
    }
    expect_same_reading(f);
  }
}

}  // namespace
}  // namespace huiwu::core
