// The attendance lines of the minutes (出席 / 请假 / 列席) and the order of names in them.
//
// The meeting's name order is protocol rank (排序): ranked people first, rank 1 first; people
// without a rank after them, by surname strokes (按姓氏笔画为序, the seating engine's rule,
// DOMAIN.md "Ordering names"). Who goes where:
//   请假: attendance ATTENDANCE_LEAVE (any role);
//   列席: ROLE_OBSERVER, unless on leave or absent;
//   出席: everyone else who is present, late or not checked in (check-in is optional);
// people marked absent (缺席) are on no line, nor are secretaries (ROLE_SECRETARY): they are
// linked to the meeting to keep the record, they do not attend it. A name is written "name", and in
// 列席 as "name（unit）" when the unit is known, since those sitting in are there for their unit.
#pragma once

#include <string>
#include <vector>

#include "huiwu.pb.h"

namespace huiwu::exports {

struct attendance_lines {
  std::vector<std::string> attended, on_leave, sat_in;
};

attendance_lines attendance_of(const v1::Meeting& m);

// Indices into m.attendees() in the meeting's name order.
std::vector<int> name_order(const v1::Meeting& m);

}  // namespace huiwu::exports
