// The meeting the 纪要 tests, the LibreOffice read-back and docs/export.md's sample share:
// a city government's executive meeting with a report, a text to adopt, a deployment, a
// secret item and a deferred one; three decisions with units and deadlines (and one on
// the secret item); a chair with a title, people on leave, sitting in, absent; a recorder;
// CJK Extension B and an emoji in the record.
#pragma once

#include <cstdint>

#include "export/jiyao_draft.hpp"
#include "huiwu.pb.h"

namespace huiwu::test {

// 2026-11-23 09:30 in Asia/Shanghai; the 纪要 is issued two days later.
inline constexpr std::int64_t jiyao_start_ms = 1795397400000;
inline constexpr std::int64_t jiyao_issued_ms = jiyao_start_ms + 2 * 86'400'000;

v1::Meeting jiyao_meeting();
// The office's settings of the sample: issued by 市人民政府办公室 as 〔2026〕12号, 分送 four
// recipients; no unit prefix (the meeting's title names the government).
exports::jiyao_options jiyao_sample_options();

}  // namespace huiwu::test
