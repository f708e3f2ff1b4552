#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "huiwu.pb.h"

namespace huiwu::core {

enum class wire_format { binary, json };

// The JSON mapping used on text frames: .proto field names, every field printed (a client
// written from the docs sees 0 and false too), enums by name. Printed by proto_json.hpp;
// util_json is protobuf's JSON util with the same options, the reference that printer and
// hot_json.hpp are tested against and what they leave to it.
std::string to_json(const google::protobuf::Message& m);
std::string util_json(const google::protobuf::Message& m);

// An incoming frame read into `out`: a text frame (json) by the JSON mapping with unknown
// fields refused, a binary one by the protobuf encoding. Empty when read; otherwise the
// message of the ERROR_BAD_REQUEST the client gets (docs/protocol.md §3). The one decoder
// of requests: the WebSocket session and the fuzz target (tests/fuzz) both call it.
std::string decode_request(std::string_view bytes, wire_format f, v1::Envelope& out);

// A frame's JSON is to_json of its envelope, except that whole-item events leave out the
// items' minutes, which they do not carry (frame.cpp; docs/protocol.md §6).
//
// An envelope encoded at most once per wire format and shared, immutable, by every
// recipient: a broadcast to a thousand viewers costs one encoding, not a thousand.
class frame {
 public:
  explicit frame(v1::Envelope envelope) : envelope_(std::move(envelope)) {}

  const v1::Envelope& envelope() const { return envelope_; }
  std::shared_ptr<const std::string> encoded(wire_format f) const;

 private:
  v1::Envelope envelope_;
  mutable std::once_flag binary_once_, json_once_;
  mutable std::shared_ptr<const std::string> binary_, json_;
};

using frame_ptr = std::shared_ptr<const frame>;

inline frame_ptr make_frame(v1::Envelope e) {
  return std::make_shared<const frame>(std::move(e));
}

}  // namespace huiwu::core
