// result<T>: a value or a seating_error, the return type of every fallible function in
// huiwu_seating (C++20 has no std::expected). A seating_error carries the HTTP status
// the preview endpoint answers with, a stable machine code and a message for people,
// so the error reaches the client exactly as the engine worded it.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace huiwu::seating {

struct seating_error {
  int http_status = 422;  // 400: the request is malformed; 422: well-formed but impossible
  std::string code;       // stable, e.g. "too_many_people"
  std::string message;    // English, names the field or person at fault
};

inline seating_error bad_request(std::string message) {
  return {400, "invalid_request", std::move(message)};
}
inline seating_error unprocessable(std::string code, std::string message) {
  return {422, std::move(code), std::move(message)};
}

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  result(seating_error e) : v_(std::move(e)) {}  // NOLINT: implicit by design

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  const seating_error& error() const { return std::get<1>(v_); }

  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  // Reading the value of an error is a programming error, the one exception this
  // library lets escape.
  void check() const {
    if (!has_value()) throw std::logic_error("seating result: " + std::get<1>(v_).message);
  }

  std::variant<T, seating_error> v_;
};

}  // namespace huiwu::seating
