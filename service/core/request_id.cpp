#include "core/request_id.hpp"

#include <cstddef>
#include <limits>
#include <optional>

namespace huiwu::core {
namespace {

// A cursor over the frame. Every step either advances or fails; nothing reads past the end.
class scanner {
 public:
  explicit scanner(std::string_view s) : s_(s) {}

  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void skip_space() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool eat(char c) {
    skip_space();
    if (peek() != c) return false;
    ++i_;
    return true;
  }

  // A string at the cursor, raw (escapes are stepped over, not decoded: a key spelled with
  // escapes is not "id" for this scan, which only costs the id of a very odd client).
  bool string(std::string_view& raw) {
    skip_space();
    if (peek() != '"') return false;
    const auto start = ++i_;
    while (!done() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
    if (done()) return false;
    raw = s_.substr(start, i_ - start);
    ++i_;
    return true;
  }

  // Steps over one value of any kind; strings inside it may hold any bytes.
  bool skip_value() {
    skip_space();
    std::size_t depth = 0;
    while (!done()) {
      const char c = s_[i_];
      if (c == '"') {
        std::string_view ignored;
        if (!string(ignored)) return false;
        if (depth == 0) return true;
        continue;
      }
      if (depth == 0 && (c == ',' || c == '}' || c == ']')) return true;  // a scalar ended
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          ++i_;
          return true;
        }
      }
      ++i_;
    }
    return false;
  }

  // The raw text of a scalar at the cursor (up to a delimiter).
  std::string_view scalar() {
    skip_space();
    const auto start = i_;
    while (!done() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ' ' && s_[i_] != '\t' &&
           s_[i_] != '\n' && s_[i_] != '\r') {
      ++i_;
    }
    return s_.substr(start, i_ - start);
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::uint64_t decimal(std::string_view digits) {
  if (digits.empty() || digits.size() > 20) return 0;
  std::uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return 0;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

std::uint64_t recover_request_id(std::string_view json) {
  scanner in(json);
  if (!in.eat('{')) return 0;
  if (in.eat('}')) return 0;
  for (;;) {
    std::string_view key;
    if (!in.string(key) || !in.eat(':')) return 0;
    if (key == "id") {
      in.skip_space();
      if (in.peek() == '"') {
        std::string_view quoted;
        return in.string(quoted) ? decimal(quoted) : 0;
      }
      return decimal(in.scalar());
    }
    if (!in.skip_value()) return 0;
    if (!in.eat(',')) return 0;  // the end of the object, or garbage: no id at the top
  }
}

namespace {

// A protobuf base-128 varint at `pos`; nullopt when it runs past the end or ten bytes.
std::optional<std::uint64_t> read_varint(std::string_view b, std::size_t& pos) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 70 && pos < b.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(b[pos++]);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  return std::nullopt;
}

}  // namespace

std::uint64_t recover_binary_request_id(std::string_view b) {
  std::uint64_t id = 0;
  std::size_t pos = 0;
  while (pos < b.size()) {
    const auto tag = read_varint(b, pos);
    if (!tag) break;
    const auto field = *tag >> 3;
    const auto wire = *tag & 7;
    if (wire == 0) {
      const auto v = read_varint(b, pos);
      if (!v) break;
      if (field == 1) id = *v;
    } else if (wire == 1 || wire == 5) {
      const std::size_t n = wire == 1 ? 8 : 4;
      if (b.size() - pos < n) break;
      pos += n;
    } else if (wire == 2) {
      const auto n = read_varint(b, pos);
      if (!n || *n > b.size() - pos) break;
      pos += static_cast<std::size_t>(*n);
    } else {
      break;  // groups (3, 4) are not ours; 6 and 7 are not wire types
    }
  }
  return id;
}

}  // namespace huiwu::core
