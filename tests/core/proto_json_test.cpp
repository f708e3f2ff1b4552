// core/proto_json: any message of the protocol printed byte for byte as protobuf's JSON util
// prints it (frame.hpp's options). The messages are generated through reflection, so every
// field of every message reachable from an Envelope is met: set, unset, empty, at its
// extremes, with text from the printer's character pool, and every oneof member in turn.
#include "core/proto_json.hpp"

#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "base/utf8.hpp"
#include "core/frame.hpp"
#include "printer_text.hpp"

namespace huiwu::core {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

std::string the_util(const pb::Message& m) {
  return core::util_json(m);
}

std::string printed(const pb::Message& m) {
  std::string out;
  EXPECT_TRUE(proto_json::print(m, out)) << m.ShortDebugString();
  return out;
}

// A generated message: printed as the util prints it, or (a map with entries) left to it,
// and the frame's JSON the util's either way.
void check(const pb::Message& m, bool map_entries) {
  std::string out;
  const bool ok = proto_json::print(m, out);
  if (ok) {
    ASSERT_EQ(out, the_util(m));
  } else {
    ASSERT_TRUE(map_entries) << "left to the util: " << m.ShortDebugString();
    ASSERT_EQ(out, "");
  }
  ASSERT_EQ(to_json(m), the_util(m));
}

struct generator {
  std::mt19937_64 rng;
  int max_depth = 4;
  bool map_entries = false;  // what the printer leaves to the util

  bool coin(int one_in) { return rng() % static_cast<std::uint64_t>(one_in) == 0; }

  std::string text() {
    using printer_test::printer_pool;
    std::string s;
    const auto n = coin(5) ? 0 : rng() % 12;
    for (std::size_t i = 0; i < n; ++i) {
      if (coin(2)) {
        s += static_cast<char>('a' + rng() % 26);
      } else {
        utf8::encode(printer_pool[rng() % std::size(printer_pool)], s);
      }
    }
    return s;
  }

  template <typename Int>
  Int integer() {
    switch (rng() % 5) {
      case 0:
        return 0;
      case 1:
        return std::numeric_limits<Int>::max();
      case 2:
        return std::numeric_limits<Int>::min();
      default:
        return static_cast<Int>(rng() % 100000) - (std::is_signed_v<Int> ? 50000 : 0);
    }
  }

  int enum_number(const pb::EnumDescriptor* e) {
    if (coin(10)) return 1000 + static_cast<int>(rng() % 10);  // a number the .proto does not name
    return e->value(static_cast<int>(rng() % static_cast<std::uint64_t>(e->value_count())))
        ->number();
  }

  // One value into a singular field, or appended to a repeated one.
  void value(pb::Message& m, const FD* f, int depth) {
    const auto* r = m.GetReflection();
    const bool rep = f->is_repeated();
    switch (f->cpp_type()) {
      case FD::CPPTYPE_INT32:
        rep ? r->AddInt32(&m, f, integer<std::int32_t>())
            : r->SetInt32(&m, f, integer<std::int32_t>());
        break;
      case FD::CPPTYPE_UINT32:
        rep ? r->AddUInt32(&m, f, integer<std::uint32_t>())
            : r->SetUInt32(&m, f, integer<std::uint32_t>());
        break;
      case FD::CPPTYPE_INT64:
        rep ? r->AddInt64(&m, f, integer<std::int64_t>())
            : r->SetInt64(&m, f, integer<std::int64_t>());
        break;
      case FD::CPPTYPE_UINT64:
        rep ? r->AddUInt64(&m, f, integer<std::uint64_t>())
            : r->SetUInt64(&m, f, integer<std::uint64_t>());
        break;
      case FD::CPPTYPE_BOOL:
        rep ? r->AddBool(&m, f, coin(2)) : r->SetBool(&m, f, coin(2));
        break;
      case FD::CPPTYPE_ENUM:
        rep ? r->AddEnumValue(&m, f, enum_number(f->enum_type()))
            : r->SetEnumValue(&m, f, enum_number(f->enum_type()));
        break;
      case FD::CPPTYPE_STRING:
        rep ? r->AddString(&m, f, text()) : r->SetString(&m, f, text());
        break;
      case FD::CPPTYPE_MESSAGE:
        fill(rep ? *r->AddMessage(&m, f) : *r->MutableMessage(&m, f), depth + 1);
        break;
      default:
        FAIL() << "the protocol has no field of type " << f->type_name() << ": " << f->full_name();
    }
  }

