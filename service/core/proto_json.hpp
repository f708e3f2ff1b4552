#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace huiwu::core::proto_json {

// Any message in the JSON mapping of frame.hpp (.proto field names, every primitive printed,
// enums by name), byte for byte as protobuf's JSON util prints it, written straight from the
// message through its reflection. The util converts every descriptor it meets into a type
// description and builds a tree of the whole message before it writes a byte: 60–150 µs
// for an ordinary frame (docs/performance.md, decision 0042); this printer takes a few.
//
// The util's order, which this printer keeps: a message's fields outside any oneof in the
// order the .proto declares them (missing primitives printed with their defaults, empty lists
// as [], empty maps as {}, missing messages left out), then the oneof members that are set, by
// field number. Appends to `out` and returns true; returns false, `out` untouched, for what
// it does not print the util's way (floating point, bytes, well-known types, a map with
// entries, text that is not valid UTF-8): the caller then asks the util.
// tests/core/proto_json_test.cpp compares the two over generated messages of every kind the
// protocol has.
bool print(const google::protobuf::Message& m, std::string& out);

}  // namespace huiwu::core::proto_json
