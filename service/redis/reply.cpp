#include "redis/reply.hpp"

#include <cstdio>
#include <ostream>

namespace huiwu::redis {
namespace {

void print_escaped(std::ostream& os, const std::string& s) {
  // Long binary values (1 MiB in tests) would drown a failure message: cap what we print.
  constexpr std::size_t max_printed = 200;
  os << '"';
  for (std::size_t i = 0; i < s.size() && i < max_printed; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      os << '\\' << s[i];
    } else if (c >= 0x20 && c < 0x7f) {
      os << s[i];
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      os << buf;
    }
  }
  if (s.size() > max_printed) os << "...(" << s.size() << " bytes)";
  os << '"';
}

}  // namespace

const char* to_string(reply::kind k) noexcept {
  switch (k) {
    case reply::kind::nil:
      return "nil";
    case reply::kind::status:
      return "status";
    case reply::kind::error:
      return "error";
    case reply::kind::integer:
      return "integer";
    case reply::kind::string:
      return "string";
    case reply::kind::array:
      return "array";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& os, const reply& r) {
  switch (r.type) {
    case reply::kind::nil:
      return os << "(nil)";
    case reply::kind::status:
      return os << "(status) " << r.str;
    case reply::kind::error:
      return os << "(error) " << r.str;
    case reply::kind::integer:
      return os << "(integer) " << r.integer;
    case reply::kind::string:
      print_escaped(os, r.str);
      return os;
    case reply::kind::array: {
      os << '[';
      for (std::size_t i = 0; i < r.elements.size(); ++i) {
        if (i != 0) os << ", ";
        os << r.elements[i];
      }
      return os << ']';
    }
  }
  return os;
}

}  // namespace huiwu::redis
