#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace huiwu::redis {

struct options {
  // A name is resolved asynchronously (never by hiredis, which would block); a numeric
  // IPv4/IPv6 address skips the resolver.
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  // Sent with AUTH after every connect when not empty.
  std::string password;
  // Resolve + TCP connect + AUTH + first PING (or re-SUBSCRIBE) must finish within this.
  std::chrono::milliseconds connect_timeout{2000};
  // A command (or a SUBSCRIBE/UNSUBSCRIBE confirmation) outstanding for longer than this
  // drops the connection: every pending callback gets errc::outcome_unknown, and the
  // connection reconnects. Blocking commands (BLPOP...) must not wait longer than this.
  std::chrono::milliseconds command_timeout{3000};
  // Delay before reconnect attempt n: about backoff_min * 2^n (with jitter), capped.
  std::chrono::milliseconds backoff_min{50};
  std::chrono::milliseconds backoff_max{3000};
};

}  // namespace huiwu::redis
