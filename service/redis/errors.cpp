#include "redis/errors.hpp"

#include <string>

namespace huiwu::redis {
namespace {

class category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "redis"; }

  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::not_connected:
        return "not connected to Redis: the command was not sent";
      case errc::outcome_unknown:
        return "connection to Redis lost before the reply: the command may or may not have run";
    }
    return "unknown redis error " + std::to_string(ev);
  }
};

}  // namespace

const std::error_category& redis_category() noexcept {
  static const category_impl instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), redis_category()};
}

}  // namespace huiwu::redis
