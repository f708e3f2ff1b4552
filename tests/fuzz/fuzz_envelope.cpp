// The WebSocket request decoder (core::decode_request): the first byte picks the frame
// kind (even: a text frame, the JSON mapping; odd: a binary frame, protobuf), the rest is
// the frame. Beyond "no crash, no sanitizer report", for every frame that decodes:
//   - binary -> envelope -> binary -> envelope gives the same envelope;
//   - the server's own JSON of it (core::to_json) decodes again, to the same envelope
//     (unknown binary fields aside, which JSON cannot carry): a command a binary client
//     sends is relayed to JSON clients, so every decodable envelope must survive the trip;
//   - the server's JSON of it (core/proto_json, decision 0042) is byte for byte what
//     protobuf's JSON util prints;
//   - the request-id scanners find the envelope's id in the server's own encodings;
//   - the frame a recipient gets (frame::encoded) is valid JSON.
// Frames that do not decode: the id scanners run on them (they must not read past the end),
// and the ERROR_BAD_REQUEST the client gets (its message quotes the parser) is valid UTF-8
// and encodes to valid JSON and to a binary frame that decodes to the same error.
#include <google/protobuf/util/message_differencer.h>

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/utf8.hpp"
#include "check.hpp"
#include "core/frame.hpp"
#include "core/request_id.hpp"

using huiwu::core::wire_format;
namespace v1 = huiwu::v1;

namespace {

bool same(const v1::Envelope& a, const v1::Envelope& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  huiwu_fuzz_quiet_protobuf();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto fmt = (data[0] & 1) ? wire_format::binary : wire_format::json;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  (void)huiwu::core::recover_request_id(bytes);
  (void)huiwu::core::recover_binary_request_id(bytes);

  // Beast refuses a text frame that is not UTF-8 (RFC 6455 §8.1, close code 1007) before
  // the server sees it; only the scanners above meet such bytes.
  if (fmt == wire_format::json && !huiwu::utf8::is_valid(bytes)) return 0;

  v1::Envelope env;
  const auto why = huiwu::core::decode_request(bytes, fmt, env);
  if (!why.empty()) {
    if (!huiwu::utf8::is_valid(why)) std::fprintf(stderr, "message: %s\n", why.c_str());
    HUIWU_FUZZ_CHECK(huiwu::utf8::is_valid(why));
    v1::Envelope reply;  // as core::make_error builds it
    reply.set_id(fmt == wire_format::json ? huiwu::core::recover_request_id(bytes)
                                          : huiwu::core::recover_binary_request_id(bytes));
    reply.mutable_error()->set_code(v1::ERROR_BAD_REQUEST);
    reply.mutable_error()->set_message(why);
    const auto f = huiwu::core::make_frame(reply);
    boost::system::error_code ec;
    (void)boost::json::parse(*f->encoded(wire_format::json), ec);
    HUIWU_FUZZ_CHECK(!ec);
    v1::Envelope back;
    HUIWU_FUZZ_CHECK(back.ParseFromString(*f->encoded(wire_format::binary)));
    HUIWU_FUZZ_CHECK(same(back, reply));
    return 0;
  }

  // Unknown fields survive binary but not JSON; compare the JSON trip without them.
  env.DiscardUnknownFields();

  HUIWU_FUZZ_CHECK(huiwu::core::to_json(env) == huiwu::core::util_json(env));

  const auto binary = env.SerializeAsString();
  v1::Envelope again;
  HUIWU_FUZZ_CHECK(huiwu::core::decode_request(binary, wire_format::binary, again).empty());
  HUIWU_FUZZ_CHECK(same(env, again));
  HUIWU_FUZZ_CHECK(huiwu::core::recover_binary_request_id(binary) == env.id());

  const auto json = huiwu::core::to_json(env);
  v1::Envelope from_json;
  const auto json_why = huiwu::core::decode_request(json, wire_format::json, from_json);
  if (!json_why.empty()) std::fprintf(stderr, "%s\n%s\n", json.c_str(), json_why.c_str());
  HUIWU_FUZZ_CHECK(json_why.empty());
  HUIWU_FUZZ_CHECK(same(env, from_json));
  HUIWU_FUZZ_CHECK(huiwu::core::recover_request_id(json) == env.id());

  const auto frame = huiwu::core::make_frame(env);
  boost::system::error_code ec;
  (void)boost::json::parse(*frame->encoded(wire_format::json), ec);
  HUIWU_FUZZ_CHECK(!ec);
  HUIWU_FUZZ_CHECK(*frame->encoded(wire_format::binary) == binary);
  return 0;
}
