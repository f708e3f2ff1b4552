// result<T>: a value or an error code, the return type of every fallible function
// in huiwu_ot (C++20 has no std::expected). Checking is the caller's duty:
//   auto r = compose(a, b);
//   if (!r) return fail(r.error(), "compose");
// value() on an error throws std::system_error; that is a programming error, the one
// exception this library lets escape.
#pragma once

#include <system_error>
#include <utility>
#include <variant>

#include "ot/ot_error.hpp"

namespace huiwu::ot {

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}   // NOLINT: implicit by design
  result(errc e) : v_(make_error_code(e)) {}  // NOLINT: implicit by design
  result(std::error_code ec) : v_(ec) {}      // NOLINT: implicit by design

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  // The error; a default (false) error_code when there is a value.
  std::error_code error() const noexcept {
    return has_value() ? std::error_code{} : std::get<1>(v_);
  }

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
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void check() const {
    if (!has_value()) throw std::system_error(std::get<1>(v_));
  }

  std::variant<T, std::error_code> v_;
};

}  // namespace huiwu::ot
