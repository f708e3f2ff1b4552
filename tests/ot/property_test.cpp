// Seeded randomized properties of the OT algebra over random Unicode text: TP1,
// compose/apply agreement, invert. Each iteration draws from its own random_source
// (seed, iteration), so a failure names the one case to replay.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "base/utf8.hpp"
#include "ot/transform.hpp"
#include "random_source.hpp"
#include "test_config.hpp"

namespace huiwu::ot::testing {
namespace {

constexpr std::uint64_t default_seed = 0x6875697775ULL;  // "huiwu"

std::size_t doc_length(random_source& rng) {
  return rng.percent(85) ? rng.below(20) : 20 + rng.below(60);
}

struct timer {
  const char* what;
  std::size_t n;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ~timer() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::printf("%s: %zu cases in %lld ms\n", what, n, static_cast<long long>(ms));
  }
};

TEST(OtProperties, TransformConvergesTP1) {
  const std::uint64_t seed = test_seed(default_seed);
  const std::size_t n = test_iterations(200'000);
  timer t{"TP1", n};
  for (std::size_t i = 0; i < n; ++i) {
    random_source rng(seed * 1'000'003 + i);
    const std::string doc = rng.text(doc_length(rng));
    const std::size_t len = *utf8::count(doc);
    const std::size_t chunk = 1 + rng.below(6);
    const text_operation a = rng.operation(len, chunk);
    const text_operation b = rng.operation(len, chunk);
    const auto pair = transform(a, b);
    const auto left =
        pair ? pair->second.apply(*a.apply(doc)) : result<std::string>(errc::malformed);
    const auto right =
        pair ? pair->first.apply(*b.apply(doc)) : result<std::string>(errc::malformed);
    if (!pair || !left || !right || *left != *right) {
      ADD_FAILURE() << "TP1 fails; HUIWU_OT_SEED=" << seed << " iteration " << i << "\n doc " << doc
                    << "\n a " << a << "\n b " << b;
      return;
    }
    // A caret moved through either path lands in the merged document.
    const std::size_t caret = rng.below(len + 1);
    const std::size_t via_a = transform_index(pair->second, transform_index(a, caret));
    if (via_a > utf8::count(*left).value()) {
      ADD_FAILURE() << "caret out of range; HUIWU_OT_SEED=" << seed << " iteration " << i;
      return;
    }
  }
}

TEST(OtProperties, ComposeAgreesWithApplyAndInvertUndoes) {
  const std::uint64_t seed = test_seed(default_seed + 1);
  const std::size_t n = test_iterations(200'000);
  timer t{"compose/invert", n};
  for (std::size_t i = 0; i < n; ++i) {
    random_source rng(seed * 1'000'003 + i);
    const std::string doc = rng.text(doc_length(rng));
    const std::size_t chunk = 1 + rng.below(6);
    const text_operation a = rng.operation(*utf8::count(doc), chunk);
    const text_operation b = rng.operation(a.target_length(), chunk);
    const auto ab = compose(a, b);
    const auto mid = a.apply(doc);
    const auto stepwise = mid ? b.apply(*mid) : result<std::string>(errc::malformed);
    const auto at_once = ab ? ab->apply(doc) : result<std::string>(errc::malformed);
    const auto inverse = a.invert(doc);
    const auto undone =
        inverse && mid ? inverse->apply(*mid) : result<std::string>(errc::malformed);
    if (!stepwise || !at_once || *stepwise != *at_once || !undone || *undone != doc) {
      ADD_FAILURE() << "compose/invert fails; HUIWU_OT_SEED=" << seed << " iteration " << i
                    << "\n doc " << doc << "\n a " << a << "\n b " << b;
      return;
    }
  }
}

}  // namespace
}  // namespace huiwu::ot::testing
