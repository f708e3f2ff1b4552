// The whole computation behind a preview, as C++ values: order the people (and units),
// seat them in the layout, and compare with a previous seating. Pure: no I/O, no state;
// the meeting room calls this directly, the HTTP preview through preview().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "seating/people_order.hpp"
#include "seating/preview_request.hpp"
#include "seating/seat_diff.hpp"
#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

struct seating_outcome {
  ordered_people people_order;          // order[0] is No.1
  std::vector<std::string> unit_names;  // audience: units in protocol order
  std::optional<ordered_people> unit_order;
  seating_plan plan;                    // warnings include the ordering's
  std::optional<seat_changes> changes;  // when the request gave a previous seating
};

class seating_engine {
 public:
  static result<seating_outcome> compute(const seating_request& request);
};

}  // namespace huiwu::seating
