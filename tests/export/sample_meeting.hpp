// The meeting the export tests and the DOCX read-back share: three items (public,
// internal, secret), tagged and untagged lines, CJK Extension B and emoji, attendees out of
// rank order, unranked people, one on leave, one absent, one sitting in.
#pragma once

#include <cstdint>

#include "huiwu.pb.h"

namespace huiwu::test {

// 2026-11-23 09:30 in Asia/Shanghai.
inline constexpr std::int64_t sample_start_ms = 1795397400000;

v1::Meeting sample_meeting();

}  // namespace huiwu::test
