#include "vector_generator.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.hpp"
#include "ot/json_codec.hpp"
#include "ot/transform.hpp"
#include "random_source.hpp"

namespace huiwu::ot::testing {
namespace {

namespace json = boost::json;

text_operation parse(std::string_view json_text) {
  return from_json(json_text).value();
}

std::size_t length(std::string_view doc) {
  return utf8::count(doc).value();
}

std::size_t random_doc_length(random_source& rng) {
  const std::size_t r = rng.below(100);
  if (r < 10) return 0;
  if (r < 75) return rng.below(12);
  return 12 + rng.below(40);
}

json::object apply_case(const std::string& doc, const text_operation& op) {
  return {{"doc", doc},
          {"op", to_json_value(op)},
          {"result", op.apply(doc).value()},
          {"inverse", to_json_value(op.invert(doc).value())}};
}

json::object compose_case(const std::string& doc, const text_operation& a,
                          const text_operation& b) {
  const text_operation ab = compose(a, b).value();
  return {{"doc", doc},
          {"a", to_json_value(a)},
          {"b", to_json_value(b)},
          {"composed", to_json_value(ab)},
          {"result", ab.apply(doc).value()}};
}

json::object transform_case(const std::string& doc, const text_operation& a,
                            const text_operation& b) {
  const auto [a1, b1] = transform(a, b).value();
  json::array carets;
  for (std::size_t i = 0; i <= a.base_length(); ++i) {
    json::array row{i};
    for (const assoc side : {assoc::left, assoc::follow, assoc::right}) {
      row.push_back(transform_index(a, i, side));
      row.push_back(transform_index(b, i, side));
    }
    carets.push_back(std::move(row));
  }
  return {{"doc", doc},
          {"a", to_json_value(a)},
          {"b", to_json_value(b)},
          {"a_prime", to_json_value(a1)},
          {"b_prime", to_json_value(b1)},
          {"result", b1.apply(a.apply(doc).value()).value()},
          {"carets", std::move(carets)}};
}

// Hand-written transform cases: the places where implementations differ.
struct edge {
  std::string_view doc, a, b;
};
constexpr edge transform_edges[] = {
    {"", "[]", "[]"},
    {"", R"(["x"])", R"(["y"])"},                           // same place on an empty doc
    {"ab", R"(["X",2])", R"(["Y",2])"},                     // both at the start
    {"ab", R"([2,"X"])", R"([2,"Y"])"},                     // both at the end
    {"ab", "[-2]", R"([2,"end"])"},                         // delete all vs append
    {"ab", "[-2]", "[-2]"},                                 // the same delete twice
    {"abcdef", "[1,-3,2]", "[2,-3,1]"},                     // overlapping deletes
    {"abcdef", "[1,-4,1]", R"([3,"X",3])"},                 // insert inside a deleted range
    {"abcdef", "[1,-4,1]", "[2,-1,3]"},                     // delete inside a delete
    {"😀𠀀e\u0301", R"([1,"👍",1,-2])", R"([1,-1,"中",2])"},  // astral chars, e + U+0301
    {"e\u0301", R"([1,"\u0302",1])", "[1,-1]"},             // between a letter and its mark
    // `continues` decides ties: the run's next characters go straight after its last.
    {"abc", R"([3,"X"])", R"([3,{"insert":"de","continues":true}])"},  // b continues
    {"abc", R"([3,{"insert":"de","continues":true}])", R"([3,"X"])"},  // a continues
    {"abc", R"([3,{"insert":"A","continues":true}])", R"([3,{"insert":"B","continues":true}])"},
    {"ab\ncd", R"([2,{"insert":"。","continues":true},3])", R"([2,"\n王建国：",3])"},
    // An insert next to a delete: at either edge of the deleted range, or inside it.
    {"abcdef", "[2,-2,2]", R"([4,"X",2])"},
    {"abcdef", "[2,-2,2]", R"([2,"X",4])"},
    {"abcdef", R"([2,"Y",-2,2])", R"([2,"X",4])"},  // replace vs insert at its start
    {"abcdef", R"([2,"Y",-2,2])", R"([4,{"insert":"X","continues":true},2])"},  // at its end
};

constexpr std::pair<std::string_view, std::string_view> apply_edges[] = {
    {"", "[]"},
    {"", R"(["𠀀😀"])"},
    {"😀", "[-1]"},
    {"𠀀a😀", R"([1,"👨‍👩‍👧",-1,1])"},  // ZWJ sequence: five code points
};

struct parse_edge {
  std::string_view json;
  std::size_t max_insert = 0;      // 0: default limits
  std::size_t max_components = 0;  // 0: default limits
};
constexpr parse_edge parse_edges[] = {
    {"[1,2,-1,-1,\"a\",\"b\",3]"},  // merges; the insert moves before the delete
    {"[4294967295]"},
    {"[1e2]"},
    {"[]"},
    {"[0]"},
    {"[\"\"]"},
    {"[1.5]"},
    {"[4294967296]"},
    {"[-4294967296]"},
    {"[true]"},
    {"[null]"},
    {"[[1]]"},
    {"{\"retain\":1}"},
    {"\"abc\""},
    {"[\"a\",0]"},
    {"[0,1.5]"},
    {"[1.5,0]"},
    {"[\"ab\",1,\"cd\"]", 3},
    {"[\"😀😀😀\"]", 3},  // three code points, six UTF-16 units: fits
    {"[\"😀😀😀😀\"]", 3},
    {"[1,\"a\",-1]", 0, 2},
    {"[1,\"a\"]", 0, 2},
    {"[0,\"a\",-1]", 0, 2},  // the component count is checked first
    {R"([{"insert":"a","continues":true},{"insert":"b"}])"},  // merge: the first flag stays
    {R"(["a",{"insert":"b","continues":true}])"},
    {R"([{"insert":"a","continues":false}])"},
    {R"([-1,{"insert":"a","continues":true}])"},  // moves before the delete, flag kept
    {R"([{"insert":"","continues":true}])"},
    {R"([{"insert":"a","continues":1}])"},
    {R"([{"insert":1}])"},
    {R"([{"retain":1}])"},
    {R"([{"insert":"a","continues":true,"x":1}])"},
};

json::object parse_case(const parse_edge& e) {
  json::object c{{"json", json::parse(e.json)}};
  limits lim;
  if (e.max_insert != 0 || e.max_components != 0) {
    json::object l;
    if (e.max_insert != 0) l["max_insert_code_points"] = lim.max_insert_code_points = e.max_insert;
    if (e.max_components != 0) l["max_components"] = lim.max_components = e.max_components;
    c["limits"] = std::move(l);
  }
  auto r = from_json(e.json, lim);
  if (r) {
    c["canonical"] = to_json_value(*r);
  } else {
    c["error"] = errc_name(static_cast<errc>(r.error().value()));
  }
  return c;
}

json::array error_cases() {
  json::array out;
  // The generator records only real failures: a case that succeeds is a generator bug.
  auto name = [](const std::error_code& ec) {
    if (!ec) throw std::logic_error("vector_generator: an error case succeeded");
    return errc_name(static_cast<errc>(ec.value()));
  };
  const std::pair<std::string_view, std::string_view> uncomposable[] = {{"[1]", "[2]"},
                                                                        {R"([1,"x"])", "[1]"}};
  for (const auto& [a, b] : uncomposable) {
    out.push_back({{"fn", "compose"},
                   {"a", json::parse(a)},
                   {"b", json::parse(b)},
                   {"error", name(compose(parse(a), parse(b)).error())}});
  }
  const std::pair<std::string_view, std::string_view> untransformable[] = {{"[1]", "[2]"},
                                                                           {R"(["x"])", "[1]"}};
  for (const auto& [a, b] : untransformable) {
    out.push_back({{"fn", "transform"},
                   {"a", json::parse(a)},
                   {"b", json::parse(b)},
                   {"error", name(transform(parse(a), parse(b)).error())}});
  }
  // "😀" is one code point but two UTF-16 units: a JS port counting units fails here.
  const std::pair<std::string_view, std::string_view> bad_docs[] = {
      {"ab", "[3]"}, {"abc", "[2]"}, {"😀", "[2]"}, {"😀𠀀", "[1]"}, {"", "[-1]"}};
  for (const auto& [doc, op] : bad_docs) {
    out.push_back({{"fn", "apply"},
                   {"doc", doc},
                   {"op", json::parse(op)},
                   {"error", name(parse(op).apply(doc).error())}});
  }
  return out;
}

}  // namespace

json::object generate_vectors(std::uint64_t seed) {
  random_source rng(seed);
  json::array applies, composes, transforms, parses;

  for (const auto& [doc, op] : apply_edges)
    applies.push_back(apply_case(std::string(doc), parse(op)));
  for (int i = 0; i < 120; ++i) {
    const std::string doc = rng.text(random_doc_length(rng));
    applies.push_back(apply_case(doc, rng.operation(length(doc), 1 + rng.below(6))));
  }

  for (int i = 0; i < 150; ++i) {
    const std::string doc = rng.text(random_doc_length(rng));
    const text_operation a = rng.operation(length(doc), 1 + rng.below(6));
    const text_operation b = rng.operation(a.target_length(), 1 + rng.below(6));
    composes.push_back(compose_case(doc, a, b));
  }

  for (const auto& e : transform_edges) {
    transforms.push_back(transform_case(std::string(e.doc), parse(e.a), parse(e.b)));
  }
  for (int i = 0; i < 220; ++i) {
    const std::string doc = rng.text(random_doc_length(rng));
    const std::size_t chunk = 1 + rng.below(6);
    transforms.push_back(
        transform_case(doc, rng.operation(length(doc), chunk), rng.operation(length(doc), chunk)));
  }

  for (const auto& e : parse_edges) parses.push_back(parse_case(e));

  return {{"format", "huiwu-ot-vectors/2"},
          {"seed", seed},
          {"apply", std::move(applies)},
          {"compose", std::move(composes)},
          {"transform", std::move(transforms)},
          {"parse", std::move(parses)},
          {"errors", error_cases()}};
}

std::string render_vectors(const json::object& vectors) {
  std::string out = "{\n";
  bool first_key = true;
  for (const auto& [key, value] : vectors) {
    if (!first_key) out += ",\n";
    first_key = false;
    out += json::serialize(json::string(key)) + ": ";
    if (!value.is_array()) {
      out += json::serialize(value);
      continue;
    }
    out += "[";
    const char* sep = "\n";
    for (const auto& item : value.get_array()) {
      out += sep + json::serialize(item);
      sep = ",\n";
    }
    out += "\n]";
  }
  return out + "\n}\n";
}

}  // namespace huiwu::ot::testing
