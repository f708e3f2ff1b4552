#include "seating/table_parties.hpp"

#include <string>

namespace huiwu::seating {

result<table_parties> table_parties::split(const std::vector<person>& people,
                                           const std::vector<std::size_t>& order,
                                           std::string_view what) {
  table_parties t;
  for (std::size_t who : order) {
    const person& p = people[who];
    if (p.pin) {
      return unprocessable("invalid_pin", "pins are not supported for " + std::string(what) +
                                              " (\"" + p.id +
                                              "\"): seats follow side, role and rank");
    }
    party* side = nullptr;
    if (p.side == party_side::host) side = &t.host;
    if (p.side == party_side::guest) side = &t.guest;
    if (side == nullptr) {
      return unprocessable("missing_side", std::string(what) +
                                               " needs \"side\": \"host\" or "
                                               "\"guest\" for every person; "
                                               "missing for \"" +
                                               p.id + "\"");
    }
    switch (p.role) {
      case party_role::member:
        side->members.push_back(who);
        break;
      case party_role::interpreter:
        side->interpreters.push_back(who);
        break;
      case party_role::note_taker:
        side->note_takers.push_back(who);
        break;
    }
  }
  if (t.host.members.empty() || t.guest.members.empty()) {
    return unprocessable("missing_principal", std::string(what) +
                                                  " needs at least one host and one guest "
                                                  "who are not interpreters or note takers");
  }
  return t;
}

}  // namespace huiwu::seating
