// The text-operation decoders (ot::from_json, ot::from_proto) and the OT algebra. The first
// byte picks the mode (mod 4):
//   0: one operation as JSON          1: two JSON operations, split at the first '\n'
//   2: one operation as a protobuf    3: two protobuf operations; byte 1 is the first's length
// Every decoded operation must survive JSON and protobuf round trips unchanged, apply to a
// document of its base length, and be undone by its inverse. For two operations (the shorter
// one padded with a final retain so that both apply to the same document), transform must
// give a' and b' with
//   apply(apply(d, a), b') == apply(apply(d, b), a')          (TP1)
// and compose(a, b') must have the same effect; the server's transform_incoming must agree
// with transform. Documents are capped so that one input stays cheap.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "check.hpp"
#include "ot/json_codec.hpp"
#include "ot/proto_codec.hpp"
#include "ot/transform.hpp"

namespace ot = huiwu::ot;

namespace {

constexpr std::size_t max_doc = 4096;  // code points

// A document of n code points, mixing one-, two-, three- and four-byte UTF-8.
std::string document(std::size_t n) {
  static constexpr std::string_view pieces[] = {"a", "é", "会", "议", "😀", " ", "\n", "z"};
  std::string d;
  for (std::size_t i = 0; i < n; ++i) d += pieces[(i * 7 + i / 3) % 8];
  return d;
}

void round_trips(const ot::text_operation& op) {
  auto j = ot::from_json(ot::to_json(op));
  HUIWU_FUZZ_CHECK(j && *j == op);
  auto p = ot::from_proto(ot::to_proto(op));
  HUIWU_FUZZ_CHECK(p && *p == op);
  huiwu::v1::TextOperation wire;
  HUIWU_FUZZ_CHECK(wire.ParseFromString(ot::to_proto(op).SerializeAsString()));
  auto w = ot::from_proto(wire);
  HUIWU_FUZZ_CHECK(w && *w == op);
  HUIWU_FUZZ_CHECK(op.target_length() <= op.base_length() + ot::limits{}.max_insert_code_points);
  if (op.base_length() > max_doc) return;
  const auto doc = document(op.base_length());
  auto after = op.apply(doc);
  HUIWU_FUZZ_CHECK(after.has_value());
  auto inv = op.invert(doc);
  HUIWU_FUZZ_CHECK(inv.has_value());
  auto back = inv->apply(*after);
  HUIWU_FUZZ_CHECK(back && *back == doc);
  HUIWU_FUZZ_CHECK(ot::transform_index(op, op.base_length()) <= op.target_length());
  // A wrong-length document is refused, not read past.
  HUIWU_FUZZ_CHECK(!op.apply(doc + "x").has_value());
}

void pad_to(ot::text_operation& op, std::size_t base) {
  if (op.base_length() < base) op.retain(base - op.base_length());
}

void transforms(ot::text_operation a, ot::text_operation b) {
  const auto base = std::max(a.base_length(), b.base_length());
  if (base > max_doc) return;
  pad_to(a, base);
  pad_to(b, base);
  auto t = ot::transform(a, b);
  HUIWU_FUZZ_CHECK(t.has_value());
  const auto& [a2, b2] = *t;  // a2 applies after b, b2 after a
  HUIWU_FUZZ_CHECK(a2.base_length() == b.target_length());
  HUIWU_FUZZ_CHECK(b2.base_length() == a.target_length());
  const auto doc = document(base);
  auto da = a.apply(doc);
  auto db = b.apply(doc);
  HUIWU_FUZZ_CHECK(da && db);
  auto dab = b2.apply(*da);
  auto dba = a2.apply(*db);
  HUIWU_FUZZ_CHECK(dab && dba);
  HUIWU_FUZZ_CHECK(*dab == *dba);  // TP1
  auto ab = ot::compose(a, b2);
  HUIWU_FUZZ_CHECK(ab.has_value());
  auto dc = ab->apply(doc);
  HUIWU_FUZZ_CHECK(dc && *dc == *dab);
  // The server: b arrives after a was sequenced.
  const ot::text_operation seq[] = {a};
  auto incoming = ot::transform_incoming(b, seq);
  HUIWU_FUZZ_CHECK(incoming && *incoming == b2);
  round_trips(a2);
  round_trips(b2);
}

std::optional<ot::text_operation> from_json(std::string_view s) {
  auto r = ot::from_json(s);
  if (!r) return std::nullopt;
  return *r;
}

std::optional<ot::text_operation> from_proto(std::string_view s) {
  huiwu::v1::TextOperation m;
  if (!m.ParseFromArray(s.data(), static_cast<int>(s.size()))) return std::nullopt;
  auto r = ot::from_proto(m);
  if (!r) return std::nullopt;
  return *r;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  huiwu_fuzz_quiet_protobuf();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 4;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::optional<ot::text_operation> a, b;
  switch (mode) {
    case 0:
      a = from_json(rest);
      break;
    case 1: {
      const auto nl = rest.find('\n');
      if (nl == std::string_view::npos) return 0;
      a = from_json(rest.substr(0, nl));
      b = from_json(rest.substr(nl + 1));
      break;
    }
    case 2:
      a = from_proto(rest);
      break;
    case 3: {
      if (rest.empty()) return 0;
      const auto n = static_cast<std::uint8_t>(rest[0]);
      rest.remove_prefix(1);
      if (n > rest.size()) return 0;
      a = from_proto(rest.substr(0, n));
      b = from_proto(rest.substr(n));
      break;
    }
  }
  if (a) round_trips(*a);
  if (b) round_trips(*b);
  if (a && b) {
    transforms(*a, *b);
    transforms(*b, *a);
  }
  return 0;
}
