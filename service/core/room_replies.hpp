#pragma once

#include <cstdint>
#include <string>

#include "huiwu.pb.h"

namespace huiwu::core::replies {

// An edit of the minutes based this many versions back or more is refused (the client
// rejoins and rebases): transforming over a longer history would stall the room.
inline constexpr std::uint64_t max_transform_span = 10'000;

// What a room answers a command with (room.cpp, room_batch.cpp).
inline v1::Envelope unavailable() {
  v1::Envelope e;
  auto* err = e.mutable_error();
  err->set_code(v1::ERROR_STORAGE_UNAVAILABLE);
  err->set_message("storage is unavailable; nothing was applied, retry later");
  return e;
}

inline v1::Envelope ack(const std::string& meeting_id, std::uint64_t version, bool duplicate,
                        std::uint64_t seq) {
  v1::Envelope e;
  auto* a = e.mutable_ack();
  a->set_meeting_id(meeting_id);
  a->set_version(version);
  a->set_duplicate(duplicate);
  a->set_client_seq(seq);
  return e;
}

}  // namespace huiwu::core::replies
