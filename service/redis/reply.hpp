#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace huiwu::redis {

// A deep copy of one hiredis reply (RESP2). It owns all its bytes, so it can be moved to any
// thread and outlive the connection. `str` holds the bytes of a status, an error or a bulk
// string (binary-safe: it may contain NUL bytes); `integer` an integer reply; `elements`
// the members of an array (a nil array, "*-1", is `kind::nil`).
struct reply {
  enum class kind { nil, status, error, integer, string, array };

  kind type = kind::nil;
  std::string str;
  long long integer = 0;
  std::vector<reply> elements;

  bool is_error() const noexcept { return type == kind::error; }
  bool is_nil() const noexcept { return type == kind::nil; }

  friend bool operator==(const reply&, const reply&) = default;
};

const char* to_string(reply::kind k) noexcept;

// For logs and test failure messages: `"OK"`, `(integer) 3`, `(error) ERR ...`, `[a, b]`.
// Bytes outside printable ASCII are escaped as \xNN.
std::ostream& operator<<(std::ostream& os, const reply& r);

}  // namespace huiwu::redis
