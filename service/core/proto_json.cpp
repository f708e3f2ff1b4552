#include "core/proto_json.hpp"

#include <google/protobuf/descriptor.h>

#include <charconv>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <utility>

#include "base/utf8.hpp"
#include "core/hot_json.hpp"

namespace huiwu::core::proto_json {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

template <typename Int>
void append_int(Int v, std::string& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// 64-bit integers are strings in the JSON mapping.
template <typename Int>
void append_quoted_int(Int v, std::string& out) {
  out += '"';
  append_int(v, out);
  out += '"';
}

bool append_text(const std::string& s, std::string& out) {
  if (!utf8::is_valid(s)) return false;
  hot_json::append_string(s, out);
  return true;
}

void append_enum(const pb::EnumDescriptor* type, int number, std::string& out) {
  if (const auto* v = type->FindValueByNumber(number)) {
    out += '"';
    out += v->name();  // an identifier: nothing to escape
    out += '"';
  } else {
    append_int(number, out);  // a number the .proto does not name, as the util prints it
  }
}

bool print_message(const pb::Message& m, std::string& out);

// One value of `f`: the singular one (index < 0) or element `index` of a repeated field.
bool print_value(const pb::Message& m, const pb::Reflection& r, const FD* f, int index,
                 std::string& out) {
  const bool one = index < 0;
  switch (f->cpp_type()) {
    case FD::CPPTYPE_INT32:
      append_int(one ? r.GetInt32(m, f) : r.GetRepeatedInt32(m, f, index), out);
      return true;
    case FD::CPPTYPE_UINT32:
      append_int(one ? r.GetUInt32(m, f) : r.GetRepeatedUInt32(m, f, index), out);
      return true;
    case FD::CPPTYPE_INT64:
      append_quoted_int(one ? r.GetInt64(m, f) : r.GetRepeatedInt64(m, f, index), out);
      return true;
    case FD::CPPTYPE_UINT64:
      append_quoted_int(one ? r.GetUInt64(m, f) : r.GetRepeatedUInt64(m, f, index), out);
      return true;
    case FD::CPPTYPE_BOOL:
      out += (one ? r.GetBool(m, f) : r.GetRepeatedBool(m, f, index)) ? "true" : "false";
      return true;
    case FD::CPPTYPE_ENUM:
      append_enum(f->enum_type(), one ? r.GetEnumValue(m, f) : r.GetRepeatedEnumValue(m, f, index),
                  out);
      return true;
    case FD::CPPTYPE_STRING: {
      if (f->type() == FD::TYPE_BYTES) return false;  // base64: the util's
      std::string scratch;
      const auto& s = one ? r.GetStringReference(m, f, &scratch)
                          : r.GetRepeatedStringReference(m, f, index, &scratch);
      return append_text(s, out);
    }
    case FD::CPPTYPE_MESSAGE:
      return print_message(one ? r.GetMessage(m, f) : r.GetRepeatedMessage(m, f, index), out);
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT:
      return false;  // the util's own number formatting
  }
  return false;
}

bool print_field(const pb::Message& m, const pb::Reflection& r, const FD* f, bool& first,
                 std::string& out) {
  if (!first) out += ',';
  first = false;
  out += '"';
  out += f->name();
  out += "\":";
  if (f->is_map()) {
    // The util prints a map's entries in the order the message serializes them, which is
    // not always the order reflection lists them in (a map filled through reflection); an
    // empty one is {} either way, and anything else is the util's.
    if (r.FieldSize(m, f) > 0) return false;
    out += "{}";
    return true;
  }
  if (f->is_repeated()) {
    out += '[';
    const int n = r.FieldSize(m, f);
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += ',';
      if (!print_value(m, r, f, i, out)) return false;
    }
    out += ']';
    return true;
  }
  return print_value(m, r, f, -1, out);
}

bool print_message(const pb::Message& m, std::string& out) {
  const auto* d = m.GetDescriptor();
  if (d->well_known_type() != pb::Descriptor::WELLKNOWNTYPE_UNSPECIFIED) return false;
  const auto& r = *m.GetReflection();
  out += '{';
  bool first = true;
  // Outside the oneofs, in the order of the .proto; a message is printed only when present.
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    if (f->containing_oneof() != nullptr) continue;
    if (f->cpp_type() == FD::CPPTYPE_MESSAGE && !f->is_repeated() && !r.HasField(m, f)) continue;
    if (!print_field(m, r, f, first, out)) return false;
  }
  // Then the oneof members that are set, by field number (the util meets them in the
  // serialized message, after it has laid out the fields it knows to expect).
  if (d->oneof_decl_count() > 0) {
    const FD* set[8];
    int n = 0;
    for (int i = 0; i < d->oneof_decl_count(); ++i) {
      if (const FD* f = r.GetOneofFieldDescriptor(m, d->oneof_decl(i))) {
        if (n == static_cast<int>(std::size(set))) return false;
        set[n++] = f;
      }
    }
    for (int i = 1; i < n; ++i) {  // a handful at most: insertion by field number
      for (int j = i; j > 0 && set[j]->number() < set[j - 1]->number(); --j)
        std::swap(set[j], set[j - 1]);
    }
    for (int i = 0; i < n; ++i) {
      if (!print_field(m, r, set[i], first, out)) return false;
    }
  }
  out += '}';
  return true;
}

}  // namespace

bool print(const pb::Message& m, std::string& out) {
  const auto size = out.size();
  if (print_message(m, out)) return true;
  out.resize(size);
  return false;
}

}  // namespace huiwu::core::proto_json
