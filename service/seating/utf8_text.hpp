// UTF-8 <-> code points for names. Names are compared per character, so the engine
// works on std::u32string; text in and out of the engine is UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huiwu::seating::utf8 {

// The code points of s, or nullopt if s is not well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
std::optional<std::u32string> decode(std::string_view s);

std::string encode(std::u32string_view s);
void append(char32_t cp, std::string& out);

}  // namespace huiwu::seating::utf8
