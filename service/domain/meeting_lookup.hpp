// Finding an agenda item or an attendee of a meeting by id: the one lookup every rule
// module uses. Linear: a meeting holds tens of items and attendees, not thousands.
#pragma once

#include <string>

#include "huiwu.pb.h"

namespace huiwu::domain {

inline const v1::AgendaItem* find_item(const v1::Meeting& m, const std::string& id) {
  for (const auto& it : m.agenda()) {
    if (it.id() == id) return &it;
  }
  return nullptr;
}

inline const v1::Attendee* find_attendee(const v1::Meeting& m, const std::string& id) {
  for (const auto& a : m.attendees()) {
    if (a.id() == id) return &a;
  }
  return nullptr;
}

}  // namespace huiwu::domain
