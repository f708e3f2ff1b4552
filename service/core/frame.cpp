#include "core/frame.hpp"

#include <google/protobuf/util/json_util.h>

namespace huiwu::core {

std::string to_json(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions o;
  o.always_print_primitive_fields = true;
  o.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

std::shared_ptr<const std::string> frame::encoded(wire_format f) const {
  if (f == wire_format::binary) {
    std::call_once(binary_once_, [this] {
      binary_ = std::make_shared<const std::string>(envelope_.SerializeAsString());
    });
    return binary_;
  }
  std::call_once(json_once_,
                 [this] { json_ = std::make_shared<const std::string>(to_json(envelope_)); });
  return json_;
}

}  // namespace huiwu::core
