// either<L, R>: a refusal (left) or a result (right), the return type of the follow-up
// core's fallible functions (C++20 has no std::expected). By convention the left side is
// the "no" (a rejection, an error), the right side the value:
//   auto t = decide(item, act, role, now_ms, zone);
//   if (!t) return refuse(t.left());
//   apply(item, *t);
// Reading the side that is not there throws std::bad_variant_access: a programming error.
#pragma once

#include <utility>
#include <variant>

namespace huiwu::followup {

template <class L>
struct left_value {
  L value;
};

// Wraps a left value so that either<L, R> can be built from it even when L and R convert
// into each other.
template <class L>
left_value<L> make_left(L value) {
  return left_value<L>{std::move(value)};
}

template <class L, class R>
class [[nodiscard]] either {
 public:
  either(R value) : v_(std::in_place_index<1>, std::move(value)) {}  // NOLINT: implicit
  template <class U>
  either(left_value<U> l) : v_(std::in_place_index<0>, std::move(l.value)) {}  // NOLINT

  bool has_right() const noexcept { return v_.index() == 1; }
  explicit operator bool() const noexcept { return has_right(); }

  const L& left() const& { return std::get<0>(v_); }
  L&& left() && { return std::get<0>(std::move(v_)); }
  const R& right() const& { return std::get<1>(v_); }
  R& right() & { return std::get<1>(v_); }
  R&& right() && { return std::get<1>(std::move(v_)); }

  const R& operator*() const& { return right(); }
  R& operator*() & { return right(); }
  const R* operator->() const { return &right(); }
  R* operator->() { return &right(); }

 private:
  std::variant<L, R> v_;
};

}  // namespace huiwu::followup
