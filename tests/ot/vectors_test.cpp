// The committed shared vectors (tests/ot/vectors.json) against the library: every
// case recomputed, and the whole file regenerated, so a stale file fails here. After
// a deliberate change: build/tests/ot/huiwu_ot_vectors tests/ot/vectors.json
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ot/json_codec.hpp"
#include "ot/transform.hpp"
#include "vector_generator.hpp"

namespace huiwu::ot::testing {
namespace {

namespace json = boost::json;

json::object load(const char* path = HUIWU_OT_VECTORS_FILE) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str()).as_object();
}

text_operation op(const json::value& v) {
  return from_json_value(v).value();
}
std::string str(const json::value& v) {
  return std::string(v.as_string());
}
json::value js(const text_operation& o) {
  return to_json_value(o);
}
std::string name(const std::error_code& ec) {
  return std::string(errc_name(static_cast<errc>(ec.value())));
}

// One compose case: {doc, a, b, composed, result}.
void check_compose(const json::object& c) {
  SCOPED_TRACE(json::serialize(c));
  const text_operation ab = compose(op(c.at("a")), op(c.at("b"))).value();
  EXPECT_EQ(js(ab), c.at("composed"));
  EXPECT_EQ(ab.apply(str(c.at("doc"))).value(), str(c.at("result")));
}

// The transform part of a case: {doc, a, b, a_prime, b_prime, result}.
void check_transform(const json::object& c) {
  SCOPED_TRACE(json::serialize(c));
  const text_operation a = op(c.at("a")), b = op(c.at("b"));
  const auto [a1, b1] = transform(a, b).value();
  EXPECT_EQ(js(a1), c.at("a_prime"));
  EXPECT_EQ(js(b1), c.at("b_prime"));
  const std::string doc = str(c.at("doc"));
  EXPECT_EQ(b1.apply(a.apply(doc).value()).value(), str(c.at("result")));
  EXPECT_EQ(a1.apply(b.apply(doc).value()).value(), str(c.at("result")));
}

TEST(OtVectors, FileIsCurrent) {
  const json::object file = load();
  ASSERT_EQ(file.at("format"), "huiwu-ot-vectors/2");
  const json::object fresh = generate_vectors(file.at("seed").to_number<std::uint64_t>());
  // Compared as JSON values, so whitespace and escaping are free to differ.
  EXPECT_TRUE(file == fresh) << "tests/ot/vectors.json is stale: regenerate it with "
                                "huiwu_ot_vectors tests/ot/vectors.json";
}

TEST(OtVectors, EveryCaseHolds) {
  const json::object file = load();
  std::size_t cases = 0;
  for (const auto& v : file.at("apply").as_array()) {
    const auto& c = v.as_object();
    SCOPED_TRACE(json::serialize(c));
    const text_operation o = op(c.at("op"));
    EXPECT_EQ(o.apply(str(c.at("doc"))).value(), str(c.at("result")));
    EXPECT_EQ(js(o.invert(str(c.at("doc"))).value()), c.at("inverse"));
    ++cases;
  }
  for (const auto& v : file.at("compose").as_array()) {
    check_compose(v.as_object());
    ++cases;
  }
  for (const auto& v : file.at("transform").as_array()) {
    const auto& c = v.as_object();
    check_transform(c);
    SCOPED_TRACE(json::serialize(c));
    const text_operation a = op(c.at("a")), b = op(c.at("b"));
    for (const auto& t : c.at("carets").as_array()) {
      const auto i = t.as_array().at(0).to_number<std::size_t>();
      const auto& row = t.as_array();
      std::size_t col = 1;
      for (const assoc side : {assoc::left, assoc::follow, assoc::right}) {
        EXPECT_EQ(transform_index(a, i, side), row.at(col++).to_number<std::size_t>());
        EXPECT_EQ(transform_index(b, i, side), row.at(col++).to_number<std::size_t>());
      }
    }
    ++cases;
  }
  for (const auto& v : file.at("parse").as_array()) {
    const auto& c = v.as_object();
    SCOPED_TRACE(json::serialize(c));
    limits lim;
    if (const auto* l = c.if_contains("limits")) {
      if (const auto* m = l->as_object().if_contains("max_insert_code_points")) {
        lim.max_insert_code_points = m->to_number<std::size_t>();
      }
      if (const auto* m = l->as_object().if_contains("max_components")) {
        lim.max_components = m->to_number<std::size_t>();
      }
    }
    const auto r = from_json_value(c.at("json"), lim);
    if (c.contains("error")) {
      EXPECT_EQ(name(r.error()), c.at("error").as_string());
    } else {
      EXPECT_EQ(js(r.value()), c.at("canonical"));
    }
    ++cases;
  }
  for (const auto& v : file.at("errors").as_array()) {
    const auto& c = v.as_object();
    SCOPED_TRACE(json::serialize(c));
    const auto fn = c.at("fn").as_string();
    std::error_code ec;
    if (fn == "apply") ec = op(c.at("op")).apply(str(c.at("doc"))).error();
    if (fn == "compose") ec = compose(op(c.at("a")), op(c.at("b"))).error();
    if (fn == "transform") ec = transform(op(c.at("a")), op(c.at("b"))).error();
    EXPECT_EQ(name(ec), c.at("error").as_string());
    ++cases;
  }
  std::printf("%zu vector cases checked\n", cases);
  EXPECT_GT(cases, 400u);
}

// The generated file above is checked against the library that generated it: it catches a
// change of behaviour, not a wrong one. These cases were worked out by hand from
// docs/protocol.md §6.3.1 (the JavaScript twin reads them too).
TEST(OtVectors, HandWorkedCasesHold) {
  const json::object file = load(HUIWU_OT_HAND_VECTORS_FILE);
  std::size_t cases = 0;
  for (const auto& v : file.at("transform").as_array()) {
    check_transform(v.as_object());
    ++cases;
  }
  for (const auto& v : file.at("compose").as_array()) {
    check_compose(v.as_object());
    ++cases;
  }
  for (const auto& v : file.at("carets").as_array()) {
    const auto& c = v.as_object();
    SCOPED_TRACE(json::serialize(c));
    const text_operation o = op(c.at("op"));
    for (const auto& row : c.at("cases").as_array()) {
      const auto& r = row.as_array();
      const auto i = r.at(0).to_number<std::size_t>();
      EXPECT_EQ(transform_index(o, i, assoc::left), r.at(1).to_number<std::size_t>()) << i;
      EXPECT_EQ(transform_index(o, i, assoc::follow), r.at(2).to_number<std::size_t>()) << i;
      EXPECT_EQ(transform_index(o, i, assoc::right), r.at(3).to_number<std::size_t>()) << i;
      ++cases;
    }
  }
  for (const auto& v : file.at("normalise").as_array()) {
    const auto& c = v.as_object();
    SCOPED_TRACE(json::serialize(c));
    EXPECT_EQ(js(op(c.at("json"))), c.at("canonical"));
    ++cases;
  }
  EXPECT_GT(cases, 30u);
}

}  // namespace
}  // namespace huiwu::ot::testing
