#pragma once

#include <string>
#include <string_view>

#include "huiwu.pb.h"

namespace huiwu::core::hot_json {

// The JSON mapping (frame.hpp: .proto names, every primitive printed) of the frames a typing
// meeting sends most, written and read by hand instead of through protobuf's JSON util, which
// costs tens of microseconds per frame (docs/performance.md, issue 15; decision 0034).
// Byte-identical to the util by construction and by test (tests/core/hot_json_test.cpp
// compares both over many generated messages); anything outside the shapes below goes to
// the util, so a client sees no difference whatever it sends.

// Welcome, Ack, Presence, and Event whose change is an edit_minutes: appends the JSON of `e` to
// `out` and returns true. False (and `out` untouched) for every other envelope, and for strings
// that are not valid UTF-8.
bool encode(const v1::Envelope& e, std::string& out);

// A command whose change is an edit_minutes, or a presence, in the plain shape a browser
// sends: .proto field names, each at most once, numbers as plain digits (or digits in
// quotes), strings valid UTF-8. True when `in` was read into `out` exactly as protobuf's
// JSON util reads it; false when `in` is anything else (the caller hands it, and `out`
// cleared, to the util, which accepts or refuses it with its own message).
bool decode(std::string_view in, v1::Envelope& out);

// A valid UTF-8 string as the util prints it, quotes included, appended to `out`.
void append_string(std::string_view valid_utf8, std::string& out);

}  // namespace huiwu::core::hot_json
