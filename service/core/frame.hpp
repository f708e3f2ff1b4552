#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "huiwu.pb.h"

namespace huiwu::core {

enum class wire_format { binary, json };

// The JSON mapping used on text frames: .proto field names, every field printed (a client
// written from the docs sees 0 and false too), enums by name.
std::string to_json(const google::protobuf::Message& m);

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
