// Reading the plain request frames (hot_json.hpp); printing is in hot_json.cpp.
#include <charconv>
#include <cstdint>
#include <limits>

#include "base/utf8.hpp"
#include "core/hot_json.hpp"

namespace huiwu::core::hot_json {
namespace {

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
