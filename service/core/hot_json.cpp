// Printing the hot frames (hot_json.hpp); reading is in hot_json_read.cpp.
#include "core/hot_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "base/utf8.hpp"

namespace huiwu::core::hot_json {
namespace {

// --- printing ---------------------------------------------------------------------------

// The code points protobuf 3.21's JSON printer escapes beyond ASCII (its json_escaping.cc;
// probed over every code point, and checked again by tests/core/hot_json_test.cpp).
bool escaped_beyond_ascii(char32_t c) {
  if (c < 0xA0) return c >= 0x7F;
  if (c < 0x600) return c == 0xAD;
  if (c < 0x2000) {
    return (c >= 0x600 && c <= 0x603) || c == 0x6DD || c == 0x70F || c == 0x17B4 || c == 0x17B5;
  }
  if (c < 0x2100) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2064) || (c >= 0x206A && c <= 0x206F);
  }
  if (c < 0xFE00) return false;
  if (c < 0x10000) return c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
  return (c >= 0x1D173 && c <= 0x1D17A) || c == 0xE0001 || (c >= 0xE0020 && c <= 0xE007F);
}

void append_u(std::uint32_t unit, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out += "\\u";
  out += hex[(unit >> 12) & 15];
  out += hex[(unit >> 8) & 15];
  out += hex[(unit >> 4) & 15];
  out += hex[unit & 15];
}

void append_escaped(char32_t c, std::string& out) {
  if (c >= 0x10000) {
    const auto v = static_cast<std::uint32_t>(c - 0x10000);
    append_u(0xD800 + (v >> 10), out);
    append_u(0xDC00 + (v & 0x3FF), out);
  } else {
    append_u(static_cast<std::uint32_t>(c), out);
  }
}

void append_uint(std::uint64_t v, std::string& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_int(std::int64_t v, std::string& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// 64-bit integers are strings in the mapping; 32-bit ones numbers.
void member_u64(const char* key, std::uint64_t v, std::string& out) {
  out += key;
  out += '"';
  append_uint(v, out);
  out += '"';
}

void member_bool(const char* key, bool v, std::string& out) {
  out += key;
  out += v ? "true" : "false";
}

void member_str(const char* key, const std::string& v, std::string& out) {
  out += key;
  append_string(v, out);
}

bool valid(const std::string& s) {
  return utf8::is_valid(s);
}

// The reply to every connection's hello: through the util it cost a browser's connection
// tens of microseconds for a few dozen bytes (the type resolving, not the printing).
bool printable_welcome(const v1::Welcome& w) {
  if (!valid(w.server_id()) || !valid(w.protocol()) || !valid(w.time_zone())) return false;
  if (!w.has_account()) return true;
  const auto& a = w.account();
  return valid(a.id()) && valid(a.name()) && valid(a.unit()) && valid(a.title()) &&
         v1::Level_IsValid(a.clearance());  // an unknown number: the util prints it its way
}

void print_welcome(const v1::Welcome& w, std::string& out) {
  member_str("{\"server_id\":", w.server_id(), out);
  out += ",\"server_time_ms\":\"";
  append_int(w.server_time_ms(), out);
  out += '"';
  member_str(",\"protocol\":", w.protocol(), out);
  if (w.has_account()) {  // a message field unset is left out, not printed empty
    const auto& a = w.account();
    member_str(",\"account\":{\"id\":", a.id(), out);
    member_str(",\"name\":", a.name(), out);
    member_str(",\"unit\":", a.unit(), out);
    member_str(",\"title\":", a.title(), out);
    out += ",\"clearance\":\"";
    out += v1::Level_Name(a.clearance());
    out += '"';
    member_bool(",\"admin\":", a.admin(), out);
    out += '}';
  }
  member_str(",\"time_zone\":", w.time_zone(), out);
  out += '}';
}

void print_ack(const v1::Ack& a, std::string& out) {
  member_str("{\"meeting_id\":", a.meeting_id(), out);
  member_u64(",\"version\":", a.version(), out);
  member_bool(",\"duplicate\":", a.duplicate(), out);
  member_u64(",\"client_seq\":", a.client_seq(), out);
  out += '}';
}

void print_presence(const v1::Presence& p, std::string& out) {
  member_str("{\"meeting_id\":", p.meeting_id(), out);
  member_str(",\"item_id\":", p.item_id(), out);
  out += ",\"anchor\":";
  append_uint(p.anchor(), out);
  out += ",\"head\":";
  append_uint(p.head(), out);
  member_u64(",\"version\":", p.version(), out);
  member_bool(",\"typing\":", p.typing(), out);
  member_str(",\"client_id\":", p.client_id(), out);
  member_str(",\"client_name\":", p.client_name(), out);
  out += '}';
}

bool printable_event(const v1::Event& e) {
  if (!e.has_change() || !e.change().has_edit_minutes()) return false;
  const auto& m = e.change().edit_minutes();
  if (!m.has_op()) return false;
  if (!valid(e.meeting_id()) || !valid(e.client_id()) || !valid(e.client_name()) ||
      !valid(e.account_id()) || !valid(m.item_id())) {
    return false;
  }
  for (const auto& c : m.op().ops()) {
    if (c.has_insert() && !valid(c.insert())) return false;
  }
  return true;
}

void print_event(const v1::Event& e, std::string& out) {
  const auto& m = e.change().edit_minutes();
  member_str("{\"meeting_id\":", e.meeting_id(), out);
  member_u64(",\"version\":", e.version(), out);
  out += ",\"at_ms\":\"";
  append_int(e.at_ms(), out);
  out += '"';
  member_str(",\"client_id\":", e.client_id(), out);
  member_u64(",\"client_seq\":", e.client_seq(), out);
  member_str(",\"client_name\":", e.client_name(), out);
  member_str(",\"change\":{\"edit_minutes\":{\"item_id\":", m.item_id(), out);
  member_u64(",\"base_version\":", m.base_version(), out);
  out += ",\"op\":{\"ops\":[";
  bool first = true;
  for (const auto& c : m.op().ops()) {
    if (!first) out += ',';
    first = false;
    // The util prints the fields outside a oneof first, then the oneof's member.
    member_bool("{\"continues\":", c.continues(), out);
    switch (c.kind_case()) {
      case v1::TextComponent::kRetain:
        out += ",\"retain\":";
        append_uint(c.retain(), out);
        break;
      case v1::TextComponent::kInsert:
        member_str(",\"insert\":", c.insert(), out);
        break;
      case v1::TextComponent::kDelete:
        out += ",\"delete\":";
        append_uint(c.delete_(), out);
        break;
      case v1::TextComponent::KIND_NOT_SET:
        break;
    }
    out += '}';
  }
  out += "]}}}";
  member_str(",\"account_id\":", e.account_id(), out);
  out += '}';
}

// True when the eight bytes at p are all printable ASCII the printer writes as they are (no
// control, quote, backslash, <, >, DEL, nothing beyond ASCII): a long record is mostly such
// runs, skipped a word at a time (the usual SWAR tests; each is exact for the word as a whole).
bool plain8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
  const auto has = [&](unsigned char c) { return has_zero(w ^ (ones * c)); };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & high;
  return ((w & high) | below_space | has('"') | has('\\') | has('<') | has('>') | has(0x7F)) == 0;
}

// Bytes printed as they are whatever follows them in valid UTF-8: printable ASCII but for
// " \\ < >, every continuation byte, and the lead bytes none of whose code points the printer
// escapes (escaped_beyond_ascii: its code points all start with C2, D8, DB, DC, E1, E2, EF,
// F0 or F3). CJK (E3..E9) and most other scripts pass here a byte at a time, undecoded.
constexpr auto kept_as_is = [] {
  std::array<bool, 256> t{};
  for (int b = 0x20; b < 0x7F; ++b) t[b] = b != '"' && b != '\\' && b != '<' && b != '>';
  for (int b = 0x80; b <= 0xBF; ++b) t[b] = true;
  for (int b = 0xC3; b <= 0xF4; ++b) t[b] = true;
  for (int b : {0xD8, 0xDB, 0xDC, 0xE1, 0xE2, 0xEF, 0xF0, 0xF3}) t[b] = false;
  return t;
}();

}  // namespace

