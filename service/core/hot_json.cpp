#include "core/hot_json.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

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

// --- reading ----------------------------------------------------------------------------

// A strict reader of the plain shapes: every deviation is "not mine" (false), never an error.
class reader {
 public:
  explicit reader(std::string_view s) : s_(s) {}

  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool at_end() {
    ws();
    return i_ == s_.size();
  }

  // An object's members: calls member(key) for each, which reads the value.
  template <typename F>
  bool object(F&& member) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    do {
      std::string key;
      if (!string(key) || !eat(':')) return false;
      if (!member(key)) return false;
    } while (eat(','));
    return eat('}');
  }

  template <typename F>
  bool array(F&& element) {
    if (!eat('[')) return false;
    if (eat(']')) return true;
    do {
      if (!element()) return false;
    } while (eat(','));
    return eat(']');
  }

  bool boolean(bool& v) {
    ws();
    if (s_.substr(i_, 4) == "true") {
      i_ += 4;
      v = true;
    } else if (s_.substr(i_, 5) == "false") {
      i_ += 5;
      v = false;
    } else {
      return false;
    }
    return !ident_follows();
  }

  // Plain digits, no sign, fraction or exponent, no leading zero; in quotes or not. Unquoted
  // numbers above 2^53 are left to the util (it reads them through a double).
  bool unsigned_int(std::uint64_t& v, std::uint64_t max) {
    ws();
    const bool quoted = i_ < s_.size() && s_[i_] == '"';
    if (quoted) ++i_;
    const auto start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    const auto digits = s_.substr(start, i_ - start);
    if (digits.empty() || digits.size() > 20 || (digits.size() > 1 && digits[0] == '0'))
      return false;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (r.ec != std::errc{} || v > max) return false;
    if (quoted) {
      if (i_ >= s_.size() || s_[i_] != '"') return false;
      ++i_;
    } else {
      if (v > (std::uint64_t{1} << 53)) return false;
      if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) return false;
    }
    return true;
  }
  bool u64(std::uint64_t& v) { return unsigned_int(v, std::numeric_limits<std::uint64_t>::max()); }
  bool u32(std::uint32_t& v) {
    std::uint64_t w = 0;
    if (!unsigned_int(w, std::numeric_limits<std::uint32_t>::max())) return false;
    v = static_cast<std::uint32_t>(w);
    return true;
  }

  // A string with the common escapes; valid UTF-8 only, no raw control characters, no
  // escape that makes a lone surrogate.
  bool string(std::string& out) {
    ws();
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    auto run = i_;
    for (;;) {
      if (i_ >= s_.size()) return false;
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') break;
      if (c < 0x20) return false;
      if (c != '\\') {
        ++i_;
        continue;
      }
      out.append(s_.data() + run, i_ - run);
      if (++i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          std::uint32_t u = 0;
          if (!hex4(u) || (u >= 0xDC00 && u <= 0xDFFF)) return false;
          char32_t cp = u;
          if (u >= 0xD800 && u <= 0xDBFF) {
            std::uint32_t lo = 0;
            if (s_.substr(i_, 2) != "\\u") return false;
            i_ += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8::encode(cp, out);
          break;
        }
        default:
          return false;
      }
      run = i_;
    }
    out.append(s_.data() + run, i_ - run);
    ++i_;
    return utf8::is_valid(out);
  }

 private:
  bool hex4(std::uint32_t& v) {
    if (i_ + 4 > s_.size()) return false;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }
  bool ident_follows() const {
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// Each member at most once: a bit per member of the message being read.
struct seen {
  unsigned bits = 0;
  bool first(unsigned bit) {
    if (bits & (1u << bit)) return false;
    bits |= 1u << bit;
    return true;
  }
};

bool read_component(reader& r, v1::TextComponent& c) {
  seen s;
  bool kind = false;
  return r.object([&](const std::string& k) {
    if (k == "continues") {
      bool v = false;
      if (!s.first(0) || !r.boolean(v)) return false;
      c.set_continues(v);
      return true;
    }
    if (kind) return false;  // two members of the oneof: the util's to say what that is
    kind = true;
    if (k == "retain" || k == "delete") {
      std::uint32_t v = 0;
      if (!r.u32(v)) return false;
      k == "retain" ? c.set_retain(v) : c.set_delete_(v);
      return true;
    }
    if (k == "insert") return r.string(*c.mutable_insert());
    return false;
  });
}

bool read_edit_minutes(reader& r, v1::EditMinutes& m) {
  seen s;
  return r.object([&](const std::string& k) {
    if (k == "item_id") return s.first(0) && r.string(*m.mutable_item_id());
    if (k == "base_version") {
      std::uint64_t v = 0;
      if (!s.first(1) || !r.u64(v)) return false;
      m.set_base_version(v);
      return true;
    }
    if (k == "op") {
      if (!s.first(2)) return false;
      auto* op = m.mutable_op();
      seen so;
      return r.object([&](const std::string& k2) {
        if (k2 != "ops" || !so.first(0)) return false;
        return r.array([&] { return read_component(r, *op->add_ops()); });
      });
    }
    return false;
  });
}

bool read_command(reader& r, v1::Command& c) {
  seen s;
  return r.object([&](const std::string& k) {
    if (k == "meeting_id") return s.first(0) && r.string(*c.mutable_meeting_id());
    if (k == "client_id") return s.first(1) && r.string(*c.mutable_client_id());
    if (k == "client_seq" || k == "expected_version") {
      std::uint64_t v = 0;
      if (!s.first(k == "client_seq" ? 2 : 3) || !r.u64(v)) return false;
      k == "client_seq" ? c.set_client_seq(v) : c.set_expected_version(v);
      return true;
    }
    if (k == "change") {
      if (!s.first(4)) return false;
      auto* ch = c.mutable_change();
      bool one = false;
      return r.object([&](const std::string& k2) {
        if (k2 != "edit_minutes" || one) return false;
        one = true;
        return read_edit_minutes(r, *ch->mutable_edit_minutes());
      });
    }
    return false;
  });
}

bool read_presence(reader& r, v1::Presence& p) {
  seen s;
  return r.object([&](const std::string& k) {
    if (k == "meeting_id") return s.first(0) && r.string(*p.mutable_meeting_id());
    if (k == "item_id") return s.first(1) && r.string(*p.mutable_item_id());
    if (k == "client_id") return s.first(2) && r.string(*p.mutable_client_id());
    if (k == "client_name") return s.first(3) && r.string(*p.mutable_client_name());
    if (k == "anchor" || k == "head") {
      std::uint32_t v = 0;
      if (!s.first(k == "anchor" ? 4 : 5) || !r.u32(v)) return false;
      k == "anchor" ? p.set_anchor(v) : p.set_head(v);
      return true;
    }
    if (k == "version") {
      std::uint64_t v = 0;
      if (!s.first(6) || !r.u64(v)) return false;
      p.set_version(v);
      return true;
    }
    if (k == "typing") {
      bool v = false;
      if (!s.first(7) || !r.boolean(v)) return false;
      p.set_typing(v);
      return true;
    }
    return false;
  });
}

}  // namespace

void append_string(std::string_view s, std::string& out) {
  out += '"';
  std::size_t run = 0, i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != 0x7F) {
        ++i;
        continue;
      }
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

bool decode(std::string_view in, v1::Envelope& out) {
  reader r(in);
  seen s;
  bool body = false;
  const bool ok = r.object([&](const std::string& k) {
    if (k == "id") {
      std::uint64_t v = 0;
      if (!s.first(0) || !r.u64(v)) return false;
      out.set_id(v);
      return true;
    }
    if (body) return false;
    body = true;
    if (k == "command") return read_command(r, *out.mutable_command());
    if (k == "presence") return read_presence(r, *out.mutable_presence());
    return false;
  });
  return ok && body && r.at_end();
}

}  // namespace huiwu::core::hot_json
