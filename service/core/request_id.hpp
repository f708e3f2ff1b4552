#pragma once

#include <cstdint>
#include <string_view>

namespace huiwu::core {

// The request id of a JSON text frame that failed to parse as an Envelope, so that its error
// can still be matched by the client (docs/protocol.md §3). A lexical scan, not a parse: it
// reads the top-level object's members up to "id" and tolerates anything a full parser
// refuses elsewhere in the frame (a lone surrogate "\ud800", an unknown field, a wrong type,
// a frame cut short after the id). The id counts when it is a decimal number or a string of
// decimal digits that fits in 64 bits; anything else, or no top-level "id", gives 0.
std::uint64_t recover_request_id(std::string_view json);

// The same for a binary frame that failed to parse as an Envelope: walks the top-level
// protobuf fields (varint, fixed64, length-delimited, fixed32) and returns the last value
// of field 1 (`id`, a varint) seen before the walk ends or meets bytes that are not a
// field (an unknown wire type, a length past the end, a varint over ten bytes); 0 if none.
std::uint64_t recover_binary_request_id(std::string_view bytes);

}  // namespace huiwu::core