void append_string(std::string_view s, std::string& out) {
  out += '"';
  std::size_t run = 0, i = 0;
  while (i < s.size()) {
    // Eight plain ASCII bytes at once; otherwise up to eight bytes one at a time by the
    // table, until one that needs a closer look (tried once per eight bytes, so that mixed
    // text does not pay for the word test at every byte).
    if (i + 8 <= s.size() && plain8(s.data() + i)) {
      i += 8;
      continue;
    }
    const std::size_t stop = std::min(s.size(), i + 8);
    while (i < stop && kept_as_is[static_cast<unsigned char>(s[i])]) ++i;
    if (i == stop) continue;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out.append(s.data() + run, i - run);
      switch (b) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          append_u(b, out);
      }
      run = ++i;
      continue;
    }
    std::size_t at = i;
    const auto cp = utf8::decode(s, at);
    if (!cp) {  // not for valid input; keep the byte rather than lose text
      ++i;
      continue;
    }
    if (escaped_beyond_ascii(*cp)) {
      out.append(s.data() + run, i - run);
      append_escaped(*cp, out);
      run = at;
    }
    i = at;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

bool encode(const v1::Envelope& e, std::string& out) {
  switch (e.body_case()) {
    case v1::Envelope::kWelcome: {
      if (!printable_welcome(e.welcome())) return false;
      member_u64("{\"id\":", e.id(), out);
      out += ",\"welcome\":";
      print_welcome(e.welcome(), out);
      break;
    }
    case v1::Envelope::kAck:
      if (!valid(e.ack().meeting_id())) return false;
      member_u64("{\"id\":", e.id(), out);
      out += ",\"ack\":";
      print_ack(e.ack(), out);
      break;
    case v1::Envelope::kPresence: {
      const auto& p = e.presence();
      if (!valid(p.meeting_id()) || !valid(p.item_id()) || !valid(p.client_id()) ||
          !valid(p.client_name())) {
        return false;
      }
      member_u64("{\"id\":", e.id(), out);
      out += ",\"presence\":";
      print_presence(p, out);
      break;
    }
    case v1::Envelope::kEvent:
      if (!printable_event(e.event())) return false;
      member_u64("{\"id\":", e.id(), out);
      out += ",\"event\":";
      print_event(e.event(), out);
      break;
    default:
      return false;
  }
  out += '}';
  return true;
}

}  // namespace huiwu::core::hot_json
