// The body of POST /api/seating/preview, parsed and checked (docs/seating.md has the full
// shape). Parsing is strict: an unknown field, a wrong type or an unknown value is a 400
// naming the field, because a misspelt option silently ignored would draw a wrong chart.
// Limits keep one request cheap: see the constants below.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "seating/seat_diff.hpp"
#include "seating/seating_error.hpp"
#include "seating/seating_types.hpp"

namespace huiwu::seating {

struct preview_limits {
  static constexpr std::size_t max_body_bytes = 1 << 20;
  static constexpr std::size_t max_people = 2000;
  static constexpr std::size_t max_podium_rows = 20;
  static constexpr int max_row_seats = 200;
  static constexpr int max_audience_rows = 200;
  static constexpr int max_audience_seats = 20000;  // rows x seats
  static constexpr int max_seats_per_side = 100;
  static constexpr std::size_t max_units = 2000;
  static constexpr std::size_t max_id_bytes = 128;
  static constexpr std::size_t max_name_chars = 64;
};

struct seating_request {
  layout_kind kind = layout_kind::podium;
  std::vector<int> podium_rows;   // podium: seats per row, front first
  std::vector<seat_ref> blocked;  // podium: seats left empty, seen from the seat
  table_layout table;             // meeting, talks
  audience_layout audience;       // audience
  std::vector<unit_entry> units;  // audience: the published unit list, if given
  bool units_listed = false;
  name_order unit_order = name_order::rank;

  convention conv = convention::left;
  bool convention_given = false;
  even_rule even = even_rule::a;
  name_order order = name_order::rank;
  std::vector<person> people;  // the people to seat; pins converted to seen-from-the-seat
  // People the request lists but does not seat: on leave (unless include_on_leave) and,
  // on a podium, staff (unless include_staff). Checked like the others, then set aside.
  bool include_on_leave = false;
  bool include_staff = false;
  std::vector<left_off_person> left_off;
  std::optional<std::vector<previous_seat>> previous;
};

class preview_request {
 public:
  static result<seating_request> parse(std::string_view body);
};

}  // namespace huiwu::seating
