// The engine's vocabulary: what a preview request describes and what a plan answers.
// Plain values, no behaviour; every rule lives in the planners.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace huiwu::seating {

enum class convention { left, right };  // 以左为上 / 以右为上, left and right seen from the seat
enum class even_rule { a, b };          // DOMAIN.md's even-count variants
enum class name_order { rank, stroke, stroke_full, pinyin };
enum class layout_kind { podium, meeting, talks, audience };  // 主席台 / 会见 / 会谈 / 台下
enum class party_side { none, host, guest };
enum class party_role { member, interpreter, note_taker };
enum class audience_fill { rows, columns, centre };  // 横排 / 竖排 / 左右排列
enum class door_position { side, end };  // 会谈: door behind the host side / at a table end

// A seat: row from the front (1-based), seat counted 1.. left to right as seen from the
// seat itself.
struct seat_ref {
  int row = 0;
  int seat = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads defaulted <=>
  auto operator<=>(const seat_ref&) const = default;
};

struct person {
  std::string id;
  std::string name;                    // UTF-8; may be empty only for a reserved placeholder
  std::optional<std::int64_t> rank;    // protocol rank, smaller first; used by order "rank"
  std::string surname;                 // optional: which prefix of name is the surname
  bool reserved = false;               // an unnamed reserved seat (预留), seated like a person
  std::optional<seat_ref> pin;         // podium and audience: this person sits here
  party_side side = party_side::none;  // 会见 / 会谈
  party_role role = party_role::member;
  std::string unit;       // 台下: the delegation or unit
  bool on_leave = false;  // 请假: left off the chart unless the request includes them
  bool staff = false;     // 会务 staff: left off a podium unless the request includes them
};

// Why a person of the request has no seat (they are listed, not seated).
enum class left_off_reason { on_leave, staff };
struct left_off_person {
  person who;
  left_off_reason reason = left_off_reason::on_leave;
};

struct unit_entry {
  std::string name;
  std::optional<std::int64_t> rank;
};

// 会见 / 会谈: seats per side at the table or in the front row (0 = as many as needed),
// and for 会谈 where the door is.
struct table_layout {
  int seats_per_side = 0;
  door_position door = door_position::side;
};

// 台下: one block of rows x seats. aisle_after = seats left of the centre aisle as seen
// from the seats, facing the podium (only 左右排列 uses it; -1 = half the row, rounded
// down).
struct audience_layout {
  int rows = 0;
  int seats = 0;
  int aisle_after = -1;
  audience_fill fill = audience_fill::rows;
  std::vector<seat_ref> blocked;  // seen from the seat (facing the podium)
};

// One seat of a plan. `person` indexes the request's people.
struct placed_seat {
  std::size_t person = 0;
  int row = 0;
  int seat_from_seat = 0;
  int seat_from_audience = 0;
  int seat_from_podium = 0;  // audience blocks only; 0 elsewhere
  party_side side = party_side::none;
  party_role role = party_role::member;
  bool pinned = false;
};

// One row of the chart, drawn as seen from the seats (left to right): the person index
// in each seat, or nullopt for a free seat. `blocked` seats are left empty on purpose.
struct chart_row {
  int row = 0;
  party_side side = party_side::none;
  std::vector<std::optional<std::size_t>> from_seat;
  std::vector<int> blocked;  // seat numbers as seen from the seat
};

// Where an interpreter sits and why (占位不占数: a seat, no rank), for the chart's notes:
// at the principal's right at the 会谈 table; in the nearest free seat when that side has
// no seat on the right; behind the principal (row 2) at a 会见 or as a second interpreter.
enum class interpreter_place { principal_right, nearest_free, behind };
struct interpreter_seat {
  std::size_t person = 0;
  std::size_t principal = 0;  // their side's No.1, whose words they carry
  interpreter_place place = interpreter_place::principal_right;
};

struct seating_plan {
  std::vector<placed_seat> seats;  // in the order of the ordered list
  std::vector<chart_row> rows;
  std::vector<interpreter_seat> interpreters;
  std::vector<std::string> notes;  // how the layout is oriented, for the chart legend
  std::vector<std::string> warnings;
};

}  // namespace huiwu::seating
