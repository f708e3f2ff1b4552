// Speaker tags in the live minutes (issue 3): a paragraph that begins with a short name and
// a full-width or ASCII colon ("王建国：…") records what that person said. The browser's
// rule (web-static/js/pages/minutes-carets.js, TAG = /^([^\s：:，。,.!?！？\n]{1,16})[：:]/)
// is the definition; this is the same rule in C++, checked against the same cases
// (tests/export/speaker_cases.json) on both sides.
#pragma once

#include <optional>
#include <string_view>

namespace huiwu::exports {

struct speaker_tag {
  std::string_view name;       // the speaker, as typed
  std::string_view statement;  // the rest of the paragraph after the colon
};

// The tag at the start of `paragraph`, or nullopt. As in JavaScript (no "u" flag), the name
// is 1 to 16 UTF-16 code units (a character outside the BMP counts two) of anything but
// JavaScript's white space (\s) and ：:，。,.!?！？; it must be followed at once by "：" or
// ":". Text that is not valid UTF-8 has no tag.
std::optional<speaker_tag> find_speaker(std::string_view paragraph);

}  // namespace huiwu::exports
