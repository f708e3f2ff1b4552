#include "ot/ot_error.hpp"

#include <string>

namespace huiwu::ot {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "huiwu.ot"; }

  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::base_length_mismatch:
        return "operations do not share the base length they need";
      case errc::document_length_mismatch:
        return "document length differs from the operation's base length";
      case errc::invalid_utf8:
        return "text is not well-formed UTF-8";
      case errc::zero_length_component:
        return "operation has a zero-length component";
      case errc::insert_too_large:
        return "operation inserts more text than allowed";
      case errc::too_many_components:
        return "operation has more components than allowed";
      case errc::count_out_of_range:
        return "retain or delete count out of range";
      case errc::malformed:
        return "malformed operation";
      case errc::nothing_in_flight:
        return "acknowledgement without an operation in flight";
    }
    return "unknown OT error";
  }
};

}  // namespace

const std::error_category& ot_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), ot_category()};
}

std::string_view errc_name(errc e) noexcept {
  switch (e) {
    case errc::base_length_mismatch:
      return "base_length_mismatch";
    case errc::document_length_mismatch:
      return "document_length_mismatch";
    case errc::invalid_utf8:
      return "invalid_utf8";
    case errc::zero_length_component:
      return "zero_length_component";
    case errc::insert_too_large:
      return "insert_too_large";
    case errc::too_many_components:
      return "too_many_components";
    case errc::count_out_of_range:
      return "count_out_of_range";
    case errc::malformed:
      return "malformed";
    case errc::nothing_in_flight:
      return "nothing_in_flight";
  }
  return "unknown";
}

}  // namespace huiwu::ot
