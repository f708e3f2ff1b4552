#include "app/unit_directory.hpp"

#include <algorithm>
#include <map>

#include "base/utf8.hpp"

namespace huiwu::app {

namespace {

std::string trim(const std::string& s) {
  const auto* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

unit_refusal refuse_unit(int status, std::string code, std::string field, std::string message) {
  return {status, std::move(code), std::move(field), std::move(message)};
}

}  // namespace

std::optional<unit_refusal> check_unit(store::unit& u, const std::vector<store::unit>& all,
                                       const std::set<std::string>& account_ids) {
  u.name = trim(u.name);
  u.short_name = trim(u.short_name);
  u.parent_id = trim(u.parent_id);
  for (const auto* f : {&u.name, &u.short_name}) {
    if (!utf8::is_valid(*f)) {
      return refuse_unit(400, "invalid_field", f == &u.name ? "name" : "short_name",
                         "the text is not valid UTF-8");
    }
  }
  if (u.name.empty())
    return refuse_unit(400, "invalid_field", "name", "the unit's name is missing");
  if (*utf8::count(u.name) > max_unit_name) {
    return refuse_unit(400, "invalid_field", "name",
                       "the unit's name is longer than 64 characters");
  }
  if (*utf8::count(u.short_name) > max_unit_short) {
    return refuse_unit(400, "invalid_field", "short_name",
                       "the short name is longer than 16 characters");
  }
  std::map<std::string, const store::unit*> by_id;
  for (const auto& x : all) by_id[x.id] = &x;
  for (const auto& x : all) {
    if (x.id == u.id) continue;
    if (x.name == u.name || (!x.short_name.empty() && x.short_name == u.name)) {
      return refuse_unit(409, "conflict", "name", "another unit has this name");
    }
    if (!u.short_name.empty() && (x.short_name == u.short_name || x.name == u.short_name)) {
      return refuse_unit(409, "conflict", "short_name", "another unit has this short name");
    }
  }
  if (!u.parent_id.empty()) {
    if (u.parent_id == u.id) {
      return refuse_unit(400, "invalid_field", "parent_id", "a unit cannot be its own parent");
    }
    if (!by_id.count(u.parent_id)) {
      return refuse_unit(400, "invalid_field", "parent_id", "there is no unit with this id");
    }
    // Walk up from the parent: reaching u again would make a loop.
    std::set<std::string> seen;
    for (auto p = u.parent_id; !p.empty() && by_id.count(p) && seen.insert(p).second;
         p = by_id[p]->parent_id) {
      if (p == u.id) {
        return refuse_unit(400, "invalid_field", "parent_id",
                           "the parent is one of this unit's own sub-units");
      }
    }
  }
  if (u.contact_accounts.size() > max_unit_contacts) {
    return refuse_unit(400, "invalid_field", "contact_accounts", "more than 20 contact accounts");
  }
  std::vector<std::string> contacts;
  for (auto a : u.contact_accounts) {
    a = trim(a);
    if (a.empty()) continue;
    if (!account_ids.count(a)) {
      return refuse_unit(400, "invalid_field", "contact_accounts", "there is no account " + a);
    }
    if (std::find(contacts.begin(), contacts.end(), a) == contacts.end()) contacts.push_back(a);
  }
  u.contact_accounts = std::move(contacts);
  return std::nullopt;
}

std::optional<unit_refusal> check_unit_removal(const std::string& id,
                                               const std::vector<store::unit>& all) {
  const bool exists =
      std::any_of(all.begin(), all.end(), [&](const store::unit& x) { return x.id == id; });
  if (!exists) return refuse_unit(404, "not_found", "id", "there is no unit with this id");
  for (const auto& x : all) {
    if (x.parent_id == id) {
      return refuse_unit(409, "conflict", "id",
                         "the unit has sub-units; move or remove them first");
    }
  }
  return std::nullopt;
}

}  // namespace huiwu::app
