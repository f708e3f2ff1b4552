#pragma once

#include <optional>
#include <string>

#include "huiwu.pb.h"

namespace huiwu::domain {

// Why a request was refused. The code is the stable contract; the message is for people.
struct rejection {
  v1::ErrorCode code = v1::ERROR_INTERNAL;
  std::string message;
  std::string field;  // the offending field's path, e.g. "item.title"
};

using maybe_rejection = std::optional<rejection>;

inline rejection reject(v1::ErrorCode code, std::string message, std::string field = {}) {
  return rejection{code, std::move(message), std::move(field)};
}

}  // namespace huiwu::domain
