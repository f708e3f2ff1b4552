#include "core/frame.hpp"

#include <google/protobuf/util/json_util.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "base/utf8.hpp"
#include "core/hot_json.hpp"
#include "core/proto_json.hpp"

namespace huiwu::core {
namespace {

// Whole-item events (edit_item, set_item_status, control_timer, set_current's touched) never
// carry an item's minutes: the minutes change only through edit_minutes, and a timer click
// must not resend a long record (domain::decide clears them). Printing every primitive field
// would show them as "minutes": "", which reads as "the minutes are now empty"; the field is
// left out instead (docs/protocol.md §6). Snapshots and add_item keep it: they do carry it.
bool carries_whole_items(const v1::Change& c) {
  return c.has_edit_item() || c.has_set_item_status() || c.has_control_timer() ||
         c.has_set_current();
}

template <typename Events>
bool any_whole_items(const Events& events) {
  for (const auto& e : events) {
    if (carries_whole_items(e.change())) return true;
  }
  return false;
}

void drop_minutes(boost::json::value* item) {
  if (item && item->is_object()) item->as_object().erase("minutes");
}

// `event` is the JSON of one Event.
void drop_whole_item_minutes(boost::json::value& event) {
  if (!event.is_object()) return;
  auto* change = event.as_object().if_contains("change");
  if (!change || !change->is_object()) return;
  for (auto& [kind, body] : change->as_object()) {
    if (!body.is_object()) continue;
    auto& b = body.as_object();
    if (kind == "edit_item" || kind == "set_item_status" || kind == "control_timer") {
      drop_minutes(b.if_contains("item"));
    } else if (kind == "set_current") {
      if (auto* touched = b.if_contains("touched"); touched && touched->is_array()) {
        for (auto& item : touched->as_array()) drop_minutes(&item);
      }
    }
  }
}

void drop_in_list(boost::json::object& o, const char* member, const char* list) {
  auto* m = o.if_contains(member);
  if (!m || !m->is_object()) return;
  auto* events = m->as_object().if_contains(list);
  if (!events || !events->is_array()) return;
  for (auto& e : events->as_array()) drop_whole_item_minutes(e);
}

std::string envelope_json(const v1::Envelope& e) {
  std::string out;
  if (hot_json::encode(e, out)) return out;  // the hot frames: welcome, acks, carets, edits
  out = to_json(e);
  const bool rewrite = (e.has_event() && carries_whole_items(e.event().change())) ||
                       (e.has_joined() && any_whole_items(e.joined().events())) ||
                       (e.has_history_page() && any_whole_items(e.history_page().events()));
  if (!rewrite) return out;
  boost::system::error_code ec;
  auto v = boost::json::parse(out, ec);
  if (ec || !v.is_object()) return out;  // cannot happen: it is our own printer's output
  auto& o = v.as_object();
  if (auto* ev = o.if_contains("event")) drop_whole_item_minutes(*ev);
  drop_in_list(o, "joined", "events");
  drop_in_list(o, "history_page", "events");
  return boost::json::serialize(v);
}

}  // namespace

std::string to_json(const google::protobuf::Message& m) {
  std::string out;
  // About the size of the binary encoding: a long record is nearly all of a join, and a
  // string grown by doubling to 100 KB and more is copied and faulted in page by page.
  const auto binary = m.ByteSizeLong();
  out.reserve(binary + binary / 8 + 256);
  if (proto_json::print(m, out)) return out;
  return util_json(m);
}

std::string util_json(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions o;
  o.always_print_primitive_fields = true;
  o.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

std::string decode_request(std::string_view bytes, wire_format f, v1::Envelope& out) {
  if (f == wire_format::json) {
    // The plain shapes a typing browser sends most are read by hand; anything else, and
    // every refusal with its message, is the util's (hot_json.hpp).
    if (hot_json::decode(bytes, out)) return {};
    out.Clear();
    google::protobuf::util::JsonParseOptions o;
    o.ignore_unknown_fields = false;
    const auto status = google::protobuf::util::JsonStringToMessage(bytes, &out, o);
    // The parser's complaint quotes the frame around the fault, cut at a byte count that
    // can fall inside a character (会): the message must stay text (utf8.hpp).
    if (!status.ok())
      return "not a valid request: " + utf8::replace_invalid(std::string(status.message()));
    return {};
  }
  if (!out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return "not a valid protobuf Envelope";
  }
  return {};
}

std::shared_ptr<const std::string> frame::encoded(wire_format f) const {
  if (f == wire_format::binary) {
    std::call_once(binary_once_, [this] {
      binary_ = std::make_shared<const std::string>(envelope_.SerializeAsString());
    });
    return binary_;
  }
  std::call_once(json_once_,
                 [this] { json_ = std::make_shared<const std::string>(envelope_json(envelope_)); });
  return json_;
}

}  // namespace huiwu::core