  void field(pb::Message& m, const FD* f, int depth) {
    if (f->is_map()) {
      // Distinct keys, as a map holds them.
      std::set<std::string> keys;
      const auto n = rng() % 4;
      for (std::uint64_t i = 0; i < n; ++i) keys.insert(text());
      map_entries = map_entries || !keys.empty();
      for (const auto& k : keys) {
        auto* entry = m.GetReflection()->AddMessage(&m, f);
        entry->GetReflection()->SetString(entry, f->message_type()->map_key(), k);
        value(*entry, f->message_type()->map_value(), depth);
      }
    } else if (f->is_repeated()) {
      const auto n = coin(3) ? 0 : rng() % 4;
      for (std::uint64_t i = 0; i < n; ++i) value(m, f, depth);
    } else {
      value(m, f, depth);
    }
  }

  void fill(pb::Message& m, int depth) {
    if (depth > max_depth) return;  // present and empty: every field at its default
    const auto* d = m.GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) {
      const FD* f = d->field(i);
      if (f->containing_oneof() == nullptr && !coin(3)) field(m, f, depth);
    }
    for (int i = 0; i < d->oneof_decl_count(); ++i) {
      const auto* o = d->oneof_decl(i);
      if (coin(4)) continue;
      field(m, o->field(static_cast<int>(rng() % static_cast<std::uint64_t>(o->field_count()))),
            depth);
    }
  }
};

// Every message type the protocol can print, reached from the Envelope.
void collect(const pb::Descriptor* d, std::set<const pb::Descriptor*>& seen) {
  if (!seen.insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    if (const auto* t = d->field(i)->message_type()) collect(t, seen);
  }
}

TEST(ProtoJson, EveryEnvelopeBodyIsPrintedAsTheUtilPrintsIt) {
  generator g{std::mt19937_64(20261206)};
  const auto* body = v1::Envelope::descriptor()->FindOneofByName("body");
  ASSERT_NE(body, nullptr);
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < body->field_count(); ++i) {
      v1::Envelope e;
      if (!g.coin(4)) e.set_id(g.integer<std::uint64_t>());
      g.map_entries = false;
      g.field(e, body->field(i), 0);
      SCOPED_TRACE(body->field(i)->name() + " round " + std::to_string(round));
      check(e, g.map_entries);
    }
  }
}

TEST(ProtoJson, EveryMessageTypeIsPrintedAsTheUtilPrintsIt) {
  std::set<const pb::Descriptor*> types;
  collect(v1::Envelope::descriptor(), types);
  ASSERT_GT(types.size(), 50u);
  generator g{std::mt19937_64(7)};
  for (const auto* d : types) {
    if (d->options().map_entry()) continue;  // printed as a map, met inside its message
    const auto* prototype = pb::MessageFactory::generated_factory()->GetPrototype(d);
    ASSERT_NE(prototype, nullptr) << d->full_name();
    for (int round = 0; round < 100; ++round) {
      std::unique_ptr<pb::Message> m(prototype->New());
      g.map_entries = false;
      if (round > 0) g.fill(*m, 1);  // round 0: the empty message, every field at its default
      SCOPED_TRACE(d->full_name() + " round " + std::to_string(round));
      check(*m, g.map_entries);
    }
  }
}

// A map with entries is the util's (its order is the serialized message's); an empty one is {}.
TEST(ProtoJson, AMapWithEntriesIsLeftToTheUtil) {
  v1::CreateDecision c;
  c.set_actor("a1");
  EXPECT_NE(printed(c).find(R"("clearances":{})"), std::string::npos);
  EXPECT_EQ(printed(c), the_util(c));
  const char* keys[] = {"acct-3", "acct-1", "张三", "acct-\"q\"", "acct-2", "b<>", ""};
  int n = 0;
  for (const char* k : keys) (*c.mutable_clearances())[k] = static_cast<v1::Level>(n++ % 3);
  std::string out;
  EXPECT_FALSE(proto_json::print(c, out));
  EXPECT_EQ(to_json(c), the_util(c));
  EXPECT_NE(to_json(c).find(R"("张三":)"), std::string::npos);
}

TEST(ProtoJson, TextThatIsNotUtf8IsLeftToTheUtil) {
  v1::Envelope e;
  e.mutable_error()->set_message("cut in a character \xE4\xBC");
  std::string out = "kept";
  EXPECT_FALSE(proto_json::print(e, out));
  EXPECT_EQ(out, "kept");
  EXPECT_EQ(to_json(e), the_util(e));  // the frame's JSON is the util's then
}

TEST(ProtoJson, ALongRecordIsPrintedWhole) {
  v1::Envelope e;
  e.set_id(9);
  auto* item = e.mutable_joined()->mutable_snapshot()->add_agenda();
  item->set_id("i1");
  std::string record;
  for (int i = 0; i < 30000; ++i) record += i % 3 == 0 ? "会" : "ab";
  record += "\"<\u2028>\\";
  item->set_minutes(record);
  const auto json = printed(e);
  EXPECT_EQ(json, the_util(e));
  EXPECT_NE(json.find(R"(\"\u003c\u2028\u003e\\")"), std::string::npos);
}

}  // namespace
}  // namespace huiwu::core
