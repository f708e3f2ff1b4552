// Small readings of Redis replies shared by the stores (store/ only).
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "redis/reply.hpp"

namespace huiwu::store::detail {

// An error reply from Redis is a failure of ours (a bug or a wrong server), not "not found".
inline std::error_code failed(const redis::reply& r) {
  return r.is_error() ? std::make_error_code(std::errc::io_error) : std::error_code{};
}

// A decimal the store wrote itself; 0 when it is not one.
inline std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace huiwu::store::detail
