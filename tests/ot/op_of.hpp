// An operation written as its JSON form, for tests: op_of(R"(["a",3])").
#pragma once

#include <string_view>

#include "ot/json_codec.hpp"
#include "ot/text_operation.hpp"

namespace huiwu::ot::test_support {

inline text_operation op_of(std::string_view json) {
  return from_json(json).value();
}

}  // namespace huiwu::ot::test_support
