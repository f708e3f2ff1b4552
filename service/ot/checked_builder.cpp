#include "ot/checked_builder.hpp"

#include "base/utf8.hpp"

namespace huiwu::ot {

std::error_code checked_builder::expect_components(std::size_t count) const noexcept {
  if (count > limits_.max_components) return errc::too_many_components;
  return {};
}

std::error_code checked_builder::check_count(std::uint64_t n) noexcept {
  if (n > max_count) return errc::count_out_of_range;
  if (n == 0) return errc::zero_length_component;
  return {};
}

std::error_code checked_builder::retain(std::uint64_t n) {
  if (auto ec = check_count(n)) return ec;
  op_.retain(static_cast<std::size_t>(n));
  return {};
}

std::error_code checked_builder::erase(std::uint64_t n) {
  if (auto ec = check_count(n)) return ec;
  op_.erase(static_cast<std::size_t>(n));
  return {};
}

std::error_code checked_builder::insert(std::string_view text, bool continues) {
  if (text.empty()) return errc::zero_length_component;
  const auto n = utf8::count(text);
  if (!n) return errc::invalid_utf8;
  inserted_ += *n;
  if (inserted_ > limits_.max_insert_code_points) return errc::insert_too_large;
  op_.insert_counted(text, *n, continues);
  return {};
}

}  // namespace huiwu::ot
