// Internal to huiwu_ot: walks the components of an operation and lets compose and
// transform consume a component in pieces, since they split components wherever the
// other operation's components end. Invariant: the current component has
// remaining() > 0 code points left unless done().
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "base/utf8.hpp"
#include "ot/text_operation.hpp"

namespace huiwu::ot::detail {

class component_cursor {
 public:
  explicit component_cursor(const std::vector<component>& ops) noexcept : ops_(ops) {}

  bool done() const noexcept { return i_ == ops_.size(); }
  component_kind kind() const noexcept { return ops_[i_].kind; }
  std::size_t remaining() const noexcept { return ops_[i_].n - used_; }
  // The current insert's flag (component::continues); false for the other kinds.
  bool continues() const noexcept { return ops_[i_].continues; }

  // Consumes n code points of the current component (0 < n <= remaining()). For an
  // insert, returns their UTF-8 text; otherwise an empty view.
  std::string_view take(std::size_t n) noexcept {
    const component& c = ops_[i_];
    std::string_view text;
    if (c.kind == component_kind::insert) {
      const std::string_view rest = std::string_view(c.text).substr(used_bytes_);
      const std::size_t bytes = n == c.n - used_ ? rest.size() : utf8::offset_of(rest, n);
      text = rest.substr(0, bytes);
      used_bytes_ += bytes;
    }
    used_ += n;
    if (used_ == c.n) {
      ++i_;
      used_ = 0;
      used_bytes_ = 0;
    }
    return text;
  }

 private:
  const std::vector<component>& ops_;
  std::size_t i_ = 0;           // current component
  std::size_t used_ = 0;        // code points of it already consumed
  std::size_t used_bytes_ = 0;  // bytes of its text already consumed (inserts)
};

}  // namespace huiwu::ot::detail
