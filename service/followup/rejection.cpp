#include "followup/rejection.hpp"

namespace huiwu::followup {
namespace {

class rejection_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "huiwu.followup"; }
  std::string message(int c) const override {
    switch (static_cast<rejection_code>(c)) {
      case rejection_code::invalid_field:
        return "invalid field";
      case rejection_code::too_large:
        return "too large";
      case rejection_code::forbidden:
        return "forbidden";
      case rejection_code::wrong_state:
        return "not in this state";
      case rejection_code::finished:
        return "the item is finished";
      case rejection_code::extension_pending:
        return "an extension is pending";
      case rejection_code::no_extension_pending:
        return "no extension is pending";
      case rejection_code::deadline_passed:
        return "the deadline has passed";
      case rejection_code::malformed:
        return "malformed";
      case rejection_code::not_found:
        return "not found";
      case rejection_code::failed:
        return "failed";
    }
    return "unknown follow-up error";
  }
};

}  // namespace

const std::error_category& rejection_category() noexcept {
  static const rejection_category_impl category;
  return category;
}

std::error_code make_error_code(rejection_code c) noexcept {
  return {static_cast<int>(c), rejection_category()};
}

}  // namespace huiwu::followup
