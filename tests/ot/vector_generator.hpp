// The shared OT test vectors (tests/ot/vectors.json): inputs drawn from a seeded
// random_source plus hand-written edge cases, outputs computed by huiwu_ot. The C++
// test recomputes every case and regenerates the whole file; the JavaScript test
// (tests/js/ot.test.mjs) must compute the same outputs.
//
// Format (all lengths and indices in Unicode code points; operations in the ot.js
// JSON array form, e.g. [5, "abc", -3], an insert that continues its writer's text as
// {"insert": "abc", "continues": true}):
//   format     "huiwu-ot-vectors/2"
//   seed       the random_source seed
//   apply      [{doc, op, result, inverse}]              result = op(doc); inverse undoes it
//   compose    [{doc, a, b, composed, result}]           result = b(a(doc)) = composed(doc)
//   transform  [{doc, a, b, a_prime, b_prime, result, carets}]
//              (a_prime, b_prime) = transform(a, b): at a tie a's insert goes first
//              unless only b's continues; result = b_prime(a(doc)) = a_prime(b(doc));
//              carets = [[i, a(i, left), b(i, left), a(i, follow), b(i, follow),
//                            a(i, right), b(i, right)] for i in 0..len(doc)]
//              where x(i, side) = transform_index(x, i, side)
//   parse      [{json, limits?, canonical | error}]       fromJSON(json, limits)
//   errors     [{fn: "apply"|"compose"|"transform", doc?, op?, a?, b?, error}]
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>

namespace huiwu::ot::testing {

inline constexpr std::uint64_t default_vector_seed = 20250611;

boost::json::object generate_vectors(std::uint64_t seed = default_vector_seed);

// Pretty enough for review and diffs: one case per line.
std::string render_vectors(const boost::json::object& vectors);

}  // namespace huiwu::ot::testing
