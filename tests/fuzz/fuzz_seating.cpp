// The seating request parser (seating::preview_request, json_fields) and the engine behind
// POST /api/seating/preview: the whole input is the request body. Properties: see
// seating_checks.hpp.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "seating_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  huiwu::fuzz::check_preview(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
