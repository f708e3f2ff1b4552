#pragma once

#include <system_error>
#include <type_traits>

namespace huiwu::redis {

// Why a command got no reply. A command that got a reply, even an error reply, completes
// with a success code and the reply: these codes are only about the transport.
enum class errc {
  // Never sent: Redis was not connected (or the connection was stopped). Nothing happened,
  // so it is safe to report "storage unavailable" and to retry later.
  not_connected = 1,
  // Sent, but the connection dropped or timed out before the reply arrived: the command may
  // or may not have run. Only idempotent writes can be retried blindly.
  outcome_unknown,
};

const std::error_category& redis_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

}  // namespace huiwu::redis

template <>
struct std::is_error_code_enum<huiwu::redis::errc> : std::true_type {};
