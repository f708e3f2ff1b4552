#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "huiwu.pb.h"

namespace huiwu::auth {

// A person who can log in (docs/security.md). Stored as JSON in hw:acct:{id} (field doc);
// the password hash lives beside it (field pw) and never leaves the store.
struct account {
  std::string id;  // login name, see domain::valid_account_id
  std::string name;
  std::string unit;
  std::string title;
  v1::Level clearance = v1::LEVEL_PUBLIC;
  bool admin = false;
  bool must_change_password = false;
  bool disabled = false;
  std::int64_t created_at_ms = 0;
};

// "public" / "LEVEL_PUBLIC" / "公开" ... -> level.
std::optional<v1::Level> parse_level(std::string_view s);
std::string_view level_name(v1::Level l);  // "LEVEL_PUBLIC"

boost::json::object to_json(const account& a, bool with_private = true);
std::optional<account> account_from_json(std::string_view text);
v1::Account to_wire(const account& a);

// Checks the fields people type (id, name, unit, title); empty when fine, else why not.
std::string check_account_fields(const account& a);
// 10..200 characters (bytes of UTF-8), not all the same character.
std::string check_new_password(std::string_view pw);

}  // namespace huiwu::auth
