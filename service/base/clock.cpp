#include "base/clock.hpp"

#include <charconv>

namespace huiwu::base {

std::int64_t system_clock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() +
         offset_ms_;
}

std::optional<std::int64_t> parse_clock_offset(std::string_view text) {
  constexpr std::int64_t limit = 100LL * 366 * 24 * 3600 * 1000;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || p != end || v > limit || v < -limit) {
    return std::nullopt;
  }
  return v;
}

}  // namespace huiwu::base
